#include "core/session/SessionBackend.h"

#include "core/session/NullSessionInterface.h"
#include "core/session/SecureCookieSessionInterface.h"
#include "core/session/ServerSideSessionInterface.h"
#include "core/session/store/FileSystemSessionStore.h"
#include "core/session/store/MemcachedSessionStore.h"
#include "core/session/store/RedisSessionStore.h"
#include "core/session/store/SqliteSessionStore.h"

#include <QDir>
#include <QStringList>

namespace rs {

QStringList SessionBackendSettings::types()
{
    return {QStringLiteral("cookie"),     QStringLiteral("redis"),  QStringLiteral("memcached"),
            QStringLiteral("filesystem"), QStringLiteral("sqlite"), QStringLiteral("null")};
}

SessionBackend::Result SessionBackend::create(const SessionBackendSettings &settings)
{
    Result result;
    const QString &type = settings.type;
    if (type == QLatin1String("null")) {
        result.interface = std::make_shared<NullSessionInterface>();
        result.description = QStringLiteral("null session (every write fails)");
        return result;
    }
    if (type == QLatin1String("cookie")) {
        result.interface = std::make_shared<SecureCookieSessionInterface>();
        result.description = QStringLiteral("signed cookie");
        return result;
    }
    std::shared_ptr<SessionStore> store;
    QString error;
    if (type == QLatin1String("redis")) {
        const auto endpoint = RedisSessionStore::parseUrl(settings.redisUrl, &error);
        if (!endpoint) {
            result.error = QStringLiteral("--redis: ") + error;
            return result;
        }
        store = std::make_shared<RedisSessionStore>(*endpoint);
    } else if (type == QLatin1String("memcached")) {
        const auto endpoint = MemcachedSessionStore::parseServer(settings.memcached, &error);
        if (!endpoint) {
            result.error = QStringLiteral("--memcached: ") + error;
            return result;
        }
        store = std::make_shared<MemcachedSessionStore>(*endpoint);
    } else if (type == QLatin1String("filesystem")) {
        // flask-session's default SESSION_FILE_DIR.
        const QString dir = settings.sessionDir.isEmpty()
                                ? QDir::current().filePath(QStringLiteral("flask_session"))
                                : settings.sessionDir;
        if (!FileSystemSessionStore::prepareDirectory(dir, &error)) {
            result.error = QStringLiteral("--session-dir: ") + error;
            return result;
        }
        store = std::make_shared<FileSystemSessionStore>(dir);
    } else if (type == QLatin1String("sqlite")) {
        const QString file = settings.sqliteFile.isEmpty()
                                 ? QDir::current().filePath(QStringLiteral("flask_session.sqlite"))
                                 : settings.sqliteFile;
        if (!SqliteSessionStore::driverAvailable(&error)) {
            result.error = error;
            return result;
        }
        store = std::make_shared<SqliteSessionStore>(file);
    } else {
        result.error = QStringLiteral("--session %1: unknown session backend (one of: %2)")
                           .arg(type, SessionBackendSettings::types().join(QStringLiteral(", ")));
        return result;
    }
    QString pingError;
    if (!store->tryPing(&pingError)) {
        // A local file or directory that does not work will not heal by itself; a server may.
        if (type == QLatin1String("sqlite") || type == QLatin1String("filesystem")) {
            result.error = QStringLiteral("--session %1: %2").arg(type, pingError);
            return result;
        }
        result.warning = QStringLiteral("%1 at %2 does not answer (%3); requests that use the session "
                                        "get 503 until it does")
                             .arg(store->backend(), store->where(), pingError);
    }
    result.description = QStringLiteral("%1 at %2").arg(store->backend(), store->where());
    result.interface = std::make_shared<ServerSideSessionInterface>(std::move(store));
    return result;
}

} // namespace rs
