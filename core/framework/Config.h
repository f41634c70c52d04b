#pragma once

#include <QString>
#include <QStringList>
#include <QVariant>
#include <QVariantMap>

#include <shared_mutex>

namespace rs {

// app.config: Flask 2.2's keys and defaults (a null QVariant is Python's None), plus the
// server-side session keys of flask-session. Any thread may read; writes (from the setup code
// or the UI's control interface) are seen by the next request.
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
    bool boolValue(const QString &key) const;          // None → false
    qint64 intValue(const QString &key, qint64 fallback = 0) const;
    QString stringValue(const QString &key) const;     // None → null QString
    // SECRET_KEY as a list of keys, oldest first (itsdangerous signs with the last).
    QStringList secretKeys() const;
    qint64 permanentSessionLifetime() const { return intValue(QStringLiteral("PERMANENT_SESSION_LIFETIME")); }
    // PROPAGATE_EXCEPTIONS, with None meaning TESTING or DEBUG.
    bool propagateExceptions() const;

private:
    mutable std::shared_mutex mutex_;
    QVariantMap values_;
};

} // namespace rs
