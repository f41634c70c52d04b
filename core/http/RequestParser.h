#pragma once

#include <memory>

#include "core/http/HttpRequest.h"

#include <QByteArray>

#include <http_parser.h>

#include <cstdint>

namespace rs::http {

// Wraps http_parser for one connection: feeds it bytes, builds HttpRequest from its callbacks and
// stops after each complete request (by pausing the parser), so that requests pipelined in one
// read are handled one at a time, in order. Also enforces the header and body size limits.
// Worker thread only.
class RequestParser {
public:
    enum class Failure { None, BadRequest, HeaderTooLarge, BodyTooLarge };

    RequestParser(qint64 maxHeaderBytes, qint64 maxBodyBytes);
    RequestParser(const RequestParser &) = delete;
    RequestParser &operator=(const RequestParser &) = delete;

    // Fields every request on this connection starts with (the addresses).
    void setPrototype(const HttpRequest &prototype);

    // Parses until the data ends, a request is complete or the input is rejected; returns the bytes
    // consumed. After a complete request, handle it and call nextRequest() before feeding more.
    qsizetype execute(const char *data, qsizetype size);

    bool requestComplete() const { return complete_; }
    HttpRequest &request() { return *request_; }
    void nextRequest();
    // Hands over the request just parsed, at the same address the handler saw, so that it can
    // outlive this parser's next request (a streamed body that still reads it); the parser
    // continues with a fresh one.
    std::unique_ptr<HttpRequest> detachRequest();

    // True from the first byte of a request until nextRequest().
    bool inMessage() const { return inMessage_; }
    bool headersComplete() const { return headersDone_; }
    bool isHead() const { return parser_.method == HTTP_HEAD; }
    // True once after the headers of a request that asked for `Expect: 100-continue` and has a body.
    bool takeContinueRequest();

    Failure failure() const { return failure_; }
    // Why the input was rejected, in words, for the `error` event.
    const QByteArray &failureMessage() const { return failureMessage_; }

    // Process-wide request ids, from 1. Any thread.
    static std::uint64_t nextRequestId();

private:
    static int onMessageBegin(http_parser *p);
    static int onUrl(http_parser *p, const char *at, size_t length);
    static int onHeaderField(http_parser *p, const char *at, size_t length);
    static int onHeaderValue(http_parser *p, const char *at, size_t length);
    static int onHeadersComplete(http_parser *p);
    static int onBody(http_parser *p, const char *at, size_t length);
    static int onMessageComplete(http_parser *p);
    static const http_parser_settings &settings();

    // Offset of `at` in the connection's byte stream.
    qint64 streamPos(const char *at) const { return consumedBefore_ + (at - base_); }
    bool withinHeaderLimit(const char *end);
    void commitField();
    void splitTarget();
    void fail(Failure failure, QByteArray message);

    http_parser parser_;
    qint64 maxHeaderBytes_;
    qint64 maxBodyBytes_;
    HttpRequest prototype_;
    std::unique_ptr<HttpRequest> request_ = std::make_unique<HttpRequest>();
    QByteArray fieldName_;
    QByteArray fieldValue_;
    bool inValue_ = false;
    bool inMessage_ = false;
    bool urlSeen_ = false;
    bool headersDone_ = false;
    bool complete_ = false;
    bool continueWanted_ = false;
    const char *base_ = nullptr; // start of the buffer being parsed
    qint64 consumedBefore_ = 0;  // stream offset of base_
    qint64 messageStart_ = 0;    // stream offset of the request line
    QByteArray lastRawPath_;     // decoding cache: paths repeat across requests
    QString lastPath_;
    Failure failure_ = Failure::None;
    QByteArray failureMessage_;
};

} // namespace rs::http
