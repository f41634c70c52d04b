#pragma once

#include "core/session/store/PerThread.h"
#include "core/session/store/ReconnectBackoff.h"
#include "core/session/store/SessionStore.h"

#include <QString>

#include <ctime>
#include <optional>

namespace rs {

// Sessions in memcached through libmemcached, as flask-session's MemcachedSessionInterface keeps
// them: key SESSION_KEY_PREFIX + sid, value the session's tagged JSON, the TTL as memcached's
// expiration (which means an absolute Unix time above 30 days — see expirationFor()).
//
// Threads: one libmemcached client per worker thread (a memcached_st is not thread-safe). A
// client whose server failed is thrown away, so libmemcached's own retry state never outlives an
// outage; while the server is down, a ReconnectBackoff shared by all threads lets one request at
// a time try it, the others fail at once. A client that had been working is given one fresh retry
// (memcached restarted): get, set and delete are idempotent.
class MemcachedSessionStore : public SessionStore {
public:
    struct Endpoint {
        QString host;
        quint16 port = 11211;
    };
    // HOST:PORT (or [v6]:PORT). Returns nullopt and sets *error when malformed.
    static std::optional<Endpoint> parseServer(const QString &text, QString *error);
    // memcached reads an expiration above 30 days (2 592 000 s) as a Unix time, not a duration.
    static std::time_t expirationFor(qint64 ttlSeconds, std::time_t now);
    // libmemcached's last error message as a 503 page and the events show it: without the
    // client's heap address and source location, with the system's reason when errno has one.
    static QString readableError(QString message, int systemErrno);

    explicit MemcachedSessionStore(Endpoint endpoint, int timeoutMs = 1000);
    ~MemcachedSessionStore() override;

    QString backend() const override { return QStringLiteral("memcached"); }
    QString where() const override;
    ReconnectBackoff &backoff() { return backoff_; }

protected:
    bool doGet(const QByteArray &key, Record &out, QString *error) override;
    bool doSet(const QByteArray &key, const QByteArray &value, qint64 ttlSeconds, QString *error) override;
    bool doRemove(const QByteArray &key, QString *error) override;
    bool doPing(QString *error) override;
    // Always false: memcached has no command that enumerates its keys.
    bool doList(const QByteArray &prefix, int limit, std::vector<ListedRecord> &out, QString *error) override;

private:
    struct Client;
    enum class Op { Get, Set, Remove, Ping };
    bool run(Op op, const QByteArray &key, const QByteArray &value, qint64 ttl, Record *out, QString *error);

    Endpoint endpoint_;
    int timeoutMs_;
    ReconnectBackoff backoff_;
    PerThread<Client> clients_;
};

} // namespace rs
