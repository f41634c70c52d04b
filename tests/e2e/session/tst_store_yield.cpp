// Issue 5: a Redis session-store call made by a request on a coroutine worker yields to the
// worker's other coroutines instead of blocking the thread. With redis-server stopped (SIGSTOP),
// /login's save waits for its answer while /hello, on the same single worker thread, answers at
// once; once Redis runs again /login completes and its session is readable. The wait is a
// coroutine.suspend with reason "io". And 200 concurrent clients on 2 coroutine workers each end
// with exactly their own session: two coroutines of one thread never share a Redis connection.
#include "app/demo/DemoApp.h"
#include "core/context/Globals.h"
#include "core/fiber/IdentMode.h"
#include "core/http/HttpServer.h"
#include "core/session/ServerSideSessionInterface.h"
#include "core/session/store/RedisSessionStore.h"
#include "core/trace/Event.h"
#include "core/value/TaggedJson.h"
#include "tests/e2e/session/ServerSideTestSupport.h"
#include "tests/support/EventRecorder.h"
#include "tests/support/FreePort.h"
#include "tests/support/TestHttpClient.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QStandardPaths>
#include <QtTest>

#include <csignal>
#include <latch>
#include <mutex>
#include <thread>

#include <sys/prctl.h>

using namespace rs;
using test::TestHttpClient;
using test::TestResponse;

namespace {
const QString kSecret = QStringLiteral("store-yield-secret");

// A redis-server on a free loopback port (same options as ServerSideTestSupport's), which the
// test can freeze (SIGSTOP) and thaw: the kernel still accepts connections and buffers commands,
// but nothing answers.
class FreezableRedis {
public:
    ~FreezableRedis()
    {
        if (!process_)
            return;
        thaw();
        process_->kill();
        process_->waitForFinished(5000);
    }
    bool start(QString *error)
    {
        const QString exe = QStandardPaths::findExecutable(QStringLiteral("redis-server"));
        if (exe.isEmpty()) {
            *error = QStringLiteral("redis-server is not installed (scripts/test.sh installs it)");
            return false;
        }
        port_ = test::FreePort::find();
        if (!port_) {
            *error = QStringLiteral("no free port");
            return false;
        }
        process_ = std::make_unique<QProcess>();
        process_->setStandardOutputFile(QProcess::nullDevice());
        process_->setStandardErrorFile(QProcess::nullDevice());
        process_->setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
        process_->start(exe,
                        {QStringLiteral("--port"), QString::number(port_), QStringLiteral("--bind"),
                         QStringLiteral("127.0.0.1"), QStringLiteral("--save"), QString(),
                         QStringLiteral("--appendonly"), QStringLiteral("no"), QStringLiteral("--daemonize"),
                         QStringLiteral("no"), QStringLiteral("--logfile"), QString()});
        if (!process_->waitForStarted(5000) || !test::FreePort::waitUntilListening(port_, 10000)) {
            *error = QStringLiteral("%1 did not start on port %2").arg(exe).arg(port_);
            return false;
        }
        return true;
    }
    void freeze() { signal(SIGSTOP); }
    void kill()
    {
        thaw();
        process_->kill();
        process_->waitForFinished(5000);
    }
    void thaw() { signal(SIGCONT); }
    quint16 port() const { return port_; }

private:
    void signal(int sig)
    {
        if (process_ && process_->processId() > 0)
            ::kill(pid_t(process_->processId()), sig);
    }
    quint16 port_ = 0;
    std::unique_ptr<QProcess> process_;
};

std::uint64_t requestIdOf(const std::vector<trace::Event> &events, const QString &path)
{
    for (const trace::Event &e : events) {
        if (e.kind == trace::EventKind::RequestBegin && e.toMap().value("path").toString() == path)
            return e.req;
    }
    return 0;
}

bool hasEvent(const std::vector<trace::Event> &events, std::uint64_t req, trace::EventKind kind,
              std::string_view text0 = {})
{
    for (const trace::Event &e : events) {
        if (e.req == req && e.kind == kind && (text0.empty() || e.textAt(0) == text0))
            return true;
    }
    return false;
}

int countIoSuspends(const std::vector<trace::Event> &events)
{
    int n = 0;
    for (const trace::Event &e : events)
        n += e.kind == trace::EventKind::CoroutineSuspend && e.textAt(0) == "io";
    return n;
}
} // namespace

class StoreYieldTest : public QObject {
    Q_OBJECT

    std::unique_ptr<demo::DemoApp> demo_;
    std::unique_ptr<http::HttpServer> server_;

    // The demo app on coroutine workers with its sessions in `store`. Local keys on the
    // coroutine, set before the workers start (Local reads the ident function without a lock).
    bool startServer(std::shared_ptr<SessionStore> store, int threads, QString *error)
    {
        useIdentMode(fiber::IdentMode::Coroutine);
        demo_ = std::make_unique<demo::DemoApp>();
        demo_->app().config().set(QStringLiteral("SECRET_KEY"), kSecret);
        demo_->app().setSessionInterface(std::make_shared<ServerSideSessionInterface>(std::move(store)));
        http::ServerConfig config;
        config.port = 0;
        config.threads = threads;
        config.coroutines = true;
        server_ = std::make_unique<http::HttpServer>(config, demo_->app().httpHandler());
        return server_->start(error);
    }

private slots:
    void cleanup()
    {
        if (server_)
            server_->stop();
        server_.reset();
        demo_.reset();
        useIdentMode(fiber::IdentMode::Thread);
        requestStack().local().setIdentFunction(Local::defaultIdent);
        appStack().local().setIdentFunction(Local::defaultIdent);
    }

    void waitingSaveYieldsToOtherRequests()
    {
        FreezableRedis redis;
        QString error;
        if (!redis.start(&error))
            QSKIP(qPrintable(error));
        RedisSessionStore::Endpoint endpoint;
        endpoint.port = redis.port();
        // Far longer than the test needs: a blocking call would hold the only worker this long.
        constexpr int kStoreTimeoutMs = 8000;
        auto store = std::make_shared<RedisSessionStore>(endpoint, kStoreTimeoutMs);
        QVERIFY2(startServer(store, 1, &error), qPrintable(error));
        QCOMPARE(TestHttpClient(server_->port()).get("/hello").status, 200);

        test::EventRecorder recorder;
        redis.freeze();
        TestHttpClient login(server_->port());
        login.setTimeout(3 * kStoreTimeoutMs);
        QVERIFY(login.sendRaw("GET /login HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
        // /login's fiber now waits for Redis's answer to its SETEX.
        std::uint64_t loginReq = 0;
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                const std::vector<trace::Event> events = recorder.events();
                loginReq = requestIdOf(events, QStringLiteral("/login"));
                return loginReq && hasEvent(events, loginReq, trace::EventKind::CoroutineSuspend, "io");
            }(),
            5000);

        QElapsedTimer timer;
        timer.start();
        TestHttpClient other(server_->port());
        other.setTimeout(kStoreTimeoutMs / 2);
        const TestResponse hello = other.get("/hello");
        const qint64 helloMs = timer.elapsed();
        QCOMPARE(hello.status, 200);
        QCOMPARE(hello.body, QByteArray("hello"));
        QVERIFY2(helloMs < 2000, qPrintable(QStringLiteral("/hello took %1 ms").arg(helloMs)));
        // /login is still waiting: the worker served /hello beside it, not after it.
        QVERIFY(!hasEvent(recorder.events(), loginReq, trace::EventKind::RequestEnd));

        redis.thaw();
        const TestResponse r = login.readResponse();
        QCOMPARE(r.status, 200);
        const auto cookie = test::sessionCookie(r);
        QVERIFY(cookie);
        QCOMPARE(r.header("X-Request-Id"), QByteArray::number(loginReq));
        const std::vector<trace::Event> events = recorder.events();
        QVERIFY(hasEvent(events, loginReq, trace::EventKind::CoroutineSuspend, "io"));
        QVERIFY(hasEvent(events, loginReq, trace::EventKind::CoroutineResume));

        const TestResponse home =
            TestHttpClient(server_->port()).get("/home", test::withCookie(cookie->value));
        QCOMPARE(home.status, 200);
        QCOMPARE(home.body, QByteArray("hello alex\n"));
        // Outside a fiber (this thread) the same store blocks, and finds the record too.
        const SessionStore::Record record =
            store->get(ServerSideSessionInterface::storeKey(demo_->app(), cookie->value));
        QCOMPARE(record.status, SessionStore::Record::Status::Found);
        QVERIFY2(record.data.contains("\"user\":\"alex\""), record.data.constData());
    }

    // Stopping the engine unwinds a coroutine that waits for Redis: its wait is unwatched, its
    // connection closed, and the stop does not wait for the store's timeout.
    void stopWhileACoroutineWaits()
    {
        FreezableRedis redis;
        QString error;
        if (!redis.start(&error))
            QSKIP(qPrintable(error));
        RedisSessionStore::Endpoint endpoint;
        endpoint.port = redis.port();
        constexpr int kStoreTimeoutMs = 8000;
        QVERIFY2(startServer(std::make_shared<RedisSessionStore>(endpoint, kStoreTimeoutMs), 1, &error),
                 qPrintable(error));
        test::EventRecorder recorder;
        redis.freeze();
        TestHttpClient login(server_->port());
        QVERIFY(login.sendRaw("GET /login HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
        QTRY_VERIFY_WITH_TIMEOUT(countIoSuspends(recorder.events()) > 0, 5000);
        QElapsedTimer timer;
        timer.start();
        server_->stop();
        QVERIFY2(timer.elapsed() < kStoreTimeoutMs / 2, qPrintable(QString::number(timer.elapsed())));
        QVERIFY(login.readResponse().status != 200);
    }

    // In a coroutine the failures read as they do when blocking: a Redis that does not answer is
    // "no answer within N ms" (and that connection is dropped: the next request works once Redis
    // runs again), a Redis that is gone is "Connection refused".
    void failuresInACoroutineReadAsWhenBlocking()
    {
        FreezableRedis redis;
        QString error;
        if (!redis.start(&error))
            QSKIP(qPrintable(error));
        RedisSessionStore::Endpoint endpoint;
        endpoint.port = redis.port();
        QVERIFY2(startServer(std::make_shared<RedisSessionStore>(endpoint, 300), 1, &error),
                 qPrintable(error));
        TestResponse r = TestHttpClient(server_->port()).get("/login");
        QCOMPARE(r.status, 200);
        const QByteArray sid = test::sessionCookie(r)->value;

        redis.freeze();
        QElapsedTimer timer;
        timer.start();
        r = TestHttpClient(server_->port()).get("/home", test::withCookie(sid));
        QCOMPARE(r.status, 503);
        QVERIFY2(r.body.contains("no answer within 300 ms"), r.body.constData());
        // The pooled connection timed out, then one fresh connection (the stale-connection retry).
        QVERIFY2(timer.elapsed() >= 300, qPrintable(QString::number(timer.elapsed())));
        QCOMPARE(TestHttpClient(server_->port()).get("/hello").status, 200);
        redis.thaw();
        QTRY_COMPARE_WITH_TIMEOUT(TestHttpClient(server_->port()).get("/home", test::withCookie(sid)).body,
                                  QByteArray("hello alex\n"), 5000);

        redis.kill();
        r = TestHttpClient(server_->port()).get("/home", test::withCookie(sid));
        QCOMPARE(r.status, 503);
        QVERIFY2(r.body.contains("Connection refused"), r.body.constData());
    }

    // The worker's own IoWatcher wakes a fiber as soon as Redis answers. Without it, the reply
    // would only be noticed at the worker's next housekeeping tick (every 250 ms here), and these
    // one-at-a-time requests would take about 125 ms each.
    void replyWakesTheFiberAtOnce()
    {
        constexpr int kRequests = 40;
        FreezableRedis redis;
        QString error;
        if (!redis.start(&error))
            QSKIP(qPrintable(error));
        RedisSessionStore::Endpoint endpoint;
        endpoint.port = redis.port();
        QVERIFY2(startServer(std::make_shared<RedisSessionStore>(endpoint), 1, &error), qPrintable(error));
        TestHttpClient client(server_->port());
        QCOMPARE(client.get("/login").status, 200); // the store's first connection
        test::EventRecorder recorder;
        QElapsedTimer timer;
        timer.start();
        for (int i = 0; i < kRequests; ++i) {
            const TestResponse r = client.get("/login");
            QCOMPARE(r.status, 200);
        }
        const qint64 elapsed = timer.elapsed();
        qInfo("%d sequential /login on one coroutine worker in %lld ms", kRequests, elapsed);
        const int ioSuspends = countIoSuspends(recorder.events());
        QVERIFY2(ioSuspends >= kRequests, qPrintable(QString::number(ioSuspends)));
        QVERIFY2(elapsed < kRequests * 50, qPrintable(QStringLiteral("took %1 ms").arg(elapsed)));
    }

    // Each client: /login, then /cart/add/<its name> (creates the cart: saved), /home and /cart.
    void concurrentClientsKeepTheirOwnSessions()
    {
        constexpr int kClients = 200;
        FreezableRedis redis;
        QString error;
        if (!redis.start(&error))
            QSKIP(qPrintable(error));
        RedisSessionStore::Endpoint endpoint;
        endpoint.port = redis.port();
        auto store = std::make_shared<RedisSessionStore>(endpoint, 10000);
        QVERIFY2(startServer(store, 2, &error), qPrintable(error));
        test::EventRecorder recorder;

        std::mutex mutex;
        QStringList failures;
        auto fail = [&](const QString &what) {
            std::lock_guard lock(mutex);
            if (failures.size() < 20)
                failures.append(what);
        };
        std::vector<QByteArray> sids(kClients);
        std::latch go(kClients);
        std::vector<std::thread> clients;
        QElapsedTimer timer;
        timer.start();
        for (int c = 0; c < kClients; ++c) {
            clients.emplace_back([&, c] {
                TestHttpClient client(server_->port());
                client.setTimeout(30000);
                const QByteArray name = "client" + QByteArray::number(c);
                go.arrive_and_wait(); // all at once, so the workers' coroutines overlap
                TestResponse r = client.get("/login");
                const auto cookie = test::sessionCookie(r);
                if (r.status != 200 || !cookie) {
                    fail(QStringLiteral("%1: /login: %2 %3 %4").arg(c).arg(r.status).arg(r.error, r.body));
                    return;
                }
                const QByteArray sid = cookie->value;
                sids[c] = sid;
                auto sameSid = [&](const TestResponse &resp, const char *what) {
                    const auto again = test::sessionCookie(resp);
                    if (again && again->value != sid) {
                        fail(QStringLiteral("%1: %2 changed the sid").arg(c).arg(what));
                        return false;
                    }
                    return true;
                };
                r = client.get("/cart/add/" + name, test::withCookie(sid));
                if (r.status != 200 || !sameSid(r, "/cart/add")) {
                    fail(QStringLiteral("%1: /cart/add: %2 %3").arg(c).arg(r.status).arg(r.body));
                    return;
                }
                r = client.get("/home", test::withCookie(sid));
                if (r.status != 200 || r.body != "hello alex\n" || !sameSid(r, "/home")) {
                    fail(QStringLiteral("%1: /home: %2 %3").arg(c).arg(r.status).arg(r.body));
                    return;
                }
                r = client.get("/cart", test::withCookie(sid));
                if (r.status != 200 || r.body.trimmed() != "[\"" + name + "\"]") {
                    fail(QStringLiteral("%1: /cart: %2 %3").arg(c).arg(r.status).arg(r.body));
                    return;
                }
            });
        }
        for (std::thread &t : clients)
            t.join();
        qInfo("%d clients x 4 requests on 2 coroutine workers in %lld ms", kClients, timer.elapsed());
        QVERIFY2(failures.isEmpty(), qPrintable(failures.join(QLatin1Char('\n'))));
        // The store calls did wait as coroutines (else this would prove nothing about sharing).
        const int ioSuspends = countIoSuspends(recorder.events());
        QVERIFY2(ioSuspends >= kClients, qPrintable(QString::number(ioSuspends)));

        // What Redis holds is exactly each client's own session.
        QSet<QByteArray> distinct;
        for (int c = 0; c < kClients; ++c) {
            distinct.insert(sids[c]);
            const SessionStore::Record record =
                store->get(ServerSideSessionInterface::storeKey(demo_->app(), sids[c]));
            QCOMPARE(record.status, SessionStore::Record::Status::Found);
            const QByteArray expected =
                "{\"_permanent\":true,\"cart\":[\"client" + QByteArray::number(c) + "\"],\"user\":\"alex\"}";
            QCOMPARE(TaggedJson::dumps(TaggedJson::loads(record.data)), expected);
        }
        QCOMPARE(distinct.size(), kClients);
    }
};

QTEST_GUILESS_MAIN(StoreYieldTest)
#include "tst_store_yield.moc"
