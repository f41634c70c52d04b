#include "core/framework/Config.h"

#include <mutex>

namespace rs {

namespace {
std::atomic<std::uint64_t> nextConfigId{1};

QStringList keysOf(const QVariant &v)
{
    if (!v.isValid())
        return {};
    if (v.typeId() == QMetaType::QStringList)
        return v.toStringList();
    const QString key = v.toString();
    return key.isEmpty() ? QStringList() : QStringList{key};
}
} // namespace

struct Config::ThreadCopy {
    std::uint64_t config = 0;
    std::uint64_t version = 0;
    QVariantMap values;
    SessionSettings session;
};

Config::ThreadCopy &Config::threadCopy() const
{
    thread_local ThreadCopy copy;
    const std::uint64_t version = version_.load(std::memory_order_acquire);
    if (copy.config != instanceId_ || copy.version != version) {
        {
            std::shared_lock lock(mutex_);
            copy.values = values_;
            copy.version = version_.load(std::memory_order_relaxed);
        }
        copy.config = instanceId_;
        const QVariantMap &v = copy.values;
        SessionSettings &s = copy.session;
        s.secretKeys = keysOf(v.value(QStringLiteral("SECRET_KEY")));
        s.cookieName = v.value(QStringLiteral("SESSION_COOKIE_NAME")).toString().toUtf8();
        s.cookieDomain = v.value(QStringLiteral("SESSION_COOKIE_DOMAIN"));
        s.serverName = v.value(QStringLiteral("SERVER_NAME")).toString();
        const QVariant path = v.value(QStringLiteral("SESSION_COOKIE_PATH"));
        const QString root = v.value(QStringLiteral("APPLICATION_ROOT")).toString();
        s.cookiePath =
            path.isValid() ? path.toString().toUtf8() : (root.isEmpty() ? QByteArray("/") : root.toUtf8());
        s.cookieHttpOnly = v.value(QStringLiteral("SESSION_COOKIE_HTTPONLY")).toBool();
        s.cookieSecure = v.value(QStringLiteral("SESSION_COOKIE_SECURE")).toBool();
        s.cookieSameSite = v.value(QStringLiteral("SESSION_COOKIE_SAMESITE")).toString().toUtf8();
        s.refreshEachRequest = v.value(QStringLiteral("SESSION_REFRESH_EACH_REQUEST")).toBool();
        s.permanentLifetime = v.value(QStringLiteral("PERMANENT_SESSION_LIFETIME")).toLongLong();
        s.maxCookieSize = v.value(QStringLiteral("MAX_COOKIE_SIZE"), 4093).toInt();
    }
    return copy;
}

const Config::SessionSettings &Config::session() const
{
    return threadCopy().session;
}

Config::Config() : instanceId_(nextConfigId.fetch_add(1, std::memory_order_relaxed))
{
    const QVariant none;
    values_ = {
        {"DEBUG", false},
        {"TESTING", false},
        {"PROPAGATE_EXCEPTIONS", none},
        {"SECRET_KEY", none},
        {"PERMANENT_SESSION_LIFETIME", qint64(31) * 24 * 3600},
        {"SERVER_NAME", none},
        {"APPLICATION_ROOT", QStringLiteral("/")},
        {"SESSION_COOKIE_NAME", QStringLiteral("session")},
        {"SESSION_COOKIE_DOMAIN", none},
        {"SESSION_COOKIE_PATH", none},
        {"SESSION_COOKIE_HTTPONLY", true},
        {"SESSION_COOKIE_SECURE", false},
        {"SESSION_COOKIE_SAMESITE", none},
        {"SESSION_REFRESH_EACH_REQUEST", true},
        {"MAX_CONTENT_LENGTH", none},
        {"MAX_COOKIE_SIZE", 4093},
        {"PREFERRED_URL_SCHEME", QStringLiteral("http")},
        {"TRAP_HTTP_EXCEPTIONS", false},
        // flask-session's keys (server-side sessions).
        {"SESSION_TYPE", QStringLiteral("cookie")},
        {"SESSION_PERMANENT", true},
        {"SESSION_USE_SIGNER", false},
        {"SESSION_KEY_PREFIX", QStringLiteral("session:")},
    };
}

QVariant Config::value(const QString &key) const
{
    return threadCopy().values.value(key);
}

bool Config::contains(const QString &key) const
{
    return threadCopy().values.contains(key);
}

void Config::set(const QString &key, const QVariant &value)
{
    std::unique_lock lock(mutex_);
    values_.insert(key, value);
    version_.fetch_add(1, std::memory_order_release);
}

bool Config::setFromText(const QString &key, const QString &text, QString *error)
{
    const QVariant current = value(key);
    const QString t = text.trimmed();
    auto fail = [&](const QString &expected) {
        if (error)
            *error = QStringLiteral("%1: expected %2, got '%3'").arg(key, expected, text);
        return false;
    };
    if (t == QLatin1String("None")) {
        set(key, QVariant());
        return true;
    }
    switch (current.typeId()) {
    case QMetaType::Bool: {
        const QString l = t.toLower();
        if (l == QLatin1String("true") || l == QLatin1String("1") || l == QLatin1String("yes"))
            set(key, true);
        else if (l == QLatin1String("false") || l == QLatin1String("0") || l == QLatin1String("no"))
            set(key, false);
        else
            return fail(QStringLiteral("true or false"));
        return true;
    }
    case QMetaType::Int:
    case QMetaType::LongLong: {
        bool ok = false;
        const qint64 v = t.toLongLong(&ok);
        if (!ok || v < 0)
            return fail(key == QLatin1String("PERMANENT_SESSION_LIFETIME")
                            ? QStringLiteral("seconds")
                            : QStringLiteral("a whole number"));
        set(key, v);
        return true;
    }
    default:
        if (key == QLatin1String("SESSION_COOKIE_SAMESITE") && t != QLatin1String("Strict") &&
            t != QLatin1String("Lax") && t != QLatin1String("None"))
            return fail(QStringLiteral("Strict, Lax or None"));
        set(key, t);
        return true;
    }
}

QVariantMap Config::snapshot() const
{
    std::shared_lock lock(mutex_);
    return values_;
}

QStringList Config::keys() const
{
    std::shared_lock lock(mutex_);
    return values_.keys();
}

bool Config::boolValue(const QString &key) const
{
    const QVariant v = value(key);
    return v.isValid() && v.toBool();
}

qint64 Config::intValue(const QString &key, qint64 fallback) const
{
    bool ok = false;
    const qint64 v = value(key).toLongLong(&ok);
    return ok ? v : fallback;
}

QString Config::stringValue(const QString &key) const
{
    const QVariant v = value(key);
    return v.isValid() ? v.toString() : QString();
}

QStringList Config::secretKeys() const
{
    return session().secretKeys;
}

bool Config::propagateExceptions() const
{
    const QVariant v = value(QStringLiteral("PROPAGATE_EXCEPTIONS"));
    if (v.isValid())
        return v.toBool();
    return boolValue(QStringLiteral("TESTING")) || boolValue(QStringLiteral("DEBUG"));
}

} // namespace rs
