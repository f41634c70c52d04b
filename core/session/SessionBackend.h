#pragma once

#include <QString>
#include <QStringList>

#include <memory>

namespace rs {

class SessionInterface;

// Which session interface to run and where its store lives: what `serve --session …` and the
// GUI's App panel choose. Defaults are flask-session's.
struct SessionBackendSettings {
    QString type = QStringLiteral("cookie"); // cookie, redis, memcached, filesystem, sqlite, null
    QString redisUrl = QStringLiteral("redis://127.0.0.1:6379/0");
    QString memcached = QStringLiteral("127.0.0.1:11211");
    QString sessionDir; // empty: ./flask_session
    QString sqliteFile; // empty: ./flask_session.sqlite

    static QStringList types();
};

// Builds the session interface for `settings`. Any thread; may block briefly (one ping of a store).
class SessionBackend {
public:
    struct Result {
        std::shared_ptr<SessionInterface> interface; // null on failure
        QString error;       // why it failed ("--redis: …" style prefixes are the caller's)
        QString warning;     // a server store that does not answer yet: requests get 503 until it does
        QString description; // "redis at 127.0.0.1:6379/0", "signed cookie", …
    };
    static Result create(const SessionBackendSettings &settings);
};

} // namespace rs
