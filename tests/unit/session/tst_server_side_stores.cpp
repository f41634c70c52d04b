// The pieces of server-side sessions that need no server: sids, URL and server parsing,
// memcached's 30-day rule, file names that cannot leave the directory, file and SQLite expiry,
// the reconnect backoff, per-thread slots, and a Redis or memcached that is not there.
#include "core/session/ServerSideSessionInterface.h"
#include "core/session/SessionStoreError.h"
#include "core/session/store/FileSystemSessionStore.h"
#include "core/session/store/MemcachedSessionStore.h"
#include "core/session/store/PerThread.h"
#include "core/session/store/ReconnectBackoff.h"
#include "core/session/store/RedisSessionStore.h"
#include "core/session/store/SqliteSessionStore.h"

#include <QDateTime>
#include <QFile>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QtTest>

#include <cerrno>

#include <atomic>
#include <thread>

using namespace rs;

namespace {
std::atomic<int> liveSlots{0};
struct CountedSlot {
    CountedSlot() { ++liveSlots; }
    ~CountedSlot() { --liveSlots; }
};
} // namespace

class ServerSideStoresTest : public QObject {
    Q_OBJECT

private slots:
    void sidsAre128RandomBits()
    {
        QSet<QString> seen;
        for (int i = 0; i < 10000; ++i) {
            const QString sid = ServerSideSessionInterface::generateSid();
            QCOMPARE(sid.size(), 22);
            QVERIFY(ServerSideSessionInterface::isValidSid(sid.toLatin1()));
            QCOMPARE(QByteArray::fromBase64(sid.toLatin1(), QByteArray::Base64UrlEncoding).size(), 16);
            seen.insert(sid);
        }
        QCOMPARE(seen.size(), 10000);
        for (const char *bad : {"", "short", "AAAAAAAAAAAAAAAAAAAAA", "AAAAAAAAAAAAAAAAAAAAAAA",
                                "AAAAAAAAAAAAAAAAAAAAA=", "AAAAAAAAAAAAAAAAAAAA/A",
                                "337a4898-3c50-425b-a947-d777f17176c8", "../../../../etc/passwd"})
            QVERIFY2(!ServerSideSessionInterface::isValidSid(QByteArray(bad)), bad);
    }

    void redisUrls_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<QString>("host");
        QTest::addColumn<int>("port");
        QTest::addColumn<int>("db");
        QTest::addColumn<QString>("password");
        QTest::newRow("default") << "redis://127.0.0.1:6379/0" << true << "127.0.0.1" << 6379 << 0 << "";
        QTest::newRow("no port, no db") << "redis://localhost" << true << "localhost" << 6379 << 0 << "";
        QTest::newRow("slash only") << "redis://h:7000/" << true << "h" << 7000 << 0 << "";
        QTest::newRow("db 3") << "redis://h:7000/3" << true << "h" << 7000 << 3 << "";
        QTest::newRow("password") << "redis://:s3cret@h/1" << true << "h" << 6379 << 1 << "s3cret";
        QTest::newRow("not redis") << "http://h:6379/0" << false << "" << 0 << 0 << "";
        QTest::newRow("no scheme") << "127.0.0.1:6379" << false << "" << 0 << 0 << "";
        QTest::newRow("bad port") << "redis://h:99999/0" << false << "" << 0 << 0 << "";
        QTest::newRow("bad db") << "redis://h:6379/x" << false << "" << 0 << 0 << "";
        QTest::newRow("no host") << "redis:///0" << false << "" << 0 << 0 << "";
        QTest::newRow("empty") << "" << false << "" << 0 << 0 << "";
    }
    void redisUrls()
    {
        QFETCH(QString, url);
        QFETCH(bool, ok);
        QString error;
        const auto e = RedisSessionStore::parseUrl(url, &error);
        QCOMPARE(bool(e), ok);
        if (!ok) {
            QVERIFY2(error.contains(QLatin1String("is not a Redis URL")), qPrintable(error));
            return;
        }
        QFETCH(QString, host);
        QFETCH(int, port);
        QFETCH(int, db);
        QFETCH(QString, password);
        QCOMPARE(e->host, host);
        QCOMPARE(int(e->port), port);
        QCOMPARE(e->db, db);
        QCOMPARE(e->password, password);
    }

    void memcachedServers()
    {
        QString error;
        auto e = MemcachedSessionStore::parseServer(QStringLiteral("127.0.0.1:11211"), &error);
        QVERIFY(e);
        QCOMPARE(e->host, QStringLiteral("127.0.0.1"));
        QCOMPARE(e->port, quint16(11211));
        e = MemcachedSessionStore::parseServer(QStringLiteral("[::1]:11212"), &error);
        QVERIFY(e);
        QCOMPARE(e->host, QStringLiteral("::1"));
        for (const char *bad : {"", "host", ":11211", "host:0", "host:x", "host:70000", "a b:1"}) {
            QVERIFY2(!MemcachedSessionStore::parseServer(QString::fromLatin1(bad), &error), bad);
            QVERIFY(error.contains(QLatin1String("HOST:PORT")));
        }
    }

    void memcachedThirtyDayRule()
    {
        const std::time_t now = 1'800'000'000;
        QCOMPARE(MemcachedSessionStore::expirationFor(600, now), std::time_t(600));
        QCOMPARE(MemcachedSessionStore::expirationFor(2'592'000, now), std::time_t(2'592'000));
        // 31 days, Flask's default lifetime: memcached would read it as a date in 1970.
        QCOMPARE(MemcachedSessionStore::expirationFor(2'678'400, now), now + 2'678'400);
    }

    void memcachedErrorsAreReadable()
    {
        // As libmemcached 1.1.4 words them: its heap address first, the source location last.
        QCOMPARE(MemcachedSessionStore::readableError(
                     QStringLiteral("(0x7f1914017c80) CONNECTION FAILURE(Connection refused),  host: "
                                    "127.0.0.1:53507 -> libmemcached/connect.cc:163"),
                     ECONNREFUSED),
                 QStringLiteral("CONNECTION FAILURE(Connection refused), host: 127.0.0.1:53507"));
        // Without the reason in the text, errno's is added.
        QCOMPARE(
            MemcachedSessionStore::readableError(
                QStringLiteral("(0x55d0c3a1b2c0) CONNECTION FAILURE,  host: 127.0.0.1:53507"), ECONNRESET),
            QStringLiteral("CONNECTION FAILURE, host: 127.0.0.1:53507 (Connection reset by peer)"));
        QCOMPARE(
            MemcachedSessionStore::readableError(QStringLiteral("SERVER HAS FAILED AND IS DISABLED UNTIL "
                                                                "TIMED RETRY,  host: h:1"),
                                                 0),
            QStringLiteral("SERVER HAS FAILED AND IS DISABLED UNTIL TIMED RETRY, host: h:1"));
        QCOMPARE(MemcachedSessionStore::readableError(QString(), EPIPE), QString()); // the caller's fallback
    }

    void fileNamesCannotEscape()
    {
        for (const char *ok : {"session:AAAAAAAAAAAAAAAAAAAAAA", "a", "x.y", "a-b_c:d"})
            QVERIFY2(FileSystemSessionStore::isSafeKey(ok), ok);
        for (const char *bad : {"", ".", "..", "../x", "session:../../etc/passwd", "a/b", "/etc/passwd",
                                ".hidden", "a..b", "a\\b", "a b", "a\nb"})
            QVERIFY2(!FileSystemSessionStore::isSafeKey(bad), bad);
        QVERIFY(!FileSystemSessionStore::isSafeKey(QByteArray(201, 'a')));

        QTemporaryDir dir;
        FileSystemSessionStore store(dir.filePath(QStringLiteral("s")));
        QString error;
        QVERIFY(FileSystemSessionStore::prepareDirectory(store.where(), &error));
        try {
            store.set("session:../escaped", "{}", 60);
            QFAIL("an unsafe key was written");
        } catch (const SessionStoreError &e) {
            QVERIFY2(e.description().contains(QLatin1String("cannot be a file name")),
                     qPrintable(e.description()));
        }
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("escaped"))));
    }

    void filesAreAtomicPrivateAndExpire()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("new/sessions"));
        QString error;
        QVERIFY2(FileSystemSessionStore::prepareDirectory(path, &error), qPrintable(error));
        QCOMPARE(QFile::permissions(path) & 0x7077, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        FileSystemSessionStore store(path);
        store.set("session:abc", R"({"a":1})", 100);
        const QString file = path + QStringLiteral("/session:abc");
        QCOMPARE(QFile::permissions(file) & 0x7077, QFile::ReadOwner | QFile::WriteOwner);
        QFile f(file);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = f.readAll().split('\n');
        f.close();
        QCOMPARE(lines.size(), 2);
        const qint64 expiry = lines[0].toLongLong();
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        QVERIFY(expiry >= now + 100 && expiry <= now + 102);
        QCOMPARE(lines[1], QByteArray(R"({"a":1})"));
        QCOMPARE(QDir(path).entryList(QDir::Files | QDir::Hidden).size(), 1); // no temp file left
        QCOMPARE(store.get("session:abc").data, QByteArray(R"({"a":1})"));

        // An expiry in the past: reported as Expired once, and the file is gone.
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(QByteArray::number(now - 1) + "\n{}");
        f.close();
        QCOMPARE(store.get("session:abc").status, SessionStore::Record::Status::Expired);
        QVERIFY(!QFile::exists(file));
        QCOMPARE(store.get("session:abc").status, SessionStore::Record::Status::Missing);
        store.remove("session:abc"); // deleting what is not there is fine

        // A directory that went away is an error, not a crash.
        QVERIFY(QDir(path).removeRecursively());
        QVERIFY_THROWS_EXCEPTION(SessionStoreError, store.set("session:abc", "{}", 10));
        QVERIFY_THROWS_EXCEPTION(SessionStoreError, store.ping());
    }

    void recordsNobodyReadsArePruned()
    {
        QTemporaryDir dir;
        QString error;
        const QString path = dir.filePath(QStringLiteral("fs"));
        QVERIFY(FileSystemSessionStore::prepareDirectory(path, &error));
        FileSystemSessionStore files(path, 0);
        files.set("session:old", "{}", 100);
        files.set("session:kept", "{}", 100);
        QFile f(path + QStringLiteral("/session:old"));
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(QByteArray::number(QDateTime::currentSecsSinceEpoch() - 1) + "\n{}");
        f.close();
        QFile stranger(path + QStringLiteral("/not-ours"));
        QVERIFY(stranger.open(QIODevice::WriteOnly));
        stranger.write("whatever");
        stranger.close();
        files.set("session:new", "{}", 100); // a later write prunes
        QCOMPARE(QDir(path).entryList(QDir::Files),
                 (QStringList{QStringLiteral("not-ours"), QStringLiteral("session:kept"),
                              QStringLiteral("session:new")}));

        if (!SqliteSessionStore::driverAvailable(&error))
            QSKIP(qPrintable(error));
        const QString file = dir.filePath(QStringLiteral("p.sqlite"));
        SqliteSessionStore sqlite(file, 0);
        sqlite.set("session:old", "{}", 100);
        sqlite.set("session:kept", "{}", 100);
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("prune"));
            db.setDatabaseName(file);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("UPDATE sessions SET expiry = %1 WHERE id = 'session:old'")
                               .arg(QDateTime::currentSecsSinceEpoch() - 1)));
            sqlite.set("session:new", "{}", 100);
            QVERIFY(q.exec(QStringLiteral("SELECT id FROM sessions ORDER BY id")));
            QStringList ids;
            while (q.next())
                ids << q.value(0).toString();
            QCOMPARE(ids, (QStringList{QStringLiteral("session:kept"), QStringLiteral("session:new")}));
            q.finish();
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("prune"));
    }

    void directoryErrors()
    {
        QTemporaryDir dir;
        QString error;
        const QString file = dir.filePath(QStringLiteral("plain-file"));
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.close();
        QVERIFY(!FileSystemSessionStore::prepareDirectory(file, &error));
        QVERIFY2(error.contains(QLatin1String("is not a directory")), qPrintable(error));
        QVERIFY(!FileSystemSessionStore::prepareDirectory(file + QStringLiteral("/sub"), &error));
        QVERIFY2(error.contains(QLatin1String("cannot create")), qPrintable(error));
    }

    void sqliteTableAndExpiry()
    {
        QString error;
        if (!SqliteSessionStore::driverAvailable(&error))
            QSKIP(qPrintable(error));
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("s.sqlite"));
        {
            SqliteSessionStore store(file);
            store.set("session:abc", R"({"a":1})", 100);
            QCOMPARE(store.get("session:abc").data, QByteArray(R"({"a":1})"));
            QCOMPARE(QFile::permissions(file) & 0x7077, QFile::ReadOwner | QFile::WriteOwner);
            store.set("session:old", "{}", 100);
            {
                QSqlDatabase db =
                    QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("check"));
                db.setDatabaseName(file);
                QVERIFY(db.open());
                QSqlQuery q(db);
                QVERIFY(q.exec(QStringLiteral("SELECT name, type, pk FROM pragma_table_info('sessions')")));
                QStringList columns;
                while (q.next())
                    columns << q.value(0).toString() + QLatin1Char(' ') + q.value(1).toString() +
                                   (q.value(2).toInt() ? QStringLiteral(" pk") : QString());
                QCOMPARE(columns, (QStringList{QStringLiteral("id TEXT pk"), QStringLiteral("data TEXT"),
                                               QStringLiteral("expiry INTEGER")}));
                QVERIFY(q.exec(QStringLiteral("UPDATE sessions SET expiry = %1 WHERE id = 'session:old'")
                                   .arg(QDateTime::currentSecsSinceEpoch() - 1)));
                q.finish();
                QCOMPARE(store.get("session:old").status, SessionStore::Record::Status::Expired);
                QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM sessions")));
                QVERIFY(q.next());
                QCOMPARE(q.value(0).toInt(), 1); // the expired row was deleted on read
                q.finish();
                store.remove("session:abc");
                QCOMPARE(store.get("session:abc").status, SessionStore::Record::Status::Missing);
                db.close();
            }
            QSqlDatabase::removeDatabase(QStringLiteral("check"));
            // Other threads get connections of their own.
            std::vector<std::thread> threads;
            std::atomic<int> ok{0};
            for (int t = 0; t < 4; ++t)
                threads.emplace_back([&, t] {
                    const QByteArray key = "session:t" + QByteArray::number(t);
                    store.set(key, "{}", 100);
                    if (store.get(key).status == SessionStore::Record::Status::Found)
                        ++ok;
                });
            for (std::thread &t : threads)
                t.join();
            QCOMPARE(ok.load(), 4);
        }
        // Every connection was removed with its thread or with the store.
        for (const QString &name : QSqlDatabase::connectionNames())
            QVERIFY2(!name.startsWith(QLatin1String("rs-sqlite-session-")), qPrintable(name));

        SqliteSessionStore nowhere(dir.filePath(QStringLiteral("no/such/dir/s.sqlite")));
        QVERIFY_THROWS_EXCEPTION(SessionStoreError, nowhere.ping());
    }

    void backoffDoublesAndLetsOneProbeThrough()
    {
        qint64 now = 1000;
        ReconnectBackoff backoff(100, 400, [&] { return now; });
        QString why;
        QVERIFY(backoff.tryAcquire(&why)); // up: everyone may connect
        QVERIFY(backoff.tryAcquire(&why));
        backoff.failed(QStringLiteral("Connection refused"));
        QVERIFY(backoff.down());
        QCOMPARE(backoff.currentDelayMs(), 100);
        QVERIFY(!backoff.tryAcquire(&why));
        QCOMPARE(why, QStringLiteral("Connection refused (next reconnect in 100 ms)"));
        backoff.failed(QStringLiteral("Connection refused")); // another thread, same outage
        QCOMPARE(backoff.currentDelayMs(), 100);
        now += 100;
        QVERIFY(backoff.tryAcquire(&why)); // the probe
        QVERIFY(!backoff.tryAcquire(&why));
        QVERIFY(why.contains(QLatin1String("under way")));
        backoff.failed(QStringLiteral("Connection refused"));
        QCOMPARE(backoff.currentDelayMs(), 200);
        now += 200;
        QVERIFY(backoff.tryAcquire(&why));
        backoff.failed(QStringLiteral("x"));
        QCOMPARE(backoff.currentDelayMs(), 400);
        now += 400;
        QVERIFY(backoff.tryAcquire(&why));
        backoff.failed(QStringLiteral("x"));
        QCOMPARE(backoff.currentDelayMs(), 400); // capped
        now += 400;
        QVERIFY(backoff.tryAcquire(&why));
        backoff.succeeded();
        QVERIFY(!backoff.down());
        QVERIFY(backoff.tryAcquire(&why));
        QVERIFY(backoff.tryAcquire(&why));
    }

    void perThreadSlotsLiveAndDieWithTheirThread()
    {
        liveSlots = 0;
        {
            PerThread<CountedSlot> perThread;
            CountedSlot *mine = &perThread.local([] { return std::make_unique<CountedSlot>(); });
            QCOMPARE(&perThread.local([] { return std::make_unique<CountedSlot>(); }), mine);
            CountedSlot *theirs = nullptr;
            std::thread t([&] {
                theirs = &perThread.local([] { return std::make_unique<CountedSlot>(); });
                QCOMPARE(liveSlots.load(), 2);
            });
            t.join();
            QVERIFY(theirs != mine);
            QCOMPARE(liveSlots.load(), 1); // the other thread's went with it
        }
        QCOMPARE(liveSlots.load(), 0); // and this thread's with the owner
    }

    // A worker's slots must be gone when QThread::wait() returns: after it, the program may end,
    // and a slot destroyed later (an SQLite connection calling QSqlDatabase::removeDatabase) would
    // meet Qt's statics already destroyed. thread_local destructors run after wait() returns.
    void perThreadSlotsAreGoneWhenTheQThreadIsWaitedFor()
    {
        struct SlowToClose {
            std::shared_ptr<std::atomic<bool>> closed; // shared: outlives this test if it fails
            explicit SlowToClose(std::shared_ptr<std::atomic<bool>> c) : closed(std::move(c)) {}
            ~SlowToClose()
            {
                QThread::msleep(100); // as a connection's close can take: wait() must wait for it
                *closed = true;
            }
        };
        PerThread<SlowToClose> perThread;
        const auto closed = std::make_shared<std::atomic<bool>>(false);
        std::unique_ptr<QThread> thread(
            QThread::create([&] { perThread.local([&] { return std::make_unique<SlowToClose>(closed); }); }));
        thread->start();
        QVERIFY(thread->wait(10000));
        QVERIFY(closed->load());
    }

    void redisThatIsNotThereFailsFastAfterTheFirstTry()
    {
        QTcpServer probe; // a port that nothing listens on
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const quint16 port = probe.serverPort();
        probe.close();
        RedisSessionStore::Endpoint e;
        e.port = port;
        RedisSessionStore store(e, 500);
        QCOMPARE(store.where(), QStringLiteral("127.0.0.1:%1/0").arg(port));
        try {
            store.get("session:x");
            QFAIL("no error");
        } catch (const SessionStoreError &err) {
            QCOMPARE(err.code(), 503);
            QCOMPARE(err.backend(), QStringLiteral("redis"));
            QCOMPARE(err.description(),
                     QStringLiteral(
                         "The session store (redis at 127.0.0.1:%1/0) is unavailable: Connection refused")
                         .arg(port));
        }
        try {
            store.set("session:x", "{}", 10);
            QFAIL("no error");
        } catch (const SessionStoreError &err) {
            QVERIFY2(err.description().contains(QLatin1String("next reconnect in")),
                     qPrintable(err.description()));
        }
    }

    // libmemcached's get and version drop connect()'s reason from their message; the store finds
    // it again, so a 503 says "Connection refused" whichever operation met the outage first.
    void memcachedThatIsNotThereSaysWhy()
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const quint16 port = probe.serverPort();
        probe.close();
        const MemcachedSessionStore::Endpoint e{QStringLiteral("127.0.0.1"), port};
        const QString expected =
            QStringLiteral("CONNECTION FAILURE, host: 127.0.0.1:%1 (Connection refused)").arg(port);
        {
            MemcachedSessionStore store(e, 500);
            try {
                store.get("session:x");
                QFAIL("no error");
            } catch (const SessionStoreError &err) {
                QCOMPARE(err.code(), 503);
                QCOMPARE(err.description(),
                         QStringLiteral("The session store (memcached at 127.0.0.1:%1) is unavailable: %2")
                             .arg(port)
                             .arg(expected));
            }
        }
        {
            MemcachedSessionStore store(e, 500);
            QString error;
            QVERIFY(!store.tryPing(&error));
            QCOMPARE(error, expected);
        }
        {
            // set says it itself, in its own words, and nothing is added twice.
            MemcachedSessionStore store(e, 500);
            QString error;
            try {
                store.set("session:x", "{}", 10);
                QFAIL("no error");
            } catch (const SessionStoreError &err) {
                error = err.description();
            }
            QVERIFY2(
                error.endsWith(
                    QStringLiteral("CONNECTION FAILURE(Connection refused), host: 127.0.0.1:%1").arg(port)),
                qPrintable(error));
        }
    }
};

QTEST_GUILESS_MAIN(ServerSideStoresTest)
#include "tst_server_side_stores.moc"
