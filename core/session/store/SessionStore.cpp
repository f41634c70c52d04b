#include "core/session/store/SessionStore.h"

#include "core/session/SessionStoreError.h"
#include "core/trace/EventBus.h"

#include <QDateTime>

#include <algorithm>
#include <chrono>

namespace rs {

namespace {
// Times one store operation and reports it as a store.op event when it ends.
class OpScope {
public:
    OpScope(const SessionStore &store, const char *op, const QByteArray &key, qint64 ttl = 0)
        : store_(store), op_(op), key_(key), ttl_(ttl), start_(std::chrono::steady_clock::now())
    {
    }
    void finish(bool ok)
    {
        if (!trace::tracing())
            return;
        const auto us =
            std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start_);
        emitStoreOp(store_.backend(), op_, key_, ok, ttl_, us.count());
    }
    static void emitStoreOp(const QString &backend, const char *op, const QByteArray &key, bool ok,
                            qint64 ttl, qint64 us)
    {
        trace::Event e(trace::EventKind::StoreOp);
        e.setText(0, backend.toStdString());
        e.setText(1, op);
        e.setText(2, std::string_view(key.constData(), std::size_t(key.size())));
        e.setBool(0, ok);
        e.setInt(1, ttl);
        e.setInt(2, us);
        trace::emitEvent(e);
    }

private:
    const SessionStore &store_;
    const char *op_;
    const QByteArray &key_;
    qint64 ttl_;
    std::chrono::steady_clock::time_point start_;
};
} // namespace

void SessionStore::reportOp(const char *op, const QByteArray &key, bool ok, qint64 ttl, qint64 us) const
{
    if (trace::tracing())
        OpScope::emitStoreOp(backend(), op, key, ok, ttl, us);
}

bool SessionStore::pruneDue(qint64 intervalMs)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    qint64 due = nextPruneMs_.load(std::memory_order_relaxed);
    if (due == 0) {
        // The first call starts the clock: a new store does not prune on its first write.
        nextPruneMs_.compare_exchange_strong(due, now + intervalMs, std::memory_order_relaxed);
        return false;
    }
    if (now < due)
        return false;
    return nextPruneMs_.compare_exchange_strong(due, now + intervalMs, std::memory_order_relaxed);
}

void SessionStore::fail(const QString &error) const
{
    throw SessionStoreError(backend(), where(), error);
}

SessionStore::Record SessionStore::get(const QByteArray &key)
{
    OpScope scope(*this, "get", key);
    Record record;
    QString error;
    const bool ok = doGet(key, record, &error);
    scope.finish(ok);
    if (!ok)
        fail(error);
    return record;
}

void SessionStore::set(const QByteArray &key, const QByteArray &value, qint64 ttlSeconds)
{
    OpScope scope(*this, "set", key, ttlSeconds);
    QString error;
    const bool ok = doSet(key, value, ttlSeconds, &error);
    scope.finish(ok);
    if (!ok)
        fail(error);
}

void SessionStore::remove(const QByteArray &key)
{
    OpScope scope(*this, "delete", key);
    QString error;
    const bool ok = doRemove(key, &error);
    scope.finish(ok);
    if (!ok)
        fail(error);
}

void SessionStore::ping()
{
    QString error;
    if (!tryPing(&error))
        fail(error);
}

std::vector<SessionStore::ListedRecord> SessionStore::list(const QByteArray &prefix, int limit)
{
    std::vector<ListedRecord> records;
    QString error;
    if (!doList(prefix, limit, records, &error))
        fail(error);
    std::sort(records.begin(), records.end(),
              [](const ListedRecord &a, const ListedRecord &b) { return a.key < b.key; });
    if (limit >= 0 && records.size() > std::size_t(limit))
        records.resize(std::size_t(limit));
    return records;
}

bool SessionStore::doList(const QByteArray &, int, std::vector<ListedRecord> &, QString *error)
{
    *error = QStringLiteral("%1 cannot list its keys").arg(backend());
    return false;
}

bool SessionStore::tryPing(QString *error)
{
    static const QByteArray none;
    OpScope scope(*this, "ping", none);
    const bool ok = doPing(error);
    scope.finish(ok);
    return ok;
}

} // namespace rs
