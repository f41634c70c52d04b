// End-to-end tests of rs::http::HttpServer over real loopback sockets.
#include "core/http/HttpServer.h"
#include "core/trace/CollectingSink.h"
#include "core/trace/EventDispatcher.h"
#include "core/trace/ExecutionContext.h"
#include "tests/support/FreePort.h"
#include "tests/support/TestHttpClient.h"

#include <QElapsedTimer>
#include <QTcpServer>
#include <QtTest>

#include <atomic>
#include <mutex>
#include <thread>

using namespace rs::http;
using rs::test::TestHeaders;
using rs::test::TestHttpClient;
using rs::test::TestResponse;

namespace {

const QByteArray kBadRequestPage = "<!doctype html>\n<html lang=en>\n<title>400 Bad Request</title>\n"
                                   "<h1>Bad Request</h1>\n<p>The browser (or proxy) sent a request that this "
                                   "server could not understand.</p>\n";

// What the streaming handlers report back to the test thread.
struct StreamLog {
    std::mutex mutex;
    std::vector<std::pair<bool, qint64>> finished; // onFinished(completed, bodyBytes)
    std::atomic<int> generatorCalls{0};

    void add(bool completed, qint64 bytes)
    {
        std::lock_guard lock(mutex);
        finished.emplace_back(completed, bytes);
    }
    std::vector<std::pair<bool, qint64>> take()
    {
        std::lock_guard lock(mutex);
        return std::exchange(finished, {});
    }
    int count()
    {
        std::lock_guard lock(mutex);
        return static_cast<int>(finished.size());
    }
};

HttpResponse text(int status, QByteArray body)
{
    HttpResponse r;
    r.status = status;
    r.headers.add("Content-Type", "text/plain; charset=utf-8");
    r.body = std::move(body);
    return r;
}

// The application of these tests: a few routes that show what the server did.
Handler makeHandler(std::shared_ptr<StreamLog> log)
{
    return [log](HttpRequest &request) -> HttpResponse {
        const QString path = request.path;
        if (path == "/hello")
            return text(200, "Hello, World!");
        if (path == "/close") {
            HttpResponse r = text(200, "bye");
            r.closeConnection = true;
            return r;
        }
        if (path == "/throw")
            throw std::runtime_error("boom");
        if (path == "/teapot")
            return text(418, "short and stout");
        if (path == "/nocontent") {
            HttpResponse r;
            r.status = 204;
            return r;
        }
        if (path == "/big") {
            // /big?n=BYTES
            return text(200, QByteArray(request.rawQuery.mid(2).toLongLong(), 'x'));
        }
        if (path == "/stream" || path == "/bigstream") {
            const bool big = path == "/bigstream";
            HttpResponse r;
            r.headers.add("Content-Type", "text/plain");
            auto index = std::make_shared<int>(0);
            r.bodyGenerator = [log, index, big](QByteArray &chunk) {
                log->generatorCalls.fetch_add(1);
                if (big) {
                    if (*index >= 1024)
                        return false;
                    ++*index;
                    chunk = QByteArray(64 * 1024, 'y');
                    return true;
                }
                static const char *parts[] = {"alpha", "", "beta", "gamma"};
                if (*index >= 4)
                    return false;
                chunk = parts[(*index)++];
                return true;
            };
            r.onFinished = [log](bool completed, qint64 bytes) { log->add(completed, bytes); };
            return r;
        }
        if (path.startsWith("/echo")) {
            HttpResponse r = text(200, request.body);
            r.headers.add("X-Method", request.method);
            r.headers.add("X-Path", request.path.toUtf8());
            r.headers.add("X-Raw-Path", request.rawPath);
            r.headers.add("X-Query", request.rawQuery);
            r.headers.add("X-Req-Id", QByteArray::number(request.id));
            r.headers.add("X-Version", QByteArray::number(request.httpMajor) + '.' +
                                           QByteArray::number(request.httpMinor));
            r.headers.add("X-Keep-Alive", request.keepAlive ? "1" : "0");
            r.headers.add("X-Thread", rs::trace::ExecutionContext::current().threadName);
            r.headers.add("X-Remote", request.remoteAddress.toString().toLatin1() + ':' +
                                          QByteArray::number(request.remotePort));
            r.headers.add("X-Host", request.host());
            r.headers.add("X-Test", request.header("X-Test"));
            return r;
        }
        return text(404, "not found");
    };
}

// Small limits; timeouts long enough that a busy machine does not trip them by accident.
ServerConfig smallConfig()
{
    ServerConfig c;
    c.host = QHostAddress::LocalHost;
    c.port = 0;
    c.threads = 2;
    c.maxHeaderBytes = 4096;
    c.maxBodyBytes = 64 * 1024;
    c.headerTimeoutMs = 5000;
    c.keepAliveTimeoutMs = 5000;
    c.writeTimeoutMs = 5000;
    return c;
}

// For the timeout tests: 300 ms each, so they are quick.
ServerConfig fastTimeoutConfig()
{
    ServerConfig c = smallConfig();
    c.headerTimeoutMs = 300;
    c.keepAliveTimeoutMs = 300;
    c.writeTimeoutMs = 300;
    return c;
}

} // namespace

class TestHttpServer : public QObject {
    Q_OBJECT

    std::shared_ptr<StreamLog> log_ = std::make_shared<StreamLog>();
    std::unique_ptr<HttpServer> server_;
    std::unique_ptr<HttpServer> fast_; // short timeouts

    quint16 port() const { return server_->port(); }
    // After a limit was hit: the server still answers a new connection normally.
    void expectServing(HttpServer *server = nullptr)
    {
        TestHttpClient fresh((server ? server : server_.get())->port());
        const TestResponse r = fresh.get("/hello");
        QVERIFY2(r.ok(), qPrintable(r.error));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body, QByteArray("Hello, World!"));
    }

private slots:
    void initTestCase()
    {
        server_ = std::make_unique<HttpServer>(smallConfig(), makeHandler(log_));
        QString error;
        QVERIFY2(server_->start(&error), qPrintable(error));
        QVERIFY(server_->isListening());
        QVERIFY(server_->port() != 0);
        fast_ = std::make_unique<HttpServer>(fastTimeoutConfig(), makeHandler(log_));
        QVERIFY2(fast_->start(&error), qPrintable(error));
    }

    void cleanupTestCase()
    {
        fast_->stop();
        server_->stop();
        QCOMPARE(server_->isListening(), false);
    }

    void simpleGet()
    {
        TestHttpClient client(port());
        const TestResponse r = client.get("/hello");
        QVERIFY2(r.ok(), qPrintable(r.error));
        QCOMPARE(r.version, QByteArray("HTTP/1.1"));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.reason, QByteArray("OK"));
        QCOMPARE(r.body, QByteArray("Hello, World!"));
        QCOMPARE(r.header("Content-Length"), QByteArray("13"));
        QCOMPARE(r.header("Content-Type"), QByteArray("text/plain; charset=utf-8"));
        QCOMPARE(r.header("Server"), QByteArray("RequestScope"));
        QVERIFY(r.header("Date").endsWith(" GMT"));
        QCOMPARE(r.header("Date").size(), 29);
        QVERIFY(!r.headers.contains("Connection"));
        QVERIFY(!r.closedByPeer);
        QCOMPARE(client.get("/nowhere").status, 404);
    }

    void requestFields()
    {
        TestHttpClient client(port());
        const TestResponse r = client.get("/echo/a%20b/%C3%A9t%C3%A9?x=1&y=%20", {{"X-Test", "yes"}});
        QCOMPARE(r.status, 200);
        QCOMPARE(r.header("X-Method"), QByteArray("GET"));
        QCOMPARE(QString::fromUtf8(r.header("X-Path")), QString::fromUtf8("/echo/a b/été"));
        QCOMPARE(r.header("X-Raw-Path"), QByteArray("/echo/a%20b/%C3%A9t%C3%A9"));
        QCOMPARE(r.header("X-Query"), QByteArray("x=1&y=%20"));
        QCOMPARE(r.header("X-Version"), QByteArray("1.1"));
        QCOMPARE(r.header("X-Test"), QByteArray("yes"));
        QVERIFY(r.header("X-Thread").startsWith("worker-"));
        QCOMPARE(r.header("X-Remote"), "127.0.0.1:" + QByteArray::number(client.localPort()));
        QCOMPARE(r.header("X-Host"), "127.0.0.1:" + QByteArray::number(port()));
        QVERIFY(r.header("X-Req-Id").toULongLong() > 0);
    }

    void statusLinesAndSpecialBodies()
    {
        TestHttpClient client(port());
        const TestResponse teapot = client.get("/teapot");
        QCOMPARE(teapot.status, 418);
        QCOMPARE(teapot.reason, QByteArray("I'm a teapot"));
        const TestResponse empty = client.get("/nocontent");
        QCOMPARE(empty.status, 204);
        QVERIFY(!empty.headers.contains("Content-Length"));
        QCOMPARE(client.get("/hello").status, 200); // nothing stray was sent after the 204
        const TestResponse thrown = client.get("/throw");
        QCOMPARE(thrown.status, 500);
        QVERIFY(thrown.body.contains("<title>500 Internal Server Error</title>"));
        QCOMPARE(client.get("/hello").status, 200);
    }

    void keepAlive()
    {
        const quint64 acceptedBefore = server_->connectionsAccepted();
        TestHttpClient client(port());
        QSet<QByteArray> ids;
        for (int i = 0; i < 5; ++i) {
            const TestResponse r = client.get("/echo?i=" + QByteArray::number(i));
            QVERIFY2(r.ok(), qPrintable(r.error));
            QCOMPARE(r.header("X-Query"), "i=" + QByteArray::number(i));
            QVERIFY(!r.closedByPeer);
            ids.insert(r.header("X-Req-Id"));
        }
        QCOMPARE(ids.size(), 5);
        QCOMPARE(server_->connectionsAccepted() - acceptedBefore, quint64(1));
    }

    void pipelining()
    {
        TestHttpClient client(port());
        QByteArray batch;
        for (int i = 1; i <= 3; ++i)
            batch += client.buildRequest("GET", "/echo?n=" + QByteArray::number(i));
        QVERIFY(client.sendRaw(batch));
        const QList<TestResponse> rs = client.readResponses(3);
        QCOMPARE(rs.size(), 3);
        quint64 previousId = 0;
        for (int i = 0; i < 3; ++i) {
            QVERIFY2(rs[i].ok(), qPrintable(rs[i].error));
            QCOMPARE(rs[i].header("X-Query"), "n=" + QByteArray::number(i + 1));
            const quint64 id = rs[i].header("X-Req-Id").toULongLong();
            QVERIFY(id > previousId);
            previousId = id;
        }
        // Pipelined POSTs with bodies, and a GET split in the middle of a header.
        QVERIFY(client.sendRaw(client.buildRequest("POST", "/echo", "first") +
                               client.buildRequest("POST", "/echo", "second") +
                               "GET /echo?n=4 HTTP/1.1\r\nHo"));
        QVERIFY(client.sendRaw("st: x\r\n\r\n"));
        const QList<TestResponse> more = client.readResponses(3);
        QCOMPARE(more.size(), 3);
        QCOMPARE(more[0].body, QByteArray("first"));
        QCOMPARE(more[1].body, QByteArray("second"));
        QCOMPARE(more[2].header("X-Query"), QByteArray("n=4"));
    }

    void largeBodiesAndDeepPipelines()
    {
        TestHttpClient client(port());
        const TestResponse big = client.get("/big?n=3000000");
        QVERIFY2(big.ok(), qPrintable(big.error));
        QCOMPARE(big.body.size(), 3000000);
        QCOMPARE(client.post("/echo", QByteArray(60000, 'e')).body, QByteArray(60000, 'e'));

        // 200 small requests in one write: answered in order.
        QByteArray batch;
        for (int i = 0; i < 200; ++i)
            batch += client.buildRequest("GET", "/echo?i=" + QByteArray::number(i));
        QVERIFY(client.sendRaw(batch));
        const QList<TestResponse> small = client.readResponses(200);
        QCOMPARE(small.size(), 200);
        for (int i = 0; i < 200; ++i)
            QCOMPARE(small[i].header("X-Query"), "i=" + QByteArray::number(i));

        // 40 MB of responses cannot sit in socket buffers: while the client does not read, the server
        // stops taking requests (its queue stays bounded), and resumes once the client reads.
        const quint64 before = server_->requestsHandled();
        batch.clear();
        for (int i = 0; i < 40; ++i)
            batch += client.buildRequest("GET", "/big?n=" + QByteArray::number(1000000 + i));
        batch += client.buildRequest("GET", "/hello");
        QVERIFY(client.sendRaw(batch));
        QTRY_VERIFY(server_->requestsHandled() - before >= 2);
        QVERIFY(!QTest::qWaitFor([&] { return server_->requestsHandled() - before >= 41; }, 300));
        const QList<TestResponse> large = client.readResponses(41);
        QCOMPARE(large.size(), 41);
        for (int i = 0; i < 40; ++i)
            QCOMPARE(large[i].body.size(), 1000000 + i);
        QCOMPARE(large[40].body, QByteArray("Hello, World!"));
        QCOMPARE(server_->requestsHandled() - before, quint64(41));
    }

    void pipelinedErrorAfterGoodRequests()
    {
        TestHttpClient client(port());
        QVERIFY(client.sendRaw(client.buildRequest("GET", "/echo?n=1") +
                               client.buildRequest("GET", "/echo?n=2") + "BLAH\r\n\r\n"));
        const QList<TestResponse> rs = client.readResponses(3);
        QCOMPARE(rs.size(), 3);
        QCOMPARE(rs[0].status, 200);
        QCOMPARE(rs[1].status, 200);
        QCOMPARE(rs[2].status, 400);
        QVERIFY(rs[2].closedByPeer);
    }

    void chunkedUpload()
    {
        TestHttpClient client(port());
        const QByteArray body = TestHttpClient::chunkedBody({"Hello", ", ", QByteArray(3000, 'z'), "!"});
        QVERIFY(client.sendRaw("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"));
        // In pieces, so that chunks straddle reads.
        for (qsizetype i = 0; i < body.size(); i += 700)
            QVERIFY(client.sendRaw(body.mid(i, 700)));
        const TestResponse r = client.readResponse();
        QVERIFY2(r.ok(), qPrintable(r.error));
        QCOMPARE(r.body, "Hello, " + QByteArray(3000, 'z') + "!");
        QCOMPARE(client.get("/hello").status, 200);
    }

    void expectContinue()
    {
        TestHttpClient client(port());
        QVERIFY(client.sendRaw(
            "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n"));
        const TestResponse interim = client.readResponse();
        QVERIFY2(interim.ok(), qPrintable(interim.error));
        QCOMPARE(interim.status, 100);
        QCOMPARE(interim.reason, QByteArray("Continue"));
        QVERIFY(client.sendRaw("hello"));
        const TestResponse r = client.readResponse();
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body, QByteArray("hello"));

        // Too large: 413 at once, without 100 and without waiting for the body.
        TestHttpClient big(port());
        QVERIFY(big.sendRaw("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10000000\r\n"
                            "Expect: 100-continue\r\n\r\n"));
        const TestResponse refused = big.readResponse();
        QCOMPARE(refused.status, 413);
        QVERIFY(refused.closedByPeer);
        expectServing();
    }

    void connectionClose()
    {
        TestHttpClient client(port());
        const TestResponse r = client.get("/hello", {{"Connection", "close"}});
        QCOMPARE(r.status, 200);
        QCOMPARE(r.header("Connection"), QByteArray("close"));
        QVERIFY(r.closedByPeer);

        // The handler can ask for the close too.
        TestHttpClient other(port());
        const TestResponse closed = other.get("/close");
        QCOMPARE(closed.body, QByteArray("bye"));
        QCOMPARE(closed.header("Connection"), QByteArray("close"));
        QVERIFY(closed.closedByPeer);
    }

    void http10()
    {
        TestHttpClient client(port());
        const TestResponse r = client.request("GET", "/echo", {}, {}, "HTTP/1.0");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.header("X-Version"), QByteArray("1.0"));
        QCOMPARE(r.header("X-Keep-Alive"), QByteArray("0"));
        QCOMPARE(r.header("Connection"), QByteArray("close"));
        QVERIFY(r.closedByPeer);

        TestHttpClient kept(port());
        const TestResponse first =
            kept.request("GET", "/echo", {}, {{"Connection", "keep-alive"}}, "HTTP/1.0");
        QCOMPARE(first.status, 200);
        QCOMPARE(first.header("Connection"), QByteArray("keep-alive"));
        QVERIFY(!first.closedByPeer);
        const TestResponse second =
            kept.request("GET", "/hello", {}, {{"Connection", "keep-alive"}}, "HTTP/1.0");
        QCOMPARE(second.body, QByteArray("Hello, World!"));
        QCOMPARE(second.header("Connection"), QByteArray("keep-alive"));
        QCOMPARE(first.header("X-Keep-Alive"), QByteArray("1"));
    }

    void head()
    {
        TestHttpClient client(port());
        const TestResponse r = client.head("/hello");
        QVERIFY2(r.ok(), qPrintable(r.error));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.header("Content-Length"), QByteArray("13"));
        QVERIFY(r.body.isEmpty());
        // Had a body been sent, it would be read as the next response's head.
        const TestResponse next = client.get("/hello");
        QCOMPARE(next.status, 200);
        QCOMPARE(next.body, QByteArray("Hello, World!"));
        QVERIFY(client.pendingBytes().isEmpty());

        // HEAD of a streamed body: the generator is not called, onFinished is.
        log_->take();
        const int callsBefore = log_->generatorCalls.load();
        const TestResponse streamed = client.head("/stream");
        QCOMPARE(streamed.status, 200);
        QTRY_COMPARE(log_->count(), 1);
        const auto finished = log_->take();
        QCOMPARE(finished[0].first, true);
        QCOMPARE(finished[0].second, qint64(0));
        QCOMPARE(log_->generatorCalls.load(), callsBefore);
        QCOMPARE(client.get("/hello").status, 200);
    }

    void streamedResponse()
    {
        log_->take();
        TestHttpClient client(port());
        const TestResponse r = client.get("/stream");
        QVERIFY2(r.ok(), qPrintable(r.error));
        QVERIFY(r.chunked);
        QCOMPARE(r.header("Transfer-Encoding"), QByteArray("chunked"));
        QVERIFY(!r.headers.contains("Content-Length"));
        QCOMPARE(r.chunks, QList<QByteArray>({"alpha", "beta", "gamma"}));
        QCOMPARE(r.body, QByteArray("alphabetagamma"));
        QTRY_COMPARE(log_->count(), 1);
        QCOMPARE(log_->take()[0], std::make_pair(true, qint64(14)));
        QCOMPARE(client.get("/hello").status, 200); // still keep-alive

        // HTTP/1.0 has no chunked encoding: the body ends with the connection.
        TestHttpClient old(port());
        const TestResponse r10 = old.request("GET", "/stream", {}, {}, "HTTP/1.0");
        QVERIFY2(r10.ok(), qPrintable(r10.error));
        QVERIFY(!r10.chunked);
        QCOMPARE(r10.body, QByteArray("alphabetagamma"));
        QVERIFY(r10.closedByPeer);
        QTRY_COMPARE(log_->count(), 1);
        QCOMPARE(log_->take()[0], std::make_pair(true, qint64(14)));
    }

    void malformedRequest()
    {
        TestHttpClient client(port());
        QVERIFY(client.sendRaw("GET / HTTP/1.1\r\nHost: x\r\nBad Header Line\r\n\r\n"));
        const TestResponse r = client.readResponse();
        QCOMPARE(r.status, 400);
        QCOMPARE(r.body, kBadRequestPage);
        QCOMPARE(r.header("Content-Type"), QByteArray("text/html; charset=utf-8"));
        QCOMPARE(r.header("Connection"), QByteArray("close"));
        QVERIFY(r.closedByPeer);

        TestHttpClient garbage(port());
        QVERIFY(garbage.sendRaw("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03"));
        QCOMPARE(garbage.readResponse().status, 400);
        expectServing();
    }

    void bodyTooLarge()
    {
        TestHttpClient byLength(port());
        const TestResponse r = byLength.post("/echo", QByteArray(100 * 1024, 'a'));
        QCOMPARE(r.status, 413);
        QVERIFY(r.body.contains("<title>413 Request Entity Too Large</title>"));
        QVERIFY(r.body.contains("The data value transmitted exceeds the capacity limit."));
        QVERIFY(r.closedByPeer);
        expectServing();

        TestHttpClient chunked(port());
        QVERIFY(chunked.sendRaw("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"));
        QList<QByteArray> pieces;
        for (int i = 0; i < 20; ++i)
            pieces.append(QByteArray(4096, 'c'));
        chunked.sendRaw(TestHttpClient::chunkedBody(pieces)); // may fail once the server closed
        const TestResponse c = chunked.readResponse();
        QCOMPARE(c.status, 413);
        QVERIFY(c.closedByPeer);
        expectServing();

        // Exactly the limit is fine.
        TestHttpClient atLimit(port());
        QCOMPARE(atLimit.post("/echo", QByteArray(64 * 1024, 'b')).status, 200);
    }

    void headersTooLarge()
    {
        TestHttpClient client(port());
        const TestResponse r = client.get("/hello", {{"X-Big", QByteArray(5000, 'h')}});
        QCOMPARE(r.status, 431);
        QVERIFY(r.body.contains("<h1>Request Header Fields Too Large</h1>"));
        QVERIFY(r.body.contains("One or more header fields exceeds the maximum size."));
        QVERIFY(r.closedByPeer);
        expectServing();

        // Many small headers add up too; and a long request line.
        TestHeaders many;
        for (int i = 0; i < 300; ++i)
            many.add("X-H" + QByteArray::number(i), "0123456789");
        TestHttpClient other(port());
        QCOMPARE(other.get("/hello", many).status, 431);
        TestHttpClient longLine(port());
        QCOMPARE(longLine.get("/hello?" + QByteArray(5000, 'q')).status, 431);
        expectServing();
    }

    void headerTimeout()
    {
        TestHttpClient client(fast_->port());
        QElapsedTimer timer;
        timer.start();
        QVERIFY(client.sendRaw("GET /hello HTTP/1.1\r\nHost: x\r\n"));
        const TestResponse r = client.readResponse();
        QCOMPARE(r.status, 408);
        QVERIFY(r.body.contains("didn&#39;t finish the request within the specified time."));
        QVERIFY(r.closedByPeer);
        QVERIFY(timer.elapsed() >= 250);
        expectServing(fast_.get());

        // A body that stops coming is answered the same way.
        TestHttpClient stalled(fast_->port());
        QVERIFY(stalled.sendRaw("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc"));
        QCOMPARE(stalled.readResponse().status, 408);
    }

    void silentConnectionIsClosed()
    {
        TestHttpClient client(fast_->port());
        QVERIFY(client.connectToServer());
        QVERIFY(client.waitForClose(3000));
        QVERIFY(client.pendingBytes().isEmpty()); // no 408: nothing was asked
        expectServing(fast_.get());
    }

    void idleKeepAliveIsClosed()
    {
        TestHttpClient client(fast_->port());
        QCOMPARE(client.get("/hello").status, 200);
        QElapsedTimer timer;
        timer.start();
        QVERIFY(client.waitForClose(3000));
        QVERIFY(timer.elapsed() >= 200);
        QVERIFY(client.pendingBytes().isEmpty());
        // The client's next request goes over a new connection.
        QCOMPARE(client.get("/hello").status, 200);
    }

    void clientNotReading()
    {
        QTRY_COMPARE(fast_->openConnections(), 0);
        TestHttpClient client(fast_->port());
        // 32 MB cannot fit in the socket buffers, so the server waits, then gives up.
        const quint64 handled = fast_->requestsHandled();
        QVERIFY(client.sendRaw(client.buildRequest("GET", "/big?n=33554432")));
        QTRY_COMPARE(fast_->requestsHandled(), handled + 1);
        QTRY_COMPARE_WITH_TIMEOUT(fast_->openConnections(), 0, 5000);
        QVERIFY(client.waitForClose(5000));
        QVERIFY(client.pendingBytes().size() < 32 * 1024 * 1024);

        log_->take();
        TestHttpClient streaming(fast_->port());
        QVERIFY(streaming.sendRaw(streaming.buildRequest("GET", "/bigstream")));
        QTRY_COMPARE_WITH_TIMEOUT(log_->count(), 1, 5000);
        const auto finished = log_->take();
        QCOMPARE(finished[0].first, false);
        QVERIFY(finished[0].second > 0);
        QVERIFY(finished[0].second < 1024 * 64 * 1024);
        QTRY_COMPARE_WITH_TIMEOUT(fast_->openConnections(), 0, 5000);
        expectServing(fast_.get());
    }

    void concurrentClients()
    {
        constexpr int kThreads = 8;
        constexpr int kRequests = 200;
        const quint16 p = port();
        const quint64 before = server_->requestsHandled();
        std::atomic<int> good{0};
        std::vector<QString> failures(kThreads);
        std::vector<std::thread> threads;
        for (int t = 0; t < kThreads; ++t) {
            threads.emplace_back([&, t] {
                TestHttpClient client(p);
                for (int i = 0; i < kRequests; ++i) {
                    const QByteArray body = QByteArray::number(t) + ':' + QByteArray::number(i);
                    const TestResponse r = client.post("/echo?t=" + QByteArray::number(t), body);
                    if (r.status == 200 && r.body == body &&
                        r.header("X-Query") == "t=" + QByteArray::number(t)) {
                        ++good;
                    } else if (failures[t].isEmpty()) {
                        failures[t] = QString("thread %1 request %2: status %3, %4")
                                          .arg(t)
                                          .arg(i)
                                          .arg(r.status)
                                          .arg(r.error);
                    }
                }
            });
        }
        for (auto &th : threads)
            th.join();
        for (const QString &f : failures)
            QVERIFY2(f.isEmpty(), qPrintable(f));
        QCOMPARE(good.load(), kThreads * kRequests);
        QCOMPARE(server_->requestsHandled() - before, quint64(kThreads * kRequests));
    }

    void events()
    {
        auto sink = std::make_shared<rs::trace::CollectingSink>();
        rs::trace::EventDispatcher dispatcher;
        dispatcher.addSink(sink);
        dispatcher.start();

        TestHttpClient client(port());
        const TestResponse a = client.get("/echo/x%20y?q=1");
        const TestResponse b = client.post("/echo", "payload");
        const TestResponse s = client.get("/stream");
        TestHttpClient bad(port());
        QVERIFY(bad.sendRaw("NOT HTTP AT ALL\r\n\r\n"));
        QCOMPARE(bad.readResponse().status, 400);
        const quint64 idA = a.header("X-Req-Id").toULongLong();
        const quint64 idB = b.header("X-Req-Id").toULongLong();
        QVERIFY(idA > 0);
        QVERIFY(idB > idA);

        auto endOf = [&](quint64 id) -> std::optional<rs::trace::Event> {
            dispatcher.sync();
            for (const auto &e : sink->eventsOfRequest(id))
                if (e.kind == rs::trace::EventKind::RequestEnd)
                    return e;
            return std::nullopt;
        };
        QTRY_VERIFY(endOf(idA) && endOf(idB));
        auto hasError = [&] {
            dispatcher.sync();
            for (const auto &e : sink->events())
                if (e.kind == rs::trace::EventKind::Error && e.field("type") == "bad_request")
                    return true;
            return false;
        };
        QTRY_VERIFY(hasError());
        // The streamed response ends after its last chunk; find its id from the begin event.
        quint64 idS = 0;
        QTRY_VERIFY([&] {
            dispatcher.sync();
            for (const auto &e : sink->events())
                if (e.kind == rs::trace::EventKind::RequestBegin && e.field("path") == "/stream" &&
                    e.req > idB)
                    idS = e.req;
            return idS != 0 && endOf(idS).has_value();
        }());
        dispatcher.stop();

        const auto eventsA = sink->eventsOfRequest(idA);
        QCOMPARE(int(eventsA.size()), 2);
        QCOMPARE(eventsA[0].kind, rs::trace::EventKind::RequestBegin);
        QCOMPARE(eventsA[0].field("method").toString(), QString("GET"));
        QCOMPARE(eventsA[0].field("path").toString(), QString("/echo/x y"));
        QVERIFY(QString::fromUtf8(eventsA[0].thread).startsWith("worker-"));
        QCOMPARE(eventsA[1].kind, rs::trace::EventKind::RequestEnd);
        QCOMPARE(eventsA[1].field("status").toInt(), 200);
        QCOMPARE(eventsA[1].field("bytes").toLongLong(), a.rawBytes);
        QVERIFY(eventsA[1].field("dur_us").toLongLong() >= 0);
        QVERIFY(eventsA[0].seq < eventsA[1].seq);
        QCOMPARE(QByteArray(eventsA[0].thread), QByteArray(eventsA[1].thread));

        const auto eventsB = sink->eventsOfRequest(idB);
        QCOMPARE(int(eventsB.size()), 2);
        QCOMPARE(eventsB[0].field("method").toString(), QString("POST"));
        QCOMPARE(eventsB[1].field("bytes").toLongLong(), b.rawBytes);

        const auto eventsS = sink->eventsOfRequest(idS);
        QCOMPARE(int(eventsS.size()), 2);
        QCOMPARE(eventsS[1].field("status").toInt(), 200);
        QCOMPARE(eventsS[1].field("bytes").toLongLong(), s.rawBytes);

        bool sawBad = false;
        for (const auto &e : sink->events()) {
            if (e.kind == rs::trace::EventKind::Error && e.field("type") == "bad_request") {
                QCOMPARE(e.field("where").toString(), QString("http"));
                QVERIFY(!e.field("message").toString().isEmpty());
                sawBad = true;
            }
        }
        QVERIFY(sawBad);
    }

    void portInUse()
    {
        QTcpServer occupier;
        QVERIFY(occupier.listen(QHostAddress::LocalHost, 0));
        ServerConfig c = smallConfig();
        c.port = occupier.serverPort();
        HttpServer second(c, makeHandler(log_));
        QString error;
        QVERIFY(!second.start(&error));
        QCOMPARE(error, QString("127.0.0.1:%1 is already in use").arg(c.port));
        QVERIFY(!second.isListening());
        second.stop();
    }

    void startStopRestart()
    {
        ServerConfig c = smallConfig();
        c.port = rs::test::FreePort::find();
        QVERIFY(c.port != 0);
        c.threads = 3;
        HttpServer server(c, makeHandler(log_));
        QVERIFY(server.start());
        QCOMPARE(server.port(), c.port);
        QCOMPARE(server.address(), QHostAddress(QHostAddress::LocalHost));
        TestHttpClient client(server.port());
        QCOMPARE(client.get("/hello").status, 200);
        // Stopping closes open connections.
        server.stop();
        server.stop();
        QVERIFY(!server.isListening());
        QVERIFY(client.waitForClose(2000));
        QVERIFY(!rs::test::FreePort::isListening(c.port));
        QVERIFY(server.start());
        TestHttpClient again(server.port());
        QCOMPARE(again.get("/hello").status, 200);
        // The destructor stops it.
    }
};

QTEST_GUILESS_MAIN(TestHttpServer)
#include "tst_httpserver.moc"
