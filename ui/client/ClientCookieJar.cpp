#include "ui/client/ClientCookieJar.h"

#include <QNetworkCookie>
#include <QUrl>

namespace rs::ui {

ClientCookieJar::ClientCookieJar(QObject *parent) : QNetworkCookieJar(parent) {}

template <typename Fn> auto ClientCookieJar::notifyOnce(Fn fn)
{
    ++depth_;
    const auto result = fn();
    if (--depth_ == 0)
        emit changed();
    return result;
}

void ClientCookieJar::replaceAll(const QList<QNetworkCookie> &cookies)
{
    notifyOnce([&] {
        setAllCookies(cookies);
        return true;
    });
}

void ClientCookieJar::upsert(const QNetworkCookie &cookie)
{
    notifyOnce(
        [&] { return QNetworkCookieJar::updateCookie(cookie) || QNetworkCookieJar::insertCookie(cookie); });
}

QByteArray ClientCookieJar::cookieHeaderFor(const QUrl &url) const
{
    QByteArrayList parts;
    for (const QNetworkCookie &c : cookiesForUrl(url))
        parts << c.toRawForm(QNetworkCookie::NameAndValueOnly);
    return parts.join("; ");
}

bool ClientCookieJar::setCookiesFromUrl(const QList<QNetworkCookie> &cookieList, const QUrl &url)
{
    // An expired Set-Cookie (a deletion) returns false but still removed the cookie: notify anyway.
    return notifyOnce([&] { return QNetworkCookieJar::setCookiesFromUrl(cookieList, url); });
}

bool ClientCookieJar::insertCookie(const QNetworkCookie &cookie)
{
    return notifyOnce([&] { return QNetworkCookieJar::insertCookie(cookie); });
}

bool ClientCookieJar::updateCookie(const QNetworkCookie &cookie)
{
    return notifyOnce([&] { return QNetworkCookieJar::updateCookie(cookie); });
}

bool ClientCookieJar::deleteCookie(const QNetworkCookie &cookie)
{
    return notifyOnce([&] { return QNetworkCookieJar::deleteCookie(cookie); });
}

} // namespace rs::ui
