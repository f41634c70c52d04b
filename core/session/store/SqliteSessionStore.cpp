#include "core/session/store/SqliteSessionStore.h"

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

#include <atomic>

namespace rs {

namespace {
const QString kDriver = QStringLiteral("QSQLITE");
std::atomic<quint64> nextConnection{1};

QString sqlError(const QSqlError &e)
{
    // databaseText is SQLite's own message; driverText is Qt's summary of what it was doing.
    QString text = e.databaseText().trimmed();
    if (text.isEmpty())
        text = e.driverText().trimmed();
    return text.isEmpty() ? QStringLiteral("unknown SQLite error") : text;
}
} // namespace

// One thread's connection; removed on the thread that made it.
struct SqliteSessionStore::Connection {
    QString name;
    bool ready = false; // opened, and the table exists
    ~Connection()
    {
        {
            QSqlDatabase db = QSqlDatabase::database(name, false);
            if (db.isValid())
                db.close();
        }
        QSqlDatabase::removeDatabase(name);
    }
};

bool SqliteSessionStore::driverAvailable(QString *error)
{
    if (QSqlDatabase::isDriverAvailable(kDriver))
        return true;
    *error = QStringLiteral("the Qt SQLite driver (QSQLITE) is not installed (Debian: libqt6sql6-sqlite)");
    return false;
}

SqliteSessionStore::SqliteSessionStore(QString file, qint64 pruneIntervalMs)
    : file_(QFileInfo(file).absoluteFilePath()), pruneIntervalMs_(pruneIntervalMs)
{
}

SqliteSessionStore::~SqliteSessionStore() = default;

bool SqliteSessionStore::open(QString *name, QString *error)
{
    Connection &c = connections_.local([] {
        auto conn = std::make_unique<Connection>();
        conn->name = QStringLiteral("rs-sqlite-session-%1").arg(nextConnection.fetch_add(1));
        return conn;
    });
    *name = c.name;
    if (c.ready)
        return true;
    QSqlDatabase db = QSqlDatabase::contains(c.name) ? QSqlDatabase::database(c.name, false)
                                                     : QSqlDatabase::addDatabase(kDriver, c.name);
    if (!db.isValid()) {
        if (driverAvailable(error))
            *error = QStringLiteral("cannot make an SQLite connection");
        return false;
    }
    const bool created = !QFileInfo::exists(file_);
    db.setDatabaseName(file_);
    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
    if (!db.isOpen() && !db.open()) {
        *error = QStringLiteral("cannot open %1: %2").arg(file_, sqlError(db.lastError()));
        return false;
    }
    if (created)
        QFile::setPermissions(file_, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    QSqlQuery q(db);
    for (const char *sql :
         {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL",
          "CREATE TABLE IF NOT EXISTS sessions(id TEXT PRIMARY KEY, data TEXT, expiry INTEGER)"}) {
        if (!q.exec(QString::fromLatin1(sql))) {
            *error = QStringLiteral("%1: %2").arg(QString::fromLatin1(sql), sqlError(q.lastError()));
            q.finish();
            db.close();
            return false;
        }
        q.finish();
    }
    c.ready = true;
    return true;
}

bool SqliteSessionStore::doGet(const QByteArray &key, Record &out, QString *error)
{
    QString name;
    if (!open(&name, error))
        return false;
    QSqlDatabase db = QSqlDatabase::database(name, false);
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT data, expiry FROM sessions WHERE id = ?"));
    q.addBindValue(QString::fromUtf8(key));
    if (!q.exec()) {
        *error = sqlError(q.lastError());
        return false;
    }
    if (!q.next()) {
        out.status = Record::Status::Missing;
        return true;
    }
    const QByteArray data = q.value(0).toString().toUtf8();
    const qint64 expiry = q.value(1).toLongLong();
    q.finish();
    if (QDateTime::currentMSecsSinceEpoch() < expiry * 1000) {
        out.status = Record::Status::Found;
        out.data = data;
        return true;
    }
    // Only this row, and only if nobody rewrote it meanwhile.
    q.prepare(QStringLiteral("DELETE FROM sessions WHERE id = ? AND expiry = ?"));
    q.addBindValue(QString::fromUtf8(key));
    q.addBindValue(expiry);
    if (!q.exec()) {
        *error = sqlError(q.lastError());
        return false;
    }
    out.status = Record::Status::Expired;
    return true;
}

bool SqliteSessionStore::doSet(const QByteArray &key, const QByteArray &value, qint64 ttlSeconds,
                               QString *error)
{
    QString name;
    if (!open(&name, error))
        return false;
    // Rounded up: a record never lives shorter than its TTL.
    const qint64 expiry = (QDateTime::currentMSecsSinceEpoch() + ttlSeconds * 1000 + 999) / 1000;
    QSqlQuery q(QSqlDatabase::database(name, false));
    q.prepare(QStringLiteral("INSERT OR REPLACE INTO sessions(id, data, expiry) VALUES(?, ?, ?)"));
    q.addBindValue(QString::fromUtf8(key));
    q.addBindValue(QString::fromUtf8(value));
    q.addBindValue(expiry);
    if (!q.exec()) {
        *error = sqlError(q.lastError());
        return false;
    }
    q.finish();
    if (pruneDue(pruneIntervalMs_))
        prune(name);
    return true;
}

void SqliteSessionStore::prune(const QString &name)
{
    QElapsedTimer timer;
    timer.start();
    QSqlQuery q(QSqlDatabase::database(name, false));
    q.prepare(QStringLiteral("DELETE FROM sessions WHERE expiry <= ?"));
    q.addBindValue(QDateTime::currentMSecsSinceEpoch() / 1000);
    const bool ok = q.exec();
    reportOp("prune", "*", ok, 0, timer.nsecsElapsed() / 1000);
}

bool SqliteSessionStore::doRemove(const QByteArray &key, QString *error)
{
    QString name;
    if (!open(&name, error))
        return false;
    QSqlQuery q(QSqlDatabase::database(name, false));
    q.prepare(QStringLiteral("DELETE FROM sessions WHERE id = ?"));
    q.addBindValue(QString::fromUtf8(key));
    if (!q.exec()) {
        *error = sqlError(q.lastError());
        return false;
    }
    return true;
}

bool SqliteSessionStore::doList(const QByteArray &prefix, int limit, std::vector<ListedRecord> &out,
                                QString *error)
{
    if (!QFileInfo::exists(file_)) {
        *error = QStringLiteral("%1 does not exist").arg(file_);
        return false;
    }
    QString name;
    if (!open(&name, error))
        return false;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    QSqlQuery q(QSqlDatabase::database(name, false));
    q.setForwardOnly(true);
    // substr, not LIKE: the prefix's '%' and '_' must match literally.
    q.prepare(
        QStringLiteral("SELECT id, data, expiry FROM sessions WHERE substr(id, 1, ?) = ? AND expiry > ? "
                       "ORDER BY id LIMIT ?"));
    const QString text = QString::fromUtf8(prefix);
    q.addBindValue(text.size());
    q.addBindValue(text);
    q.addBindValue(now / 1000);
    q.addBindValue(limit < 0 ? -1 : limit);
    if (!q.exec()) {
        *error = sqlError(q.lastError());
        return false;
    }
    while (q.next()) {
        const qint64 expiry = q.value(2).toLongLong();
        if (now >= expiry * 1000)
            continue;
        out.push_back({q.value(0).toString().toUtf8(), q.value(1).toString().toUtf8(),
                       (expiry * 1000 - now + 999) / 1000});
    }
    return true;
}

bool SqliteSessionStore::doPing(QString *error)
{
    QString name;
    if (!open(&name, error))
        return false;
    QSqlQuery q(QSqlDatabase::database(name, false));
    if (!q.exec(QStringLiteral("SELECT count(*) FROM sessions"))) {
        *error = sqlError(q.lastError());
        return false;
    }
    return true;
}

} // namespace rs
