// Many clients at once on every store: 8 threads, each a client with its own session, each
// request a read-modify-write of that session. Every session must end with exactly its own
// writes (its owner, and a counter equal to its number of requests): nothing lost, nothing
// crossed between sessions, on the engine's 4 worker threads with one store connection each.
#include "core/value/TaggedJson.h"
#include "tests/e2e/session/ServerSideTestSupport.h"

#include <QElapsedTimer>
#include <QtTest>

#include <mutex>
#include <thread>

using namespace rs;
using test::ServerSideEngine;
using test::TestHttpClient;
using test::TestResponse;

class StoreConcurrencyTest : public QObject {
    Q_OBJECT

    test::StoreBackends backends_;

private slots:
    void initTestCase() { backends_.startAll(); }

    void ownWritesOnly_data()
    {
        QTest::addColumn<QString>("backend");
        QTest::addColumn<int>("requests"); // per client
        QTest::newRow("redis") << QStringLiteral("redis") << 1000;
        QTest::newRow("memcached") << QStringLiteral("memcached") << 1000;
        QTest::newRow("filesystem") << QStringLiteral("filesystem") << 1000;
        QTest::newRow("sqlite") << QStringLiteral("sqlite") << 1000;
    }
    void ownWritesOnly()
    {
        QFETCH(QString, backend);
        QFETCH(int, requests);
        constexpr int kClients = 8;
        QString why;
        std::shared_ptr<SessionStore> store = backends_.make(backend, &why);
        if (!store)
            QSKIP(qPrintable(why));
        ServerSideEngine engine(store);
        QString error;
        QVERIFY2(engine.start(&error), qPrintable(error));

        std::mutex mutex;
        QStringList failures;
        std::vector<QByteArray> sids(kClients);
        auto fail = [&](const QString &what) {
            std::lock_guard lock(mutex);
            if (failures.size() < 20)
                failures.append(what);
        };
        QElapsedTimer timer;
        timer.start();
        std::vector<std::thread> clients;
        for (int c = 0; c < kClients; ++c) {
            clients.emplace_back([&, c] {
                TestHttpClient client(engine.port());
                client.setTimeout(20000);
                const QByteArray owner = "client" + QByteArray::number(c);
                TestResponse r = client.get("/set/owner/" + owner);
                const auto cookie = test::sessionCookie(r);
                if (r.status != 200 || !cookie) {
                    fail(QStringLiteral("%1: first request: %2 %3").arg(c).arg(r.status).arg(r.error));
                    return;
                }
                const QByteArray sid = cookie->value;
                sids[c] = sid;
                for (int n = 1; n < requests; ++n) {
                    r = client.get("/incr/count", test::withCookie(sid));
                    if (r.status != 200 || r.body != QByteArray::number(n)) {
                        fail(QStringLiteral("%1: request %2: %3 %4").arg(c).arg(n).arg(r.status).arg(r.body));
                        return;
                    }
                    const auto again = test::sessionCookie(r);
                    if (again && again->value != sid) {
                        fail(QStringLiteral("%1: request %2 changed the sid").arg(c).arg(n));
                        return;
                    }
                }
            });
        }
        for (std::thread &t : clients)
            t.join();
        qInfo("%s: %d clients x %d requests in %lld ms", qPrintable(backend), kClients, requests,
              timer.elapsed());
        QVERIFY2(failures.isEmpty(), qPrintable(failures.join(QLatin1Char('\n'))));

        // What the store holds is exactly each client's own writes.
        QSet<QByteArray> distinct;
        for (int c = 0; c < kClients; ++c) {
            distinct.insert(sids[c]);
            const SessionStore::Record record = engine.record(sids[c]);
            QCOMPARE(record.status, SessionStore::Record::Status::Found);
            const QByteArray expected = "{\"_permanent\":true,\"count\":" + QByteArray::number(requests - 1) +
                                        ",\"owner\":\"client" + QByteArray::number(c) + "\"}";
            QCOMPARE(TaggedJson::dumps(TaggedJson::loads(record.data)), expected);
            TestHttpClient client(engine.port());
            QCOMPARE(client.get("/get/owner", test::withCookie(sids[c])).body,
                     "client" + QByteArray::number(c));
        }
        QCOMPARE(distinct.size(), kClients);
    }
};

QTEST_GUILESS_MAIN(StoreConcurrencyTest)
#include "tst_store_concurrency.moc"
