#pragma once

#include "core/session/store/PerThread.h"
#include "core/session/store/SessionStore.h"

#include <QString>

namespace rs {

// Sessions in an SQLite file through QtSql's QSQLITE driver, in the table
// `sessions(id TEXT PRIMARY KEY, data TEXT, expiry INTEGER)`: id is the key, data the tagged JSON,
// expiry Unix seconds. An expired row is deleted when it is read (flask-session's SQLAlchemy
// backend does the same, without crashing on non-permanent sessions: every row has an expiry),
// and rows nobody reads again are pruned by a write at most once per prune interval.
// The table is created when missing; the file is created with mode 0600 and uses WAL, so readers
// do not wait for writers.
//
// Threads: a QSqlDatabase may only be used by the thread that made it, so each thread gets its own
// connection, under a unique connection name, opened on first use and removed when the thread
// ends (or the store is destroyed on that thread). Writers that collide wait up to 5 s for the
// lock.
class SqliteSessionStore : public SessionStore {
public:
    // False (with *error) when the QSQLITE driver is not installed.
    static bool driverAvailable(QString *error);

    explicit SqliteSessionStore(QString file, qint64 pruneIntervalMs = 60'000);
    ~SqliteSessionStore() override;

    QString backend() const override { return QStringLiteral("sqlite"); }
    QString where() const override { return file_; }

protected:
    bool doGet(const QByteArray &key, Record &out, QString *error) override;
    bool doSet(const QByteArray &key, const QByteArray &value, qint64 ttlSeconds, QString *error) override;
    bool doRemove(const QByteArray &key, QString *error) override;
    bool doPing(QString *error) override;
    bool canList() const override { return true; }
    // SELECT of the unexpired rows whose id starts with `prefix`. A file that does not exist is an
    // error here (and is not created): the engine creates it when it starts with it.
    bool doList(const QByteArray &prefix, int limit, std::vector<ListedRecord> &out, QString *error) override;

private:
    struct Connection;
    // The calling thread's open connection name, or false with *error.
    bool open(QString *name, QString *error);
    void prune(const QString &name);

    QString file_;
    qint64 pruneIntervalMs_;
    PerThread<Connection> connections_;
};

} // namespace rs
