#pragma once

#include <QHash>
#include <QString>
#include <QStringList>
#include <QVariant>
#include <QVariantMap>

#include <atomic>
#include <cstdint>
#include <shared_mutex>

namespace rs {

// app.config: Flask 2.2's keys and defaults (a null QVariant is Python's None), plus the
// server-side session keys of flask-session. Any thread may read; writes (from the setup code
// or the UI's control interface) are seen by the next request. Each thread reads from its own
// copy, refreshed when the config's version changes, so reads take no lock.
class Config {
public:
    Config();

    QVariant value(const QString &key) const;
    bool contains(const QString &key) const;
    void set(const QString &key, const QVariant &value);
    // Parses text for a known key by the key's type ("31" for a lifetime, "true", "None" …).
    // Returns false and sets *error ("PERMANENT_SESSION_LIFETIME: expected seconds, got 'x'").
    bool setFromText(const QString &key, const QString &text, QString *error);
    QVariantMap snapshot() const;
    QStringList keys() const;

    // Typed reads with Flask's meaning.
    bool boolValue(const QString &key) const; // None → false
    qint64 intValue(const QString &key, qint64 fallback = 0) const;
    QString stringValue(const QString &key) const; // None → null QString
    // SECRET_KEY as a list of keys, oldest first (itsdangerous signs with the last).
    QStringList secretKeys() const;
    qint64 permanentSessionLifetime() const { return intValue(QStringLiteral("PERMANENT_SESSION_LIFETIME")); }
    // PROPAGATE_EXCEPTIONS, with None meaning TESTING or DEBUG.
    bool propagateExceptions() const;

    // The values every request reads (session cookie and secret), typed once per config version.
    struct SessionSettings {
        QStringList secretKeys;
        QByteArray cookieName;
        QVariant cookieDomain; // SESSION_COOKIE_DOMAIN as set (None = derive from SERVER_NAME)
        QString serverName;
        QByteArray cookiePath; // SESSION_COOKIE_PATH, else APPLICATION_ROOT, else "/"
        bool cookieHttpOnly = true;
        bool cookieSecure = false;
        QByteArray cookieSameSite;
        bool refreshEachRequest = true;
        qint64 permanentLifetime = 0;
        int maxCookieSize = 4093;
    };
    const SessionSettings &session() const;

private:
    struct ThreadCopy;
    ThreadCopy &threadCopy() const;

    mutable std::shared_mutex mutex_;
    QVariantMap values_;
    std::uint64_t instanceId_;
    std::atomic<std::uint64_t> version_{1};
};

} // namespace rs
