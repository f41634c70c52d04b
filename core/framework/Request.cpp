#include "core/framework/Request.h"

#include "core/framework/Cookies.h"
#include "core/framework/routing/Rule.h"

#include <QUrlQuery>

namespace rs {

Request::Request(http::HttpRequest &environ) : environ_(&environ) {}

Request::~Request() = default;

void Request::keepEnvironCopy()
{
    if (kept_)
        return;
    kept_ = std::make_unique<http::HttpRequest>(*environ_);
    environ_ = kept_.get();
}

QString Request::fullPath() const
{
    return QString::fromUtf8(environ_->rawPath) + QLatin1Char('?') + QString::fromUtf8(environ_->rawQuery);
}

QString Request::host() const
{
    return QString::fromUtf8(environ_->host());
}

QString Request::hostUrl() const
{
    return QStringLiteral("http://") + host() + QLatin1Char('/');
}

QString Request::url() const
{
    QString u = QStringLiteral("http://") + host() + QString::fromUtf8(environ_->rawPath);
    if (!environ_->rawQuery.isEmpty())
        u += QLatin1Char('?') + QString::fromUtf8(environ_->rawQuery);
    return u;
}

QString Request::remoteAddr() const
{
    return environ_->remoteAddress.toString();
}

const Request::Pairs &Request::args() const
{
    if (!args_) {
        Pairs out;
        QByteArray q = environ_->rawQuery;
        q.replace('+', ' ');
        for (const QByteArray &part : q.split('&')) {
            if (part.isEmpty())
                continue;
            const qsizetype eq = part.indexOf('=');
            const QByteArray k = eq < 0 ? part : part.left(eq);
            const QByteArray v = eq < 0 ? QByteArray() : part.mid(eq + 1);
            out.emplace_back(QUrl::fromPercentEncoding(k), QUrl::fromPercentEncoding(v));
        }
        args_ = std::move(out);
    }
    return *args_;
}

QString Request::arg(const QString &name, const QString &fallback) const
{
    for (const auto &kv : args())
        if (kv.first == name)
            return kv.second;
    return fallback;
}

const Request::Pairs &Request::cookies() const
{
    if (!cookies_) {
        Pairs all;
        for (const QByteArray &h : environ_->headers.values("Cookie"))
            for (auto &kv : cookies::parse(h))
                all.push_back(std::move(kv));
        cookies_ = std::move(all);
    }
    return *cookies_;
}

std::optional<QString> Request::cookie(const QString &name) const
{
    for (const auto &kv : cookies())
        if (kv.first == name)
            return kv.second;
    return std::nullopt;
}

void Request::setMatch(routing::MatchResult match)
{
    match_ = std::move(match);
    blueprints_.clear();
    QString bp = blueprint();
    while (!bp.isEmpty()) {
        blueprints_.append(bp);
        const qsizetype dot = bp.lastIndexOf(QLatin1Char('.'));
        bp = dot < 0 ? QString() : bp.left(dot);
    }
}

QString Request::endpoint() const
{
    return match_.rule ? match_.rule->endpoint() : QString();
}

QString Request::blueprint() const
{
    const QString ep = endpoint();
    const qsizetype dot = ep.lastIndexOf(QLatin1Char('.'));
    return dot < 0 ? QString() : ep.left(dot);
}

} // namespace rs
