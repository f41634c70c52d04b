#include "core/framework/HttpException.h"

#include "core/framework/Response.h"
#include "core/http/HttpResponse.h"

namespace rs {

HttpException::HttpException(int code, QString description)
    : code_(code), description_(description.isNull() ? defaultDescription(code) : std::move(description))
{
    what_ = std::to_string(code_) + " " + name().toStdString() + ": " + description_.toStdString();
}

HttpException::~HttpException() = default;

QString HttpException::name() const
{
    return QString::fromLatin1(http::reasonPhrase(code_));
}

QString HttpException::defaultDescription(int code)
{
    switch (code) {
    case 400:
        return QStringLiteral("The browser (or proxy) sent a request that this server could not understand.");
    case 401:
        return QStringLiteral(
            "The server could not verify that you are authorized to access the URL requested. You "
            "either supplied the wrong credentials (e.g. a bad password), or your browser doesn't "
            "understand how to supply the credentials required.");
    case 403:
        return QStringLiteral("You don't have the permission to access the requested resource. It is either "
                              "read-protected or not readable by the server.");
    case 404:
        return QStringLiteral(
            "The requested URL was not found on the server. If you entered the URL manually please "
            "check your spelling and try again.");
    case 405: return QStringLiteral("The method is not allowed for the requested URL.");
    case 408:
        return QStringLiteral(
            "The server closed the network connection because the browser didn't finish the "
            "request within the specified time.");
    case 409:
        return QStringLiteral(
            "A conflict happened while processing the request. The resource might have been "
            "modified while the request was being processed.");
    case 410:
        return QStringLiteral(
            "The requested URL is no longer available on this server and there is no forwarding "
            "address. If you followed a link from a foreign page, please contact the author of "
            "this page.");
    case 413: return QStringLiteral("The data value transmitted exceeds the capacity limit.");
    case 414:
        return QStringLiteral(
            "The length of the requested URL exceeds the capacity limit for this server. The "
            "request cannot be processed.");
    case 415: return QStringLiteral("The server does not support the media type transmitted in the request.");
    case 418: return QStringLiteral("This server is a teapot, not a coffee machine");
    case 422:
        return QStringLiteral(
            "The request was well-formed but was unable to be followed due to semantic errors.");
    case 429: return QStringLiteral("This user has exceeded an allotted request count. Try again later.");
    case 431: return QStringLiteral("One or more header fields exceeds the maximum size.");
    case 500:
        return QStringLiteral(
            "The server encountered an internal error and was unable to complete your request. "
            "Either the server is overloaded or there is an error in the application.");
    case 501: return QStringLiteral("The server does not support the action requested by the browser.");
    case 502: return QStringLiteral("The proxy server received an invalid response from an upstream server.");
    case 503:
        return QStringLiteral(
            "The server is temporarily unable to service your request due to maintenance downtime "
            "or capacity problems. Please try again later.");
    case 504: return QStringLiteral("The connection to an upstream server timed out.");
    default: return {};
    }
}

QByteArray HttpException::htmlBody(int code, const QString &name, const QString &description)
{
    QString desc = description.toHtmlEscaped();
    desc.replace(QLatin1Char('\n'), QLatin1String("<br>"));
    const QString html =
        QStringLiteral("<!doctype html>\n<html lang=en>\n<title>%1 %2</title>\n<h1>%2</h1>\n<p>%3</p>\n")
            .arg(code)
            .arg(name.toHtmlEscaped(), desc);
    return html.toUtf8();
}

Response HttpException::toResponse() const
{
    Response r(htmlBody(code_, name(), description_), code_);
    for (const auto &f : headers_.fields())
        r.headers().set(f.first, f.second);
    return r;
}

RequestRedirect::RequestRedirect(QString newUrl, int code)
    : HttpException(code, QString()), newUrl_(std::move(newUrl))
{
}

Response RequestRedirect::toResponse() const
{
    return Response::redirect(newUrl_, code());
}

} // namespace rs
