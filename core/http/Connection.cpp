#include "core/http/Connection.h"

#include "core/fiber/InterpreterLock.h"

#include "core/http/ResponseHead.h"
#include "core/http/StatusText.h"
#include "core/http/Worker.h"
#include "core/trace/EventBus.h"
#include "core/trace/ExecutionContext.h"

#include <algorithm>
#include <arpa/inet.h>
#include <cerrno>
#include <charconv>
#include <netinet/in.h>
#include <poll.h>
#include <string_view>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace rs::http {

namespace {
// Output queued beyond this pauses parsing (and reading) until the client has taken some.
constexpr qint64 kHighWater = 256 * 1024;
// After a final error response, how long to swallow what the client is still sending, so that
// closing does not reset the connection before the client has read the response.
constexpr qint64 kLingerMs = 2000;

std::string_view view(const QByteArray &b)
{
    return {b.constData(), static_cast<std::size_t>(b.size())};
}

// "Name: value" lines joined by \n, as request.begin and request.end carry them.
QByteArray headerText(const HeaderList &headers)
{
    QByteArray text;
    for (const auto &[name, value] : headers.fields()) {
        if (!text.isEmpty())
            text += '\n';
        text += name + ": " + value;
    }
    return text;
}

// The status line and header block as written, CRLFs as \n and without the blank line.
QByteArray tracedHead(const HttpResponse &response, const ResponseHead::Framing &framing)
{
    if (!rs::trace::tracing())
        return {};
    QByteArray head;
    ResponseHead::append(head, response, framing);
    head.replace("\r\n", "\n");
    while (head.endsWith('\n'))
        head.chop(1);
    return head;
}

quint16 portOf(const sockaddr_storage &a)
{
    if (a.ss_family == AF_INET)
        return ntohs(reinterpret_cast<const sockaddr_in &>(a).sin_port);
    if (a.ss_family == AF_INET6)
        return ntohs(reinterpret_cast<const sockaddr_in6 &>(a).sin6_port);
    return 0;
}

QByteArray ms(qint64 v)
{
    return QByteArray::number(v) + " ms";
}
} // namespace

Connection::Connection(Worker &worker, int fd)
    : worker_(worker), fd_(fd), parser_(worker.config().maxHeaderBytes, worker.config().maxBodyBytes)
{
    HttpRequest prototype;
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    if (::getpeername(fd, reinterpret_cast<sockaddr *>(&addr), &len) == 0) {
        prototype.remoteAddress.setAddress(reinterpret_cast<const sockaddr *>(&addr));
        prototype.remotePort = portOf(addr);
    }
    len = sizeof addr;
    if (::getsockname(fd, reinterpret_cast<sockaddr *>(&addr), &len) == 0) {
        prototype.localAddress.setAddress(reinterpret_cast<const sockaddr *>(&addr));
        prototype.localPort = portOf(addr);
    }
    parser_.setPrototype(prototype);
    idleSinceMs_ = lastInputMs_ = writeProgressMs_ = worker_.nowMs();
    interest_ = EPOLLIN;
    worker_.setInterest(*this, interest_, true);
}

Connection::~Connection()
{
    if (fd_ >= 0)
        ::close(fd_);
}

void Connection::onReadable()
{
    if (phase_ == Phase::Closed)
        return;
    if (busy_) {
        // A handler runs a nested event loop: stop watching until it returns.
        updateInterest();
        return;
    }
    if (!(interest_ & EPOLLIN)) {
        abort(); // hang-up or error while not reading
        return;
    }
    char *buffer = worker_.readBuffer();
    const ssize_t n = ::read(fd_, buffer, Worker::kReadBufferSize);
    if (n < 0) {
        if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
            abort();
        return;
    }
    if (phase_ == Phase::Lingering) {
        if (n == 0)
            close();
        return;
    }
    if (n == 0) {
        peerClosed_ = true;
        if (out_.empty()) {
            close();
        } else {
            phase_ = Phase::Closing; // answer what was asked, then close
            updateInterest();
        }
        return;
    }
    lastInputMs_ = worker_.nowMs();
    consume(buffer, n);
    afterOutput();
}

void Connection::onWritable()
{
    if (phase_ == Phase::Closed)
        return;
    if (busy_) {
        if (inFiber_) { // earlier pipelined responses may still be leaving while the fiber waits
            flush();
            updateInterest();
        }
        return;
    }
    afterOutput();
}

bool Connection::canParse() const
{
    return phase_ == Phase::Open && !busy_ && out_.queued() <= kHighWater;
}

void Connection::consume(const char *data, qsizetype size)
{
    qsizetype used = 0;
    while (used < size && canParse()) {
        const qsizetype n = parseSome(data + used, size - used);
        used += n;
        if (!parser_.requestComplete()) {
            if (n == 0)
                break; // no progress; the rest waits in pending_
            continue;
        }
        if (used < size) {
            // Pipelined requests follow. Keep them before the handler runs: a handler that spins an
            // event loop lets the worker reuse its read buffer.
            pending_.append(data + used, size - used);
            handleRequest();
            consumePending();
            return;
        }
        handleRequest();
    }
    if (used < size && phase_ == Phase::Open)
        pending_.append(data + used, size - used);
}

void Connection::consumePending()
{
    while (pendingOffset_ < pending_.size() && canParse()) {
        const qsizetype n =
            parseSome(pending_.constData() + pendingOffset_, pending_.size() - pendingOffset_);
        pendingOffset_ += n;
        if (parser_.requestComplete())
            handleRequest();
        else if (n == 0)
            break;
    }
    if (pendingOffset_ >= pending_.size() || phase_ != Phase::Open) {
        if (pending_.capacity() > Worker::kReadBufferSize)
            pending_ = QByteArray();
        else
            pending_.resize(0);
        pendingOffset_ = 0;
    }
}

qsizetype Connection::parseSome(const char *data, qsizetype size)
{
    const bool wasIdle = !parser_.inMessage();
    const qsizetype n = parser_.execute(data, size);
    if (wasIdle && parser_.inMessage()) {
        messageStartMs_ = worker_.nowMs();
        servedRequest_ = true;
    }
    if (parser_.takeContinueRequest())
        out_.append("HTTP/1.1 100 Continue\r\n\r\n", 25);
    switch (parser_.failure()) {
    case RequestParser::Failure::None: return n;
    case RequestParser::Failure::BadRequest:
        rejectRequest(400, "bad_request", parser_.failureMessage());
        break;
    case RequestParser::Failure::HeaderTooLarge:
        rejectRequest(431, "header_too_large", parser_.failureMessage());
        break;
    case RequestParser::Failure::BodyTooLarge:
        rejectRequest(413, "body_too_large", parser_.failureMessage());
        break;
    }
    return size; // the rest of the input is not read
}

void Connection::handleRequest()
{
    HttpRequest &request = parser_.request();
    ServerState &state = worker_.state();
    state.requestsHandled.fetch_add(1, std::memory_order_relaxed);
    const std::uint64_t id = request.id;
    const bool head = parser_.isHead();
    const bool http10 = request.httpMinor == 0;
    bool keepAlive = request.keepAlive;

    rs::trace::RequestIdScope scope(id);
    std::int64_t startUs = -1; // -1: not traced (0 is a valid time)
    if (rs::trace::tracing()) {
        startUs = rs::trace::EventBus::nowUs();
        rs::trace::Event e(rs::trace::EventKind::RequestBegin);
        e.setText(0, view(request.method));
        e.setText(1, view(request.path.toUtf8()));
        e.setText(2, view(request.rawQuery));
        e.setText(3, view(headerText(request.headers)));
        rs::trace::emitEvent(e);
    }

    busy_ = true;
    if (worker_.coroutines()) {
        inFiber_ = true;
        worker_.spawnRequest([this, id, startUs, head, http10, keepAlive] {
            rs::trace::RequestIdScope fiberScope(id);
            respond(id, startUs, head, http10, keepAlive);
            inFiber_ = false;
            // Parsing paused while the handler ran: write the response, take up pipelined requests.
            if (phase_ != Phase::Closed)
                afterOutput();
        });
        return;
    }
    respond(id, startUs, head, http10, keepAlive);
}

void Connection::respond(std::uint64_t id, std::int64_t startUs, bool head, bool http10, bool keepAlive)
{
    // The app (and a streamed body, which runs below) under the GIL when the plain-dict demo mode
    // shares one Local slot between threads; a no-op otherwise.
    fiber::InterpreterLock::Hold interpreter;
    HttpRequest &request = parser_.request();
    ServerState &state = worker_.state();
    HttpResponse response;
    // The framework turns its errors into responses; this only keeps a stray exception from
    // unwinding through the event loop.
    bool threw = true;
    try {
        response = state.handler(request);
        threw = false;
    } catch (const std::exception &ex) {
        emitError(id, "handler_exception", QByteArray("the handler threw: ") + ex.what());
    } catch (...) {
        emitError(id, "handler_exception", "the handler threw an exception that is not a std::exception");
    }
    if (threw) {
        response = HttpResponse();
        response.status = 500;
        response.headers.add("Content-Type", "text/html; charset=utf-8");
        response.body = StatusText::errorPage(500);
    }
    if (response.onFinished) {
        // The app may still read this request until onFinished (a stream_with_context body keeps
        // its request context): keep it alive, at the address the handler saw, until then.
        std::shared_ptr<HttpRequest> kept = parser_.detachRequest();
        response.onFinished = [finished = std::move(response.onFinished),
                               kept](bool completed, qint64 bytes) { finished(completed, bytes); };
    }
    parser_.nextRequest();
    worker_.refreshNow();

    if (phase_ == Phase::Closed) {
        // Closed under the handler (a nested event loop saw the peer go away).
        busy_ = false;
        if (response.onFinished)
            response.onFinished(false, 0);
        return;
    }
    if (response.closeConnection || ResponseHead::asksToClose(response))
        keepAlive = false;
    const bool bodyAllowed = !(response.status < 200 || response.status == 204 || response.status == 304);
    if (response.bodyGenerator && bodyAllowed && !head)
        streamResponse(response, id, startUs, http10, keepAlive);
    else
        queueResponse(response, id, startUs, head, http10, keepAlive);
    busy_ = false;
    if (out_.queued() > kHighWater)
        flush();
}

void Connection::queueResponse(HttpResponse &response, std::uint64_t id, std::int64_t startUs, bool head,
                               bool http10, bool keepAlive)
{
    const bool bodyAllowed = !(response.status < 200 || response.status == 204 || response.status == 304);
    ResponseHead::Framing framing;
    if (bodyAllowed) {
        if (!response.bodyGenerator)
            framing.contentLength = response.body.size();
        else // HEAD of a streamed body: the headers a GET would get, minus the body
            framing.chunked = !http10 && !response.headers.contains("Content-Length");
    }
    framing.close = !keepAlive;
    framing.http10 = http10;

    const qint64 start = out_.appended();
    ResponseHead::append(out_.tail(), response, framing);
    const qint64 bodyStart = out_.appended();
    const bool sendBody = bodyAllowed && !head && !response.body.isEmpty();
    if (sendBody)
        out_.append(response.body);
    if (response.onFinished || rs::trace::tracing()) {
        completions_.push_back(Completion{.requestId = id,
                                          .status = response.status,
                                          .start = start,
                                          .bodyStart = bodyStart,
                                          .end = out_.appended(),
                                          .bodyBytes = sendBody ? response.body.size() : 0,
                                          .streamed = false,
                                          .startUs = startUs,
                                          .onFinished = std::move(response.onFinished),
                                          .tracedHead = tracedHead(response, framing)});
    }
    if (!keepAlive)
        phase_ = Phase::Closing;
}

void Connection::streamResponse(HttpResponse &response, std::uint64_t id, std::int64_t startUs, bool http10,
                                bool keepAlive)
{
    // A handler that knows the length sends the body as is; otherwise chunked on 1.1, and on 1.0
    // the body ends with the connection.
    const bool knownLength = response.headers.contains("Content-Length");
    const bool chunked = !knownLength && !http10;
    if (!chunked && !knownLength)
        keepAlive = false;
    ResponseHead::Framing framing;
    framing.chunked = chunked;
    framing.close = !keepAlive;
    framing.http10 = http10;

    const qint64 start = out_.appended();
    ResponseHead::append(out_.tail(), response, framing);
    const qint64 bodyStart = out_.appended();
    qint64 bodyBytes = 0;
    bool ok = flushBlocking();
    QByteArray chunk;
    while (ok) {
        chunk.clear();
        bool more = false;
        try {
            more = response.bodyGenerator(chunk);
        } catch (const std::exception &ex) {
            emitError(id, "stream_error", QByteArray("the body generator threw: ") + ex.what());
            ok = false;
        } catch (...) {
            emitError(id, "stream_error", "the body generator threw an exception");
            ok = false;
        }
        if (!ok || !more)
            break;
        if (chunk.isEmpty())
            continue; // an empty chunk would end a chunked body
        if (chunked) {
            char line[24];
            auto res = std::to_chars(line, line + 16, chunk.size(), 16);
            *res.ptr++ = '\r';
            *res.ptr++ = '\n';
            out_.append(line, res.ptr - line);
        }
        out_.append(chunk);
        if (chunked)
            out_.append("\r\n", 2);
        ok = flushBlocking();
        if (ok)
            bodyBytes += chunk.size();
    }
    if (ok && chunked) {
        out_.append("0\r\n\r\n", 5);
        ok = flushBlocking();
    }
    worker_.refreshNow();
    const Completion completion{.requestId = id,
                                .status = response.status,
                                .start = start,
                                .bodyStart = bodyStart,
                                .end = out_.appended(),
                                .bodyBytes = bodyBytes,
                                .streamed = true,
                                .startUs = startUs,
                                .onFinished = std::move(response.onFinished),
                                .tracedHead = tracedHead(response, framing)};
    if (!ok)
        abort();
    else if (!keepAlive)
        phase_ = Phase::Closing;
    finish(completion, ok);
}

void Connection::rejectRequest(int status, const char *type, const QByteArray &message)
{
    emitError(parser_.inMessage() ? parser_.request().id : 0, type, message);
    HttpResponse response;
    response.status = status;
    response.headers.add("Content-Type", "text/html; charset=utf-8");
    response.body = StatusText::errorPage(status);
    ResponseHead::Framing framing;
    framing.contentLength = response.body.size();
    framing.close = true;
    ResponseHead::append(out_.tail(), response, framing);
    out_.append(response.body);
    phase_ = Phase::Closing;
}

void Connection::flush()
{
    if (phase_ == Phase::Closed || out_.empty())
        return;
    const qint64 before = out_.written();
    if (!out_.writeTo(fd_)) {
        abort();
        return;
    }
    if (out_.written() != before || !writeBlocked_)
        writeProgressMs_ = worker_.nowMs();
    writeBlocked_ = !out_.empty();
    if (!completions_.empty())
        completeWritten();
    if (out_.empty())
        idleSinceMs_ = worker_.nowMs();
}

bool Connection::flushBlocking()
{
    const int timeoutMs = worker_.config().writeTimeoutMs;
    for (;;) {
        flush();
        if (phase_ == Phase::Closed)
            return false;
        if (out_.empty())
            return true;
        // A streamed body is written synchronously, as a WSGI worker does: wait for the client here.
        pollfd p{fd_, POLLOUT, 0};
        const int r = ::poll(&p, 1, timeoutMs);
        if (r == 0) {
            emitError(0, "write_timeout",
                      "the client did not read for " + ms(timeoutMs) + "; connection closed");
            return false;
        }
        if (r < 0 && errno != EINTR)
            return false;
    }
}

void Connection::afterOutput()
{
    for (;;) {
        flush();
        if (phase_ == Phase::Closed)
            return;
        // Requests held back while the output was full: take them up again once it has drained,
        // else a client that reads fast would wait here with nothing left to wake the connection.
        if (phase_ != Phase::Open || busy_ || pendingOffset_ >= pending_.size() || out_.queued() > kHighWater)
            break;
        const qsizetype offset = pendingOffset_;
        const qint64 appended = out_.appended();
        consumePending();
        if (pendingOffset_ == offset && out_.appended() == appended)
            break; // no progress
    }
    if (phase_ == Phase::Closing && out_.empty()) {
        if (peerClosed_)
            close();
        else
            startLinger();
        return;
    }
    updateInterest();
}

void Connection::completeWritten()
{
    const qint64 written = out_.written();
    while (!completions_.empty() && completions_.front().end <= written) {
        const Completion completion = std::move(completions_.front());
        completions_.pop_front();
        finish(completion, true);
    }
}

void Connection::finish(const Completion &c, bool completed)
{
    rs::trace::RequestIdScope scope(c.requestId);
    fiber::InterpreterLock::Hold interpreter; // onFinished may pop a context
    const qint64 written = out_.written();
    const qint64 bytes =
        completed ? c.end - c.start : std::clamp(written - c.start, qint64(0), c.end - c.start);
    const qint64 body =
        (completed || c.streamed) ? c.bodyBytes : std::clamp(written - c.bodyStart, qint64(0), c.bodyBytes);
    if (c.onFinished) {
        try {
            c.onFinished(completed, body);
        } catch (...) {
            emitError(c.requestId, "handler_exception", "onFinished threw an exception");
        }
    }
    if (rs::trace::tracing()) {
        rs::trace::Event e(rs::trace::EventKind::RequestEnd);
        e.setInt(0, c.status);
        e.setInt(1, bytes);
        e.setInt(2, c.startUs >= 0 ? rs::trace::EventBus::nowUs() - c.startUs : 0);
        e.setText(0, view(c.tracedHead));
        rs::trace::emitEvent(e);
    }
}

void Connection::updateInterest()
{
    if (phase_ == Phase::Closed)
        return;
    std::uint32_t want = 0;
    const bool reading = phase_ == Phase::Open && !busy_ && !peerClosed_ &&
                         pendingOffset_ >= pending_.size() && out_.queued() <= kHighWater;
    if (reading || phase_ == Phase::Lingering)
        want |= EPOLLIN;
    if (!out_.empty())
        want |= EPOLLOUT;
    if (want != interest_) {
        interest_ = want;
        worker_.setInterest(*this, want, false);
    }
}

void Connection::startLinger()
{
    ::shutdown(fd_, SHUT_WR);
    phase_ = Phase::Lingering;
    lingerUntilMs_ = worker_.nowMs() + kLingerMs;
    updateInterest();
}

void Connection::checkTimeouts(qint64 nowMs)
{
    if (busy_ || phase_ == Phase::Closed)
        return;
    const ServerConfig &config = worker_.config();
    if (!out_.empty()) {
        if (nowMs - writeProgressMs_ >= config.writeTimeoutMs) {
            emitError(0, "write_timeout",
                      "the client did not read for " + ms(config.writeTimeoutMs) + "; connection closed");
            abort();
        }
        return;
    }
    if (phase_ == Phase::Lingering) {
        if (nowMs >= lingerUntilMs_)
            close();
        return;
    }
    if (phase_ != Phase::Open)
        return;
    if (parser_.inMessage()) {
        if (!parser_.headersComplete() && nowMs - messageStartMs_ >= config.headerTimeoutMs) {
            rejectRequest(408, "timeout",
                          "request headers not complete within " + ms(config.headerTimeoutMs) +
                              "; answered 408");
            afterOutput();
        } else if (parser_.headersComplete() && nowMs - lastInputMs_ >= config.headerTimeoutMs) {
            rejectRequest(408, "timeout",
                          "request body stalled for " + ms(config.headerTimeoutMs) + "; answered 408");
            afterOutput();
        }
        return;
    }
    const int limit = servedRequest_ ? config.keepAliveTimeoutMs : config.headerTimeoutMs;
    if (nowMs - idleSinceMs_ >= limit) {
        // Closing an idle keep-alive connection is routine, not an error worth showing a user.
        if (!servedRequest_)
            emitError(0, "idle_timeout", "no request within " + ms(limit) + "; connection closed");
        close();
    }
}

void Connection::abort()
{
    close();
}

void Connection::close()
{
    if (phase_ == Phase::Closed)
        return;
    phase_ = Phase::Closed;
    worker_.stopWatching(fd_);
    ::close(fd_);
    fd_ = -1;
    while (!completions_.empty()) {
        const Completion completion = std::move(completions_.front());
        completions_.pop_front();
        finish(completion, false);
    }
    worker_.release(*this);
}

void Connection::emitError(std::uint64_t requestId, const char *type, const QByteArray &message)
{
    if (!rs::trace::tracing())
        return;
    rs::trace::RequestIdScope scope(requestId);
    rs::trace::Event e(rs::trace::EventKind::Error);
    e.setText(0, "http");
    e.setText(1, type);
    e.setText(2, view(message));
    rs::trace::emitEvent(e);
}

} // namespace rs::http
