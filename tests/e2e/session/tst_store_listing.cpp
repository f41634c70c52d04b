// SessionStore::list on every backend, each on a real server or file this test starts itself
// (redis-server on a free loopback port, a temp directory, a temp SQLite file): records written
// through the store are listed with their value and TTL, sorted, by prefix, up to a limit;
// expired records are left out and left alone; removed ones vanish; listing works from another
// thread; and memcached says that it cannot list, as does a store that is not there.
#include "core/session/SessionStoreError.h"
#include "tests/e2e/session/ServerSideTestSupport.h"

#include <QDir>
#include <QFile>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QtTest>

#include <future>

using namespace rs;

class StoreListingTest : public QObject {
    Q_OBJECT

    test::StoreBackends backends_;

    void addListableRows()
    {
        QTest::addColumn<QString>("backend");
        for (const char *name : {"redis", "filesystem", "sqlite"})
            QTest::newRow(name) << QString::fromLatin1(name);
    }

    std::shared_ptr<SessionStore> make()
    {
        QFETCH(QString, backend);
        QString why;
        std::shared_ptr<SessionStore> store = backends_.make(backend, &why);
        if (!store)
            qWarning("%s", qPrintable(why));
        else
            store->ping(); // as the engine does when it starts: SQLite creates its file then
        return store;
    }

    // Redis keeps its keys between rows: every row starts from an empty database.
    void flushRedis()
    {
        if (!backends_.redis().running())
            return;
        RedisSessionStore::Endpoint e;
        e.port = backends_.redis().port();
        RedisSessionStore store(e);
        for (const SessionStore::ListedRecord &r : store.list("", -1))
            store.remove(r.key);
    }

private slots:
    void initTestCase() { backends_.startAll(); }
    void init() { flushRedis(); }

    void listsWhatWasWritten_data() { addListableRows(); }
    void listsWhatWasWritten()
    {
        auto store = make();
        if (!store)
            QSKIP("backend not available here");
        QVERIFY(store->canList());
        QCOMPARE(store->list("session:", 100).size(), std::size_t(0));
        store->set("session:bbb", R"({"user":"bob"})", 100);
        store->set("session:aaa", R"({"user":"alex"})", 3600);
        store->set("other:ccc", R"({"x":1})", 100);

        const auto records = store->list("session:", 100);
        QCOMPARE(records.size(), std::size_t(2));
        QCOMPARE(records[0].key, QByteArray("session:aaa")); // sorted by key
        QCOMPARE(records[0].value, QByteArray(R"({"user":"alex"})"));
        // Files and SQLite keep whole seconds, rounded up when written: up to one more.
        QVERIFY2(records[0].ttlSeconds > 3590 && records[0].ttlSeconds <= 3601,
                 qPrintable(QString::number(records[0].ttlSeconds)));
        QCOMPARE(records[1].key, QByteArray("session:bbb"));
        QCOMPARE(records[1].value, QByteArray(R"({"user":"bob"})"));
        QVERIFY(records[1].ttlSeconds > 90 && records[1].ttlSeconds <= 101);

        QCOMPARE(store->list("", 100).size(), std::size_t(3));
        QCOMPARE(store->list("other:", 100).size(), std::size_t(1));
        QCOMPARE(store->list("session:", 1).size(), std::size_t(1));
        QCOMPARE(store->list("session:", 1).front().key, QByteArray("session:aaa"));

        store->remove("session:aaa");
        const auto after = store->list("session:", 100);
        QCOMPARE(after.size(), std::size_t(1));
        QCOMPARE(after.front().key, QByteArray("session:bbb"));
    }

    // A prefix is matched literally, not as a glob or a LIKE pattern.
    void prefixIsLiteral_data() { addListableRows(); }
    void prefixIsLiteral()
    {
        auto store = make();
        if (!store)
            QSKIP("backend not available here");
        store->set("s_1", "{}", 100);
        store->set("sx1", "{}", 100);
        store->set("s.1", "{}", 100);
        const auto records = store->list("s_", 100);
        QCOMPARE(records.size(), std::size_t(1));
        QCOMPARE(records.front().key, QByteArray("s_1"));
    }

    // Expired records are not listed, and listing does not delete them (a read or prune does).
    void expiredAreLeftOut_data() { addListableRows(); }
    void expiredAreLeftOut()
    {
        QFETCH(QString, backend);
        auto store = make();
        if (!store)
            QSKIP("backend not available here");
        store->set("session:live", "{}", 100);
        store->set("session:old", "{}", 100);
        // Move the expiry of session:old into the past behind the store's back.
        if (backend == QLatin1String("redis")) {
            store->set("session:old", "{}", 1);
            QTRY_COMPARE_WITH_TIMEOUT(store->get("session:old").status, SessionStore::Record::Status::Missing,
                                      5000);
        } else if (backend == QLatin1String("filesystem")) {
            auto *fs = static_cast<FileSystemSessionStore *>(store.get());
            QFile f(fs->pathFor("session:old"));
            QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
            f.write("1000\n{}");
            f.close();
        } else {
            {
                QSqlDatabase db =
                    QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("poke"));
                db.setDatabaseName(store->where());
                QVERIFY(db.open());
                QSqlQuery q(db);
                QVERIFY(q.exec(QStringLiteral("UPDATE sessions SET expiry = 1000 WHERE id = 'session:old'")));
            }
            QSqlDatabase::removeDatabase(QStringLiteral("poke"));
        }
        const auto records = store->list("session:", 100);
        QCOMPARE(records.size(), std::size_t(1));
        QCOMPARE(records.front().key, QByteArray("session:live"));
        if (backend == QLatin1String("filesystem"))
            QVERIFY(
                QFile::exists(static_cast<FileSystemSessionStore *>(store.get())->pathFor("session:old")));
        if (backend != QLatin1String("redis"))
            QCOMPARE(store->get("session:old").status, SessionStore::Record::Status::Expired);
    }

    // From another thread (as the GUI's browser lists, on the pool), while the calling thread writes.
    void listsFromAnotherThread_data() { addListableRows(); }
    void listsFromAnotherThread()
    {
        auto store = make();
        if (!store)
            QSKIP("backend not available here");
        for (int i = 0; i < 50; ++i)
            store->set("session:k" + QByteArray::number(i).rightJustified(2, '0'),
                       "{\"i\":" + QByteArray::number(i) + "}", 100);
        auto future = std::async(std::launch::async, [store] { return store->list("session:", 1000); });
        for (int i = 50; i < 60; ++i)
            store->set("session:k" + QByteArray::number(i), "{}", 100);
        const auto records = future.get();
        QVERIFY(records.size() >= 50);
        QCOMPARE(records.front().key, QByteArray("session:k00"));
        QCOMPARE(records.front().value, QByteArray(R"({"i":0})"));
        QCOMPARE(store->list("session:", 1000).size(), std::size_t(60));
    }

    void memcachedCannotList()
    {
        QString why;
        auto store = backends_.make(QStringLiteral("memcached"), &why);
        if (!store)
            QSKIP(qPrintable(why));
        QVERIFY(!store->canList());
        try {
            store->list("session:", 10);
            QFAIL("memcached listed its keys");
        } catch (const SessionStoreError &e) {
            QVERIFY2(e.description().contains(QStringLiteral("memcached cannot list its keys")),
                     qPrintable(e.description()));
        }
    }

    void unreachableStoresSayWhy()
    {
        RedisSessionStore::Endpoint e;
        e.port = test::FreePort::find();
        RedisSessionStore redis(e, 500);
        try {
            redis.list("session:", 10);
            QFAIL("listed a Redis that is not there");
        } catch (const SessionStoreError &err) {
            QVERIFY2(err.description().contains(QStringLiteral("redis at 127.0.0.1:%1").arg(e.port)),
                     qPrintable(err.description()));
        }
        QTemporaryDir tmp;
        FileSystemSessionStore files(tmp.filePath(QStringLiteral("missing")));
        try {
            files.list("session:", 10);
            QFAIL("listed a missing directory");
        } catch (const SessionStoreError &err) {
            QVERIFY2(err.description().contains(QStringLiteral("does not exist")),
                     qPrintable(err.description()));
        }
        // A missing SQLite file is reported, not created.
        const QString file = tmp.filePath(QStringLiteral("missing.sqlite"));
        SqliteSessionStore sqlite(file);
        QVERIFY_THROWS_EXCEPTION(SessionStoreError, sqlite.list("session:", 10));
        QVERIFY(!QFile::exists(file));
    }
};

QTEST_GUILESS_MAIN(StoreListingTest)
#include "tst_store_listing.moc"
