#include "core/framework/Response.h"

#include "core/framework/Cookies.h"
#include "core/value/PyJson.h"

#include <QTimeZone>

namespace rs {

namespace {
QByteArray contentTypeFor(const QByteArray &mimetype)
{
    static const QByteArray html = "text/html";
    static const QByteArray htmlUtf8 = "text/html; charset=utf-8";
    if (mimetype == html)
        return htmlUtf8; // the common case shares one buffer
    if (mimetype.startsWith("text/") || mimetype == "application/xml" || mimetype.endsWith("+xml"))
        return mimetype + "; charset=utf-8";
    return mimetype;
}
} // namespace

Response::Response(QByteArray body, int status, QByteArray mimetype) : status_(status), body_(std::move(body))
{
    headers_.add("Content-Type", contentTypeFor(mimetype));
}

Response Response::json(const Value &value, int status)
{
    return Response(PyJson::jsonifyBody(value), status, "application/json");
}

Response Response::redirect(const QString &location, int code)
{
    const QString shown = location.toHtmlEscaped();
    const QByteArray uri = location.toUtf8(); // already a URI for every caller in the engine
    const QString escapedUri = QString::fromUtf8(uri).toHtmlEscaped();
    const QString body =
        QStringLiteral("<!doctype html>\n<html lang=en>\n<title>Redirecting...</title>\n"
                       "<h1>Redirecting...</h1>\n<p>You should be redirected automatically to the "
                       "target URL: <a href=\"%1\">%2</a>. If not, click the link.\n")
            .arg(escapedUri, shown);
    Response r(body.toUtf8(), code);
    r.headers().set("Location", uri);
    return r;
}

Response Response::stream(Generator generator, QByteArray mimetype, bool keepContext)
{
    Response r({}, 200, std::move(mimetype));
    r.generator_ = std::move(generator);
    r.keepContext_ = keepContext;
    return r;
}

QByteArray Response::statusLine() const
{
    return QByteArray::number(status_) + ' ' + http::reasonPhrase(status_).toUpper();
}

QByteArray Response::mimetype() const
{
    QByteArray ct = headers_.value("Content-Type");
    const qsizetype semi = ct.indexOf(';');
    return semi >= 0 ? ct.left(semi).trimmed() : ct;
}

void Response::setMimetype(const QByteArray &mimetype)
{
    headers_.set("Content-Type", contentTypeFor(mimetype));
}

QString Response::setCookie(const QByteArray &name, const QByteArray &value, const CookieOptions &options)
{
    QString warning;
    headers_.add("Set-Cookie", cookies::dump(name, value, options, &warning));
    return warning;
}

void Response::deleteCookie(const QByteArray &name, const QByteArray &path, const QByteArray &domain,
                            bool secure, bool httpOnly, const QByteArray &sameSite)
{
    CookieOptions o;
    o.expires = QDateTime::fromSecsSinceEpoch(0, Qt::UTC);
    o.maxAge = 0;
    o.path = path;
    o.domain = domain;
    o.secure = secure;
    o.httpOnly = httpOnly;
    o.sameSite = sameSite;
    setCookie(name, {}, o);
}

void Response::addVary(const QByteArray &value)
{
    QByteArray vary = headers_.value("Vary");
    if (vary.isNull()) {
        headers_.add("Vary", value);
        return;
    }
    for (const QByteArray &part : vary.split(','))
        if (part.trimmed().compare(value, Qt::CaseInsensitive) == 0)
            return;
    headers_.set("Vary", vary + ", " + value);
}

http::HttpResponse Response::toHttp() &&
{
    http::HttpResponse out;
    out.status = status_;
    out.headers = std::move(headers_);
    out.body = std::move(body_);
    out.bodyGenerator = std::move(generator_);
    out.onFinished = std::move(onFinished_);
    return out;
}

} // namespace rs
