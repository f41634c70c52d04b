#pragma once

#include "core/session/store/PerThread.h"
#include "core/session/store/ReconnectBackoff.h"
#include "core/session/store/SessionStore.h"

#include <QByteArrayList>

#include <memory>
#include <optional>
#include <vector>

namespace rs::fiber {
class Scheduler;
}

namespace rs {

// Sessions in Redis through hiredis, as flask-session's RedisSessionInterface keeps them: key
// SESSION_KEY_PREFIX + sid, value the session's tagged JSON, SETEX with the TTL.
//
// Connections: hiredis contexts are not thread-safe, so each thread has a small pool of its
// own. A command (or a pipeline) checks one out for its whole round trip and puts it back after,
// so two requests never interleave their commands on one connection; a thread keeps at most
// kMaxIdlePerThread idle. Connections are made on first need, with a connect timeout; each
// command is bounded by the same timeout ("no answer within N ms"). A connection that fails is
// dropped, never put back; the next operation reconnects, paced by a ReconnectBackoff shared by
// all threads, so the engine recovers by itself when Redis comes back. A connection that had been
// working and fails (Redis restarted) is replaced at once and the command sent again: GET, SETEX
// and DEL are idempotent.
//
// Yielding: called inside a scheduled fiber (coroutine workers), a command does not block its
// worker thread: the connect, the writes and the reads are non-blocking, and each wait for the
// socket is a Scheduler::waitWritable/waitReadable, so the worker runs its other requests
// meanwhile. Anywhere else (thread workers, the GUI's store browser, tests) it blocks as a plain
// hiredis call. Only this store yields: memcached, filesystem and SQLite calls block the worker
// thread, fibers included.
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

    // Idle connections a thread keeps for the next commands; more are made while more commands
    // are in flight on that thread (coroutine workers), and closed when they come back.
    static constexpr int kMaxIdlePerThread = 4;

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
    struct ConnectionPool;
    struct Reply;
    // Sends one command on a connection of its own; on success *reply holds the answer (an
    // error answer is a failure, with its text in *error).
    bool command(const QByteArrayList &args, Reply &reply, QString *error);
    // Several commands in one round trip, on one connection. True when every command got an
    // answer; an answer may itself be an error (type REDIS_REPLY_ERROR).
    bool pipeline(const std::vector<QByteArrayList> &commands, std::vector<Reply> &replies, QString *error);
    // A connection of the calling thread's pool, or a new unconnected one; and back.
    std::unique_ptr<Connection> checkOut();
    void checkIn(std::unique_ptr<Connection> c);
    // Connects, then AUTH and SELECT. Yields in `scheduler`'s fiber when given.
    bool connect(Connection &c, fiber::Scheduler *scheduler, QString *error);
    bool open(Connection &c, fiber::Scheduler *scheduler, QString *error);
    // Sends `commands` and reads one answer each. False on an I/O error or a timeout, after
    // which the connection is unusable.
    bool roundTrip(Connection &c, const std::vector<QByteArrayList> &commands, std::vector<Reply> &replies,
                   fiber::Scheduler *scheduler, QString *error);
    bool roundTripBlocking(Connection &c, const std::vector<QByteArrayList> &commands,
                           std::vector<Reply> &replies, QString *error);
    bool roundTripYielding(Connection &c, const std::vector<QByteArrayList> &commands,
                           std::vector<Reply> &replies, fiber::Scheduler &scheduler, QString *error);

    Endpoint endpoint_;
    int timeoutMs_;
    ReconnectBackoff backoff_;
    PerThread<ConnectionPool> pools_;
};

} // namespace rs
