#pragma once

#include <QNetworkCookieJar>

namespace rs::ui {

// The client's cookie jar: QNetworkCookieJar (which keeps cookies for IP hosts such as 127.0.0.1
// as host-only cookies) made visible. Every change, whether a Set-Cookie from a response or an
// edit in the UI, ends with `changed()`. Every function: GUI thread (the QNetworkAccessManager's).
class ClientCookieJar : public QNetworkCookieJar {
    Q_OBJECT
public:
    explicit ClientCookieJar(QObject *parent = nullptr);

    QList<QNetworkCookie> cookies() const { return allCookies(); }
    // Replaces every cookie (load from a file, clear).
    void replaceAll(const QList<QNetworkCookie> &cookies);
    // Inserts the cookie or replaces the one with the same name, domain and path.
    void upsert(const QNetworkCookie &cookie);
    // The value of a Cookie request header for that URL ("a=1; b=2"), empty when none match.
    QByteArray cookieHeaderFor(const QUrl &url) const;

    bool setCookiesFromUrl(const QList<QNetworkCookie> &cookieList, const QUrl &url) override;
    bool insertCookie(const QNetworkCookie &cookie) override;
    bool updateCookie(const QNetworkCookie &cookie) override;
    bool deleteCookie(const QNetworkCookie &cookie) override;

signals:
    void changed();

private:
    // QNetworkCookieJar's functions call each other (update = delete + insert): one `changed()` per
    // outermost call, so a view never sees the halfway state.
    template <typename Fn> auto notifyOnce(Fn fn);
    int depth_ = 0;
};

} // namespace rs::ui
