#pragma once

#include <QByteArray>
#include <QString>

#include <atomic>
#include <vector>

namespace rs {

// Where server-side sessions live (flask-session's backends): get, set with a time to live,
// delete and ping, by key (SESSION_KEY_PREFIX + sid). Every operation is one `store.op` event
// (backend, op, key, ok, ttl, duration); a store that cannot be reached or refuses an operation
// throws rs::SessionStoreError, which the app answers with 503. Implementations are used by every
// worker thread at once.
class SessionStore {
public:
    struct Record {
        enum class Status { Found, Missing, Expired };
        Status status = Status::Missing;
        QByteArray data; // when Found
    };
    // One record as list() finds it.
    struct ListedRecord {
        QByteArray key;
        QByteArray value;
        qint64 ttlSeconds = -1; // seconds left, rounded up; -1 when the record never expires
    };

    virtual ~SessionStore() = default;

    // "redis", "memcached", "filesystem", "sqlite": the interface name shown in events.
    virtual QString backend() const = 0;
    // Where the data is, for errors: "127.0.0.1:6379/0", a directory, a file.
    virtual QString where() const = 0;

    // Any thread. Expired is only reported by stores that keep the expiry themselves (files,
    // SQLite); Redis and memcached forget expired keys, so they answer Missing.
    Record get(const QByteArray &key);
    // Any thread. ttlSeconds ≥ 1.
    void set(const QByteArray &key, const QByteArray &value, qint64 ttlSeconds);
    // Any thread. Deleting a key that is not there is not an error.
    void remove(const QByteArray &key);
    // Any thread. Checks that the store answers (used at start-up to warn early).
    void ping();
    // The same without throwing: false with the store's own error text in *error.
    bool tryPing(QString *error);

    // False for stores that cannot enumerate their keys (memcached): list() then always throws.
    virtual bool canList() const { return false; }
    // Any thread. Up to `limit` live records whose key starts with `prefix`, sorted by key; expired
    // records a store still holds are left out and left alone (listing never changes the store).
    // Throws SessionStoreError when the store fails or cannot list. Not a store.op event: it is
    // the GUI's store browser looking, not the engine working, and its polling would bury the
    // engine's own operations.
    std::vector<ListedRecord> list(const QByteArray &prefix, int limit);

protected:
    // Any thread, several at once. Return false and set *error (one line) on failure.
    virtual bool doGet(const QByteArray &key, Record &out, QString *error) = 0;
    virtual bool doSet(const QByteArray &key, const QByteArray &value, qint64 ttlSeconds, QString *error) = 0;
    virtual bool doRemove(const QByteArray &key, QString *error) = 0;
    virtual bool doPing(QString *error) = 0;
    // Any thread, several at once. The default says that this backend cannot list.
    virtual bool doList(const QByteArray &prefix, int limit, std::vector<ListedRecord> &out, QString *error);

    // Any thread. For work a store does on its own (pruning expired records): one store.op event.
    void reportOp(const char *op, const QByteArray &key, bool ok, qint64 ttl, qint64 us) const;
    // Any thread. True for one caller at most every intervalMs (never on the first call): whose
    // turn it is to prune.
    bool pruneDue(qint64 intervalMs);

private:
    [[noreturn]] void fail(const QString &error) const;

    std::atomic<qint64> nextPruneMs_{0};
};

} // namespace rs
