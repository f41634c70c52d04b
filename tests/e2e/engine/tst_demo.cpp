// The demo app over real sockets: every route, redirects and errors, HEAD/OPTIONS/405, and the
// isolation of concurrent requests in Local storage.
#include "app/demo/DemoApp.h"
#include "core/context/Globals.h"
#include "core/http/HttpServer.h"
#include "core/trace/EventDispatcher.h"
#include "core/trace/HappensBefore.h"
#include "tests/support/RequestStackSink.h"
#include "tests/support/TestHttpClient.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

#include <atomic>
#include <mutex>
#include <thread>

using namespace rs;

namespace {
QJsonObject json(const test::TestResponse &r)
{
    return QJsonDocument::fromJson(r.body).object();
}
} // namespace

class DemoTest : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<demo::DemoApp> demo_;
    std::unique_ptr<http::HttpServer> server_;

private slots:
    void initTestCase()
    {
        demo_ = std::make_unique<demo::DemoApp>();
        http::ServerConfig config;
        config.port = 0;
        server_ = std::make_unique<http::HttpServer>(config, demo_->app().httpHandler());
        QString error;
        QVERIFY2(server_->start(&error), qPrintable(error));
    }

    void cleanupTestCase() { server_->stop(); }

    void indexListsRoutes()
    {
        test::TestHttpClient c(server_->port());
        auto r = c.get("/");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.header("Content-Type"), QByteArray("text/html; charset=utf-8"));
        for (const char *rule : {"/hello", "/xx/index", "/users/&lt;int:id&gt;", "/download"})
            QVERIFY2(r.body.contains(rule), rule);
    }

    void hello()
    {
        test::TestHttpClient c(server_->port());
        auto r = c.get("/hello");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body, QByteArray("hello"));
        QCOMPARE(r.header("X-Middleware"), QByteArray("MiddleWare"));
        QVERIFY(!r.header("X-Request-Id").isEmpty());
    }

    void blueprintRoute()
    {
        test::TestHttpClient c(server_->port());
        auto r = c.get("/xx/index");
        QCOMPARE(r.status, 200);
        QVERIFY(r.body.startsWith("us.index"));
    }

    void trailingSlashRedirects()
    {
        test::TestHttpClient c(server_->port());
        auto r = c.get("/docs?x=1");
        QCOMPARE(r.status, 308);
        QCOMPARE(r.header("Location"),
                 QByteArray("http://127.0.0.1:") + QByteArray::number(server_->port()) + "/docs/?x=1");
        QVERIFY(r.body.contains("Redirecting..."));
        QCOMPARE(c.get("/docs/").status, 200);
    }

    void gIsSetInAHookAndReadInTheView()
    {
        test::TestHttpClient c(server_->port());
        auto r = c.get("/g");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.header("Content-Type"), QByteArray("application/json"));
        QCOMPARE(json(r).value("loaded_by").toString(), QStringLiteral("load_g"));
        QCOMPARE(json(r).value("check_login").toString(), QStringLiteral("/g"));
    }

    void boomIsAnsweredByThe500Handler()
    {
        test::TestHttpClient c(server_->port());
        auto r = c.get("/boom");
        QCOMPARE(r.status, 500);
        QCOMPARE(r.body, QByteArray("500 handled by internal_error: boom\n"));
        QCOMPARE(c.get("/hello").status, 200); // the same connection keeps working
    }

    void teapot()
    {
        test::TestHttpClient c(server_->port());
        auto r = c.get("/teapot");
        QCOMPARE(r.status, 418);
        QVERIFY(r.body.contains("teapot_handler"));
    }

    void slow()
    {
        test::TestHttpClient c(server_->port());
        QElapsedTimer timer;
        timer.start();
        auto r = c.get("/slow?ms=120");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body, QByteArray("slept 120 ms\n"));
        QVERIFY(timer.elapsed() >= 110);
        QCOMPARE(c.get("/slow?ms=abc").status, 400);
    }

    void downloadStreamsWithTheContextKept()
    {
        test::TestHttpClient c(server_->port());
        auto r = c.get("/download?kb=5");
        QCOMPARE(r.status, 200);
        QVERIFY(r.chunked);
        QCOMPARE(r.body.size(), 5 * 1024);
        QCOMPARE(r.chunks.size(), 5);
        // The request proxy still works inside the generator: the context was kept.
        QVERIFY2(r.body.startsWith("chunk 0 of /download"), r.body.left(40).constData());
        QVERIFY(r.body.contains("chunk 4 of /download"));
        QCOMPARE(requestStack().local().slotCount(), std::size_t(0));
        QCOMPARE(c.get("/hello").status, 200);
    }

    void whoamiNamesItsRequest()
    {
        test::TestHttpClient c(server_->port());
        auto r = c.get("/whoami");
        QCOMPARE(r.status, 200);
        const QJsonObject o = json(r);
        QCOMPARE(QByteArray::number(o.value("request_id").toInteger()), r.header("X-Request-Id"));
        QVERIFY(o.value("thread").toString().startsWith("worker-"));
        QVERIFY(o.value("ident").toInteger() > 0);
        QCOMPARE(o.value("endpoint").toString(), QStringLiteral("whoami"));
    }

    void echo()
    {
        test::TestHttpClient c(server_->port());
        auto r = c.post("/echo", "{\"a\": 1}", {{"Content-Type", "application/json"}});
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body, QByteArray("{\"a\": 1}"));
        QCOMPARE(r.header("Content-Type"), QByteArray("application/json"));
        QCOMPARE(c.get("/echo").status, 405);
    }

    void converters()
    {
        test::TestHttpClient c(server_->port());
        QCOMPARE(json(c.get("/users/42")).value("id").toInt(), 42);
        QCOMPARE(json(c.get("/users/007")).value("id").toInt(), 7);
        QCOMPARE(c.get("/users/x").status, 404);
        QCOMPARE(c.get("/users/-1").status, 404);
        QCOMPARE(json(c.get("/files/a/b/c.txt")).value("path").toString(), QStringLiteral("a/b/c.txt"));
        QCOMPARE(c.get("/files/").status, 404);
    }

    void headOptionsAnd405()
    {
        test::TestHttpClient c(server_->port());
        auto head = c.head("/hello");
        QCOMPARE(head.status, 200);
        QCOMPARE(head.header("Content-Length"), QByteArray("5"));
        QVERIFY(head.body.isEmpty());
        auto options = c.request("OPTIONS", "/hello");
        QCOMPARE(options.status, 200);
        QStringList allow = QString::fromLatin1(options.header("Allow")).split(", ");
        allow.sort();
        QCOMPARE(allow, QStringList({"GET", "HEAD", "OPTIONS"}));
        auto del = c.request("DELETE", "/hello");
        QCOMPARE(del.status, 405);
        allow = QString::fromLatin1(del.header("Allow")).split(", ");
        allow.sort();
        QCOMPARE(allow, QStringList({"GET", "HEAD", "OPTIONS"}));
        auto missing = c.get("/missing");
        QCOMPARE(missing.status, 404);
        QVERIFY(missing.body.contains("<title>404 Not Found</title>"));
    }

    // 8 clients × 2 000 requests: each response names its own request, the request stack of an
    // ident never holds two contexts, and every slot is released afterwards.
    void isolationUnderConcurrency()
    {
        auto sink = std::make_shared<test::RequestStackSink>();
        trace::EventDispatcher dispatcher;
        dispatcher.addSink(sink);
        dispatcher.start();

        constexpr int kThreads = 8;
#if defined(RS_TSAN)
        // ThreadSanitizer slows the dispatcher ~10×: keep every event within the engine's ring.
        constexpr int kRequests = 150;
#else
        constexpr int kRequests = 2000;
#endif
        std::atomic<int> good{0};
        std::atomic<int> bad{0};
        std::vector<std::thread> clients;
        const quint16 port = server_->port();
        for (int t = 0; t < kThreads; ++t) {
            clients.emplace_back([&, port] {
                test::TestHttpClient c(port);
                for (int i = 0; i < kRequests; ++i) {
                    auto r = c.get("/whoami");
                    const QJsonObject o = QJsonDocument::fromJson(r.body).object();
                    if (r.status == 200 &&
                        QByteArray::number(o.value("request_id").toInteger()) == r.header("X-Request-Id"))
                        ++good;
                    else
                        ++bad;
                }
            });
        }
        for (auto &c : clients)
            c.join();
        dispatcher.sync();
        dispatcher.stop();

        QCOMPARE(bad.load(), 0);
        QCOMPARE(good.load(), kThreads * kRequests);
        QCOMPARE(trace::EventBus::instance().dropped(), quint64(0));
        std::lock_guard lock(sink->mutex);
        int pushes = 0;
        for (const trace::Event &e : sink->kept) {
            if (e.kind == trace::EventKind::StackPush) {
                ++pushes;
                QCOMPARE(e.intAt(0), std::int64_t(1)); // depth after the push: alone on its stack
                QVERIFY(
                    QByteArray(e.textAt(1).data(), qsizetype(e.textAt(1).size())).endsWith("GET /whoami"));
            } else {
                QCOMPARE(e.intAt(0), std::int64_t(0));
            }
        }
        QCOMPARE(pushes, kThreads * kRequests);
        QCOMPARE(requestStack().local().slotCount(), std::size_t(0));
        QCOMPARE(appStack().local().slotCount(), std::size_t(0));
    }
};

QTEST_GUILESS_MAIN(DemoTest)
#include "tst_demo.moc"
