#pragma once

#include "core/session/store/PerThread.h"
#include "core/session/store/ReconnectBackoff.h"
#include "core/session/store/SessionStore.h"

#include <QByteArrayList>

#include <optional>

namespace rs {

// Sessions in Redis through hiredis, as flask-session's RedisSessionInterface keeps them: key
// SESSION_KEY_PREFIX + sid, value the session's tagged JSON, SETEX with the TTL.
//
// Threads: one blocking connection per worker thread (hiredis contexts are not thread-safe),
// made on first use with a connect timeout and a command timeout. A connection that fails is
// dropped; the next operation reconnects, paced by a ReconnectBackoff shared by all threads, so
// the engine recovers by itself when Redis comes back. A connection that had been working and
// fails (Redis restarted) is reconnected at once and the command sent again: GET, SETEX and DEL
// are idempotent.
class RedisSessionStore : public SessionStore {
public:
    struct Endpoint {
        QString host = QStringLiteral("127.0.0.1");
        quint16 port = 6379;
        int db = 0;
        QString username;
        QString password;
    };
    // redis://[[user]:password@]host[:port][/db]. Returns nullopt and sets *error on a bad URL.
    static std::optional<Endpoint> parseUrl(const QString &url, QString *error);

    // Connects lazily: constructing never blocks. timeoutMs bounds the connect and each command.
    explicit RedisSessionStore(Endpoint endpoint, int timeoutMs = 1000);
    ~RedisSessionStore() override;

    QString backend() const override { return QStringLiteral("redis"); }
    QString where() const override;
    const Endpoint &endpoint() const { return endpoint_; }
    ReconnectBackoff &backoff() { return backoff_; }

protected:
    bool doGet(const QByteArray &key, Record &out, QString *error) override;
    bool doSet(const QByteArray &key, const QByteArray &value, qint64 ttlSeconds, QString *error) override;
    bool doRemove(const QByteArray &key, QString *error) override;
    bool doPing(QString *error) override;
    bool canList() const override { return true; }
    // SCAN with MATCH prefix*, then GET and PTTL for the keys found, pipelined.
    bool doList(const QByteArray &prefix, int limit, std::vector<ListedRecord> &out, QString *error) override;

private:
    struct Connection;
    struct Reply;
    // Calling thread's connection. Sends one command; on success *reply holds the answer.
    bool command(const QByteArrayList &args, Reply &reply, QString *error);
    // Several commands in one round trip, on the calling thread's connection. True when every
    // command got an answer; an answer may itself be an error (type REDIS_REPLY_ERROR).
    bool pipeline(const std::vector<QByteArrayList> &commands, std::vector<Reply> &replies, QString *error);
    bool connect(Connection &c, QString *error);

    Endpoint endpoint_;
    int timeoutMs_;
    ReconnectBackoff backoff_;
    PerThread<Connection> connections_;
};

} // namespace rs
