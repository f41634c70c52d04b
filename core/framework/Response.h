#pragma once

#include "core/framework/CookieOptions.h"
#include "core/http/HeaderList.h"
#include "core/http/HttpResponse.h"
#include "core/value/Value.h"

#include <QByteArray>
#include <QString>

#include <functional>

namespace rs {

// A Flask/Werkzeug response: status, headers, and a body that is either bytes or a generator.
class Response {
public:
    using Generator = std::function<bool(QByteArray &chunk)>;

    // A str body is text/html; charset=utf-8, as Flask makes it.
    explicit Response(QByteArray body = {}, int status = 200, QByteArray mimetype = "text/html");
    static Response text(const QString &body, int status = 200) { return Response(body.toUtf8(), status); }
    // Flask's jsonify: application/json, body as Flask 2.2 writes it.
    static Response json(const Value &value, int status = 200);
    // werkzeug.utils.redirect: the "Redirecting..." page and Location.
    static Response redirect(const QString &location, int code = 302);
    // A streamed body. With keepContext (stream_with_context), the request context stays pushed
    // until the last chunk; without it, the generator runs after teardown.
    static Response stream(Generator generator, QByteArray mimetype = "text/html", bool keepContext = false);

    int status() const { return status_; }
    void setStatus(int status) { status_ = status; }
    QByteArray statusLine() const; // "404 NOT FOUND" as werkzeug's response.status

    http::HeaderList &headers() { return headers_; }
    const http::HeaderList &headers() const { return headers_; }
    QByteArray mimetype() const;
    void setMimetype(const QByteArray &mimetype);

    const QByteArray &body() const { return body_; }
    void setBody(QByteArray body) { body_ = std::move(body); }
    bool isStreamed() const { return static_cast<bool>(generator_); }
    bool keepsContext() const { return keepContext_; }
    Generator &generator() { return generator_; }
    // Called once when the server is done with the body (all written, or the client gone).
    void setOnFinished(std::function<void(bool completed, qint64 bodyBytes)> onFinished)
    {
        onFinished_ = std::move(onFinished);
    }

    // response.set_cookie / delete_cookie (werkzeug.http.dump_cookie). Throws
    // std::invalid_argument for a bad SameSite or domain. Returns the size warning, if any.
    QString setCookie(const QByteArray &name, const QByteArray &value, const CookieOptions &options = {});
    void deleteCookie(const QByteArray &name, const QByteArray &path = "/", const QByteArray &domain = {},
                      bool secure = false, bool httpOnly = false, const QByteArray &sameSite = {});
    // response.vary.add(value): adds to the Vary header unless already there.
    void addVary(const QByteArray &value);

    // For the server: headers, body or generator. Adds nothing else.
    http::HttpResponse toHttp() &&;

private:
    int status_;
    http::HeaderList headers_;
    QByteArray body_;
    Generator generator_;
    bool keepContext_ = false;
    std::function<void(bool, qint64)> onFinished_;
};

} // namespace rs
