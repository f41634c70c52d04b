#include "tests/support/TestHttpClient.h"

#include <QDeadlineTimer>
#include <QTcpSocket>

namespace rs::test {

namespace {
bool sameText(const QByteArray &a, const char *b)
{
    return a.compare(b, Qt::CaseInsensitive) == 0;
}

bool hasToken(const QByteArray &headerValue, const char *token)
{
    for (const QByteArray &part : headerValue.split(','))
        if (sameText(part.trimmed(), token))
            return true;
    return false;
}
} // namespace

TestHttpClient::TestHttpClient(quint16 port, const QHostAddress &host) : host_(host), port_(port) {}

TestHttpClient::~TestHttpClient() = default;

bool TestHttpClient::connectToServer()
{
    if (isConnected())
        return true;
    socket_ = std::make_unique<QTcpSocket>();
    // Without a limit, QTcpSocket reads in the background whenever an event loop runs (QTRY_*),
    // and a test could not play a client that stops reading.
    socket_->setReadBufferSize(64 * 1024);
    buffer_.clear();
    peerClosed_ = false;
    socket_->connectToHost(host_, port_);
    return socket_->waitForConnected(timeoutMs_);
}

bool TestHttpClient::isConnected() const
{
    return socket_ && !peerClosed_ && socket_->state() == QAbstractSocket::ConnectedState;
}

void TestHttpClient::disconnect()
{
    if (socket_)
        socket_->abort();
    socket_.reset();
    buffer_.clear();
    peerClosed_ = false;
}

quint16 TestHttpClient::localPort() const
{
    return socket_ ? socket_->localPort() : 0;
}

bool TestHttpClient::sendRaw(const QByteArray &bytes)
{
    if (!connectToServer())
        return false;
    qint64 done = 0;
    while (done < bytes.size()) {
        const qint64 n = socket_->write(bytes.constData() + done, bytes.size() - done);
        if (n < 0)
            return false;
        done += n;
    }
    QDeadlineTimer deadline(timeoutMs_);
    while (socket_->bytesToWrite() > 0) {
        if (!socket_->waitForBytesWritten(static_cast<int>(deadline.remainingTime())))
            return socket_->bytesToWrite() == 0;
    }
    return true;
}

void TestHttpClient::noteClosed()
{
    peerClosed_ = true;
}

bool TestHttpClient::fill(int timeoutMs)
{
    if (!socket_ || peerClosed_)
        return false;
    if (socket_->bytesAvailable() == 0) {
        if (!socket_->waitForReadyRead(timeoutMs)) {
            // waitForReadyRead() also returns false when the peer closed; tell the two apart.
            if (socket_->state() != QAbstractSocket::ConnectedState ||
                socket_->error() == QAbstractSocket::RemoteHostClosedError) {
                buffer_ += socket_->readAll();
                noteClosed();
            }
            return socket_->bytesAvailable() > 0;
        }
    }
    buffer_ += socket_->readAll();
    return true;
}

bool TestHttpClient::waitForClose(int ms)
{
    QDeadlineTimer deadline(ms);
    while (!peerClosed_) {
        if (!socket_)
            return true;
        const qint64 left = deadline.remainingTime();
        if (left == 0)
            return false;
        fill(static_cast<int>(left));
    }
    return true;
}

QByteArray TestHttpClient::readRaw(int ms)
{
    if (buffer_.isEmpty())
        fill(ms);
    return std::exchange(buffer_, QByteArray());
}

TestResponse TestHttpClient::readResponse(bool toHead)
{
    TestResponse r;
    QDeadlineTimer deadline(timeoutMs_);
    auto more = [&]() -> bool {
        const qint64 left = deadline.remainingTime();
        if (left == 0 || peerClosed_) {
            r.timedOut = !peerClosed_;
            return false;
        }
        fill(static_cast<int>(left));
        return true;
    };
    auto fail = [&](const QString &why) {
        r.error = why;
        r.closedByPeer = peerClosed_;
        return r;
    };
    if (!socket_)
        return fail("not connected");

    // Head.
    qsizetype headEnd;
    while ((headEnd = buffer_.indexOf("\r\n\r\n")) < 0) {
        if (!more())
            return fail(buffer_.isEmpty()
                            ? (peerClosed_ ? "connection closed before a response" : "timed out")
                            : "incomplete response head: " + QString::fromLatin1(buffer_.left(200)));
    }
    const QList<QByteArray> lines = buffer_.left(headEnd).split('\n');
    const QByteArray statusLine = lines.first().trimmed();
    const qsizetype sp1 = statusLine.indexOf(' ');
    if (sp1 < 0 || !statusLine.startsWith("HTTP/"))
        return fail("bad status line: " + QString::fromLatin1(statusLine));
    r.version = statusLine.left(sp1);
    const qsizetype sp2 = statusLine.indexOf(' ', sp1 + 1);
    r.status = statusLine.mid(sp1 + 1, sp2 < 0 ? -1 : sp2 - sp1 - 1).toInt();
    r.reason = sp2 < 0 ? QByteArray() : statusLine.mid(sp2 + 1);
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines[i].endsWith('\r') ? lines[i].chopped(1) : lines[i];
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            return fail("bad header line: " + QString::fromLatin1(line));
        r.headers.add(line.left(colon), line.mid(colon + 1).trimmed());
    }
    buffer_.remove(0, headEnd + 4);
    r.rawBytes = headEnd + 4;

    // Body.
    const bool noBody = toHead || r.status < 200 || r.status == 204 || r.status == 304;
    const bool closes = hasToken(r.header("Connection"), "close");
    if (noBody) {
        // nothing
    } else if (hasToken(r.header("Transfer-Encoding"), "chunked")) {
        r.chunked = true;
        for (;;) {
            qsizetype lineEnd;
            while ((lineEnd = buffer_.indexOf("\r\n")) < 0)
                if (!more())
                    return fail("incomplete chunk size line");
            bool okSize = false;
            const QByteArray sizeText = buffer_.left(lineEnd).split(';').first().trimmed();
            const qint64 size = sizeText.toLongLong(&okSize, 16);
            if (!okSize)
                return fail("bad chunk size: " + QString::fromLatin1(sizeText));
            if (size == 0) {
                // Trailers end with an empty line.
                qsizetype end;
                while ((end = buffer_.indexOf("\r\n\r\n", lineEnd)) < 0)
                    if (!more())
                        return fail("incomplete last chunk");
                r.rawBytes += end + 4;
                buffer_.remove(0, end + 4);
                break;
            }
            while (buffer_.size() < lineEnd + 2 + size + 2)
                if (!more())
                    return fail("incomplete chunk");
            const QByteArray chunk = buffer_.mid(lineEnd + 2, size);
            if (buffer_.mid(lineEnd + 2 + size, 2) != "\r\n")
                return fail("chunk not followed by CRLF");
            r.chunks.append(chunk);
            r.body += chunk;
            r.rawBytes += lineEnd + 2 + size + 2;
            buffer_.remove(0, lineEnd + 2 + size + 2);
        }
    } else if (r.headers.contains("Content-Length")) {
        const qint64 length = r.header("Content-Length").toLongLong();
        while (buffer_.size() < length)
            if (!more())
                return fail(QString("body incomplete: %1 of %2 bytes").arg(buffer_.size()).arg(length));
        r.body = buffer_.left(length);
        buffer_.remove(0, length);
        r.rawBytes += length;
    } else {
        // Delimited by the end of the connection.
        while (!peerClosed_)
            if (!more())
                return fail("close-delimited body: the connection did not close");
        r.body = std::exchange(buffer_, QByteArray());
        r.rawBytes += r.body.size();
    }
    // A response that announces the close is followed by it; wait so the flag is reliable.
    if (closes && r.status >= 200)
        waitForClose(static_cast<int>(qMax<qint64>(deadline.remainingTime(), 0)));
    r.complete = true;
    r.closedByPeer = peerClosed_;
    return r;
}

QList<TestResponse> TestHttpClient::readResponses(int count, bool toHead)
{
    QList<TestResponse> out;
    for (int i = 0; i < count; ++i) {
        out.append(readResponse(toHead));
        if (!out.last().complete)
            break;
    }
    return out;
}

QByteArray TestHttpClient::buildRequest(const QByteArray &method, const QByteArray &target,
                                        const QByteArray &body, const TestHeaders &headers,
                                        const QByteArray &version) const
{
    QByteArray out = method + ' ' + target + ' ' + version + "\r\n";
    if (!headers.contains("Host"))
        out += "Host: " + host_.toString().toLatin1() + ':' + QByteArray::number(port_) + "\r\n";
    for (const auto &[name, value] : headers.fields())
        out += name + ": " + value + "\r\n";
    const bool bodyMethod = method == "POST" || method == "PUT" || method == "PATCH";
    if (!headers.contains("Content-Length") && !headers.contains("Transfer-Encoding") &&
        (!body.isEmpty() || bodyMethod))
        out += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    out += "\r\n";
    out += body;
    return out;
}

QByteArray TestHttpClient::chunkedBody(const QList<QByteArray> &pieces)
{
    QByteArray out;
    for (const QByteArray &p : pieces)
        if (!p.isEmpty())
            out += QByteArray::number(p.size(), 16) + "\r\n" + p + "\r\n";
    out += "0\r\n\r\n";
    return out;
}

TestResponse TestHttpClient::request(const QByteArray &method, const QByteArray &target,
                                     const QByteArray &body, const TestHeaders &headers,
                                     const QByteArray &version)
{
    if (!sendRaw(buildRequest(method, target, body, headers, version))) {
        TestResponse r;
        r.error = "could not send the request";
        r.closedByPeer = peerClosed_;
        return r;
    }
    return readResponse(method == "HEAD");
}

TestResponse TestHttpClient::get(const QByteArray &target, const TestHeaders &headers)
{
    return request("GET", target, {}, headers);
}

TestResponse TestHttpClient::head(const QByteArray &target, const TestHeaders &headers)
{
    return request("HEAD", target, {}, headers);
}

TestResponse TestHttpClient::post(const QByteArray &target, const QByteArray &body,
                                  const TestHeaders &headers)
{
    return request("POST", target, body, headers);
}

} // namespace rs::test
