#pragma once

#include "core/http/HeaderList.h"

#include <QString>

#include <exception>
#include <string>

namespace rs {

class Response;

// Werkzeug's HTTPException: abort(404) throws one; uncaught, it *is* the response (the HTML
// page Werkzeug writes). Error handlers are looked up by its code.
class HttpException : public std::exception {
public:
    explicit HttpException(int code, QString description = {});
    ~HttpException() override;

    int code() const { return code_; }
    QString name() const; // "Not Found"
    const QString &description() const { return description_; }
    http::HeaderList &headers() { return headers_; }
    const http::HeaderList &headers() const { return headers_; }
    // For a 500 made from an unhandled exception: that exception (Flask's original_exception).
    std::exception_ptr originalException() const { return original_; }
    void setOriginalException(std::exception_ptr e) { original_ = std::move(e); }

    // The response Werkzeug would send: the HTML body and these headers.
    virtual Response toResponse() const;
    const char *what() const noexcept override { return what_.c_str(); }

    // Werkzeug's default description for a code ("" when it has none).
    static QString defaultDescription(int code);
    // "<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>…"
    static QByteArray htmlBody(int code, const QString &name, const QString &description);

private:
    int code_;
    QString description_;
    http::HeaderList headers_;
    std::exception_ptr original_;
    std::string what_;
};

// A routing redirect (strict slashes: 308 to the URL with the slash).
class RequestRedirect : public HttpException {
public:
    explicit RequestRedirect(QString newUrl, int code = 308);
    const QString &newUrl() const { return newUrl_; }
    Response toResponse() const override;

private:
    QString newUrl_;
};

} // namespace rs
