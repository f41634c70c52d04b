#include "core/http/RequestParser.h"

#include <QUrl>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <utility>

namespace rs::http {

namespace {
RequestParser *self(http_parser *p)
{
    return static_cast<RequestParser *>(p->data);
}

bool equalsIgnoringCase(const QByteArray &a, const char *b)
{
    const auto n = static_cast<qsizetype>(std::strlen(b));
    return a.size() == n && qstrnicmp(a.constData(), b, n) == 0;
}
} // namespace

RequestParser::RequestParser(qint64 maxHeaderBytes, qint64 maxBodyBytes)
    : maxHeaderBytes_(maxHeaderBytes), maxBodyBytes_(maxBodyBytes)
{
    http_parser_init(&parser_, HTTP_REQUEST);
    parser_.data = this;
}

std::uint64_t RequestParser::nextRequestId()
{
    static std::atomic<std::uint64_t> next{1};
    return next.fetch_add(1, std::memory_order_relaxed);
}

const http_parser_settings &RequestParser::settings()
{
    static const http_parser_settings s = [] {
        http_parser_settings v;
        http_parser_settings_init(&v);
        v.on_message_begin = &RequestParser::onMessageBegin;
        v.on_url = &RequestParser::onUrl;
        v.on_header_field = &RequestParser::onHeaderField;
        v.on_header_value = &RequestParser::onHeaderValue;
        v.on_headers_complete = &RequestParser::onHeadersComplete;
        v.on_body = &RequestParser::onBody;
        v.on_message_complete = &RequestParser::onMessageComplete;
        return v;
    }();
    return s;
}

void RequestParser::setPrototype(const HttpRequest &prototype)
{
    prototype_ = prototype;
    *request_ = prototype_;
}

qsizetype RequestParser::execute(const char *data, qsizetype size)
{
    if (failure_ != Failure::None || complete_)
        return 0;
    base_ = data;
    const size_t n = http_parser_execute(&parser_, &settings(), data, static_cast<size_t>(size));
    consumedBefore_ += static_cast<qint64>(n);
    const auto err = HTTP_PARSER_ERRNO(&parser_);
    if (err == HPE_PAUSED) {
        http_parser_pause(&parser_, 0);
    } else if (err != HPE_OK && failure_ == Failure::None) {
        // Our callbacks set failure_ themselves; anything else is the parser rejecting the syntax.
        if (err == HPE_HEADER_OVERFLOW)
            fail(Failure::HeaderTooLarge, "request line and headers exceed the parser's limit");
        else
            fail(Failure::BadRequest, QByteArray("malformed request: ") + http_errno_description(err));
    }
    return static_cast<qsizetype>(n);
}

void RequestParser::nextRequest()
{
    // Copy-assigning keeps the header vector's capacity for the next request.
    *request_ = prototype_;
    fieldName_ = QByteArray();
    fieldValue_ = QByteArray();
    inValue_ = false;
    inMessage_ = false;
    urlSeen_ = false;
    headersDone_ = false;
    complete_ = false;
    continueWanted_ = false;
}

std::unique_ptr<HttpRequest> RequestParser::detachRequest()
{
    std::unique_ptr<HttpRequest> done = std::move(request_);
    request_ = std::make_unique<HttpRequest>(prototype_);
    return done;
}

bool RequestParser::takeContinueRequest()
{
    return std::exchange(continueWanted_, false);
}

void RequestParser::fail(Failure failure, QByteArray message)
{
    failure_ = failure;
    failureMessage_ = std::move(message);
}

bool RequestParser::withinHeaderLimit(const char *end)
{
    if (streamPos(end) - messageStart_ <= maxHeaderBytes_)
        return true;
    fail(Failure::HeaderTooLarge,
         "request line and headers exceed " + QByteArray::number(maxHeaderBytes_) + " bytes");
    return false;
}

int RequestParser::onMessageBegin(http_parser *p)
{
    RequestParser *d = self(p);
    d->inMessage_ = true;
    d->request_->id = nextRequestId();
    return 0;
}

int RequestParser::onUrl(http_parser *p, const char *at, size_t length)
{
    RequestParser *d = self(p);
    if (!d->urlSeen_) {
        d->urlSeen_ = true;
        const char *method = http_method_str(static_cast<http_method>(p->method));
        // http_method_str returns string literals, so the request can point at them.
        d->request_->method = QByteArray::fromRawData(method, static_cast<qsizetype>(std::strlen(method)));
        d->messageStart_ = d->streamPos(at) - d->request_->method.size() - 1;
    }
    d->request_->target.append(at, static_cast<qsizetype>(length));
    return d->withinHeaderLimit(at + length) ? 0 : 1;
}

void RequestParser::commitField()
{
    if (!fieldName_.isNull())
        request_->headers.add(std::move(fieldName_),
                              fieldValue_.isNull() ? QByteArray("") : std::move(fieldValue_));
    fieldName_ = QByteArray();
    fieldValue_ = QByteArray();
}

int RequestParser::onHeaderField(http_parser *p, const char *at, size_t length)
{
    RequestParser *d = self(p);
    if (d->inValue_) {
        d->commitField();
        d->inValue_ = false;
    }
    d->fieldName_.append(at, static_cast<qsizetype>(length));
    return d->withinHeaderLimit(at + length) ? 0 : 1;
}

int RequestParser::onHeaderValue(http_parser *p, const char *at, size_t length)
{
    RequestParser *d = self(p);
    d->inValue_ = true;
    d->fieldValue_.append(at, static_cast<qsizetype>(length));
    return d->withinHeaderLimit(at + length) ? 0 : 1;
}

void RequestParser::splitTarget()
{
    HttpRequest &r = *request_;
    http_parser_url u;
    http_parser_url_init(&u);
    const bool connect = parser_.method == HTTP_CONNECT;
    if (http_parser_parse_url(r.target.constData(), static_cast<size_t>(r.target.size()), connect, &u) == 0) {
        if (u.field_set & (1 << UF_PATH)) {
            const auto &f = u.field_data[UF_PATH];
            r.rawPath = (f.off == 0 && f.len == r.target.size()) ? r.target : r.target.mid(f.off, f.len);
        } else {
            r.rawPath = connect ? r.target : QByteArray("/");
        }
        if (u.field_set & (1 << UF_QUERY)) {
            const auto &f = u.field_data[UF_QUERY];
            r.rawQuery = r.target.mid(f.off, f.len);
        }
    } else {
        // "OPTIONS *" and other forms the URL splitter does not take: the target is the path.
        r.rawPath = r.target;
    }
    if (r.rawPath == lastRawPath_) {
        r.path = lastPath_;
        return;
    }
    r.path = r.rawPath.contains('%') ? QUrl::fromPercentEncoding(r.rawPath) : QString::fromUtf8(r.rawPath);
    lastRawPath_ = r.rawPath;
    lastPath_ = r.path;
}

int RequestParser::onHeadersComplete(http_parser *p)
{
    RequestParser *d = self(p);
    d->commitField();
    d->headersDone_ = true;
    HttpRequest &r = *d->request_;
    r.httpMajor = p->http_major;
    r.httpMinor = p->http_minor;
    if (p->http_major != 1) {
        d->fail(Failure::BadRequest, "unsupported HTTP version " + QByteArray::number(p->http_major) + '.' +
                                         QByteArray::number(p->http_minor));
        return -1;
    }
    // An upgraded connection would speak another protocol next; this server does not follow.
    r.keepAlive = http_should_keep_alive(p) != 0 && !p->upgrade;
    d->splitTarget();

    const bool hasLength = (p->flags & F_CONTENTLENGTH) != 0;
    const bool chunked = (p->flags & F_CHUNKED) != 0;
    if (hasLength && p->content_length > static_cast<std::uint64_t>(d->maxBodyBytes_)) {
        d->fail(Failure::BodyTooLarge, "request body of " + QByteArray::number(p->content_length) +
                                           " bytes (Content-Length) exceeds " +
                                           QByteArray::number(d->maxBodyBytes_) + " bytes");
        return -1;
    }
    if (hasLength && p->content_length > 0)
        r.body.reserve(static_cast<qsizetype>(std::min<std::uint64_t>(p->content_length, 1 << 20)));
    if (p->http_minor >= 1 && (chunked || (hasLength && p->content_length > 0))) {
        const QByteArray expect = r.headers.value("Expect");
        d->continueWanted_ = !expect.isNull() && equalsIgnoringCase(expect.trimmed(), "100-continue");
    }
    return 0;
}

int RequestParser::onBody(http_parser *p, const char *at, size_t length)
{
    RequestParser *d = self(p);
    QByteArray &body = d->request_->body;
    if (body.size() + static_cast<qint64>(length) > d->maxBodyBytes_) {
        d->fail(Failure::BodyTooLarge,
                "chunked request body exceeds " + QByteArray::number(d->maxBodyBytes_) + " bytes");
        return 1;
    }
    body.append(at, static_cast<qsizetype>(length));
    return 0;
}

int RequestParser::onMessageComplete(http_parser *p)
{
    RequestParser *d = self(p);
    d->complete_ = true;
    // Stop here so the connection answers this request before the parser reads the next one.
    http_parser_pause(p, 1);
    return 0;
}

} // namespace rs::http
