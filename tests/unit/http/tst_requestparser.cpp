// Unit tests of rs::http::RequestParser, the http_parser wrapper that builds HttpRequest.
#include "core/http/RequestParser.h"

#include <QtTest>

using rs::http::HttpRequest;
using rs::http::RequestParser;

namespace {
// Feeds `data` (in pieces of `step` bytes) until a request completes or the parser fails; returns
// the bytes consumed.
qsizetype feed(RequestParser &p, const QByteArray &data, qsizetype step = 0)
{
    if (step <= 0)
        step = data.size();
    qsizetype used = 0;
    while (used < data.size() && !p.requestComplete() && p.failure() == RequestParser::Failure::None) {
        const qsizetype n = std::min(step, data.size() - used);
        const qsizetype took = p.execute(data.constData() + used, n);
        used += took;
        if (took < n)
            break;
    }
    return used;
}
} // namespace

class TestRequestParser : public QObject {
    Q_OBJECT

private slots:
    void simpleGet_data()
    {
        QTest::addColumn<int>("step");
        QTest::newRow("whole") << 0;
        QTest::newRow("byte by byte") << 1;
        QTest::newRow("7 bytes") << 7;
    }

    void simpleGet()
    {
        QFETCH(int, step);
        RequestParser p(16384, 1 << 20);
        const QByteArray raw = "GET /a%20b/%C3%A9?x=1&y=2 HTTP/1.1\r\nHost: example.com:8080\r\nX-Empty:\r\n"
                               "Accept: a\r\nAccept: b\r\n\r\n";
        QCOMPARE(feed(p, raw, step), raw.size());
        QVERIFY(p.requestComplete());
        HttpRequest &r = p.request();
        QVERIFY(r.id > 0);
        QCOMPARE(r.method, QByteArray("GET"));
        QCOMPARE(r.target, QByteArray("/a%20b/%C3%A9?x=1&y=2"));
        QCOMPARE(r.rawPath, QByteArray("/a%20b/%C3%A9"));
        QCOMPARE(r.rawQuery, QByteArray("x=1&y=2"));
        QCOMPARE(r.path, QString::fromUtf8("/a b/é"));
        QCOMPARE(r.httpMajor, 1);
        QCOMPARE(r.httpMinor, 1);
        QVERIFY(r.keepAlive);
        QCOMPARE(r.header("host"), QByteArray("example.com:8080"));
        QCOMPARE(r.host(), QByteArray("example.com:8080"));
        QCOMPARE(r.header("X-Empty"), QByteArray(""));
        QVERIFY(r.headers.contains("X-Empty"));
        QCOMPARE(r.headers.values("Accept"), (std::vector<QByteArray>{"a", "b"}));
        QCOMPARE(r.headers.fields().front().first, QByteArray("Host")); // case kept
        QVERIFY(r.body.isEmpty());
        QVERIFY(!p.isHead());
    }

    void pipelinedRequestsStopOneAtATime()
    {
        RequestParser p(16384, 1 << 20);
        const QByteArray first = "POST /one HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc";
        const QByteArray second = "HEAD /two?q HTTP/1.1\r\n\r\n";
        const QByteArray both = first + second;
        const qsizetype n = p.execute(both.constData(), both.size());
        QCOMPARE(n, first.size());
        QVERIFY(p.requestComplete());
        QCOMPARE(p.request().body, QByteArray("abc"));
        const quint64 firstId = p.request().id;
        // Nothing more is parsed until the request was handled.
        QCOMPARE(p.execute(both.constData() + n, both.size() - n), qsizetype(0));
        p.nextRequest();
        QVERIFY(!p.inMessage());
        QCOMPARE(p.execute(both.constData() + n, both.size() - n), second.size());
        QVERIFY(p.requestComplete());
        QVERIFY(p.isHead());
        QCOMPARE(p.request().rawPath, QByteArray("/two"));
        QCOMPARE(p.request().rawQuery, QByteArray("q"));
        QVERIFY(p.request().body.isEmpty());
        QVERIFY(p.request().id > firstId);
    }

    void chunkedBody()
    {
        RequestParser p(16384, 1 << 20);
        const QByteArray raw = "POST /u HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                               "5\r\nhello\r\n1;ext=1\r\n \r\n5\r\nworld\r\n0\r\nTrailer: x\r\n\r\n";
        QCOMPARE(feed(p, raw, 3), raw.size());
        QVERIFY(p.requestComplete());
        QCOMPARE(p.request().body, QByteArray("hello world"));
    }

    void keepAliveRules_data()
    {
        QTest::addColumn<QByteArray>("raw");
        QTest::addColumn<bool>("keepAlive");
        QTest::newRow("1.1") << QByteArray("GET / HTTP/1.1\r\n\r\n") << true;
        QTest::newRow("1.1 close") << QByteArray("GET / HTTP/1.1\r\nConnection: close\r\n\r\n") << false;
        QTest::newRow("1.0") << QByteArray("GET / HTTP/1.0\r\n\r\n") << false;
        QTest::newRow("1.0 keep-alive")
            << QByteArray("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n") << true;
        QTest::newRow("upgrade") << QByteArray(
                                        "GET / HTTP/1.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n")
                                 << false;
    }

    void keepAliveRules()
    {
        QFETCH(QByteArray, raw);
        QFETCH(bool, keepAlive);
        RequestParser p(16384, 1 << 20);
        feed(p, raw);
        QVERIFY(p.requestComplete());
        QCOMPARE(p.request().keepAlive, keepAlive);
    }

    void expectContinue()
    {
        RequestParser p(16384, 1 << 20);
        const QByteArray head = "PUT /x HTTP/1.1\r\nContent-Length: 2\r\nExpect: 100-Continue\r\n\r\n";
        QCOMPARE(p.execute(head.constData(), head.size()), head.size());
        QVERIFY(p.headersComplete());
        QVERIFY(!p.requestComplete());
        QVERIFY(p.takeContinueRequest());
        QVERIFY(!p.takeContinueRequest());
        QCOMPARE(p.execute("ok", 2), qsizetype(2));
        QVERIFY(p.requestComplete());

        RequestParser noBody(16384, 1 << 20);
        feed(noBody, "GET / HTTP/1.1\r\nExpect: 100-continue\r\n\r\n");
        QVERIFY(!noBody.takeContinueRequest());
        RequestParser old(16384, 1 << 20);
        feed(old, "POST / HTTP/1.0\r\nContent-Length: 1\r\nExpect: 100-continue\r\n\r\nx");
        QVERIFY(!old.takeContinueRequest());
    }

    void targets_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::addColumn<QByteArray>("rawPath");
        QTest::addColumn<QByteArray>("rawQuery");
        QTest::addColumn<QString>("path");
        QTest::newRow("root") << QByteArray("GET / HTTP/1.1") << QByteArray("/") << QByteArray() << "/";
        QTest::newRow("absolute") << QByteArray("GET http://h.example:81/p/q?z=9 HTTP/1.1")
                                  << QByteArray("/p/q") << QByteArray("z=9") << "/p/q";
        QTest::newRow("asterisk") << QByteArray("OPTIONS * HTTP/1.1") << QByteArray("*") << QByteArray()
                                  << "*";
        QTest::newRow("plus stays") << QByteArray("GET /a+b%2Fc HTTP/1.1") << QByteArray("/a+b%2Fc")
                                    << QByteArray() << "/a+b/c";
        QTest::newRow("empty query") << QByteArray("GET /x? HTTP/1.1") << QByteArray("/x") << QByteArray()
                                     << "/x";
    }

    void targets()
    {
        QFETCH(QByteArray, line);
        QFETCH(QByteArray, rawPath);
        QFETCH(QByteArray, rawQuery);
        QFETCH(QString, path);
        RequestParser p(16384, 1 << 20);
        feed(p, line + "\r\nHost: h\r\n\r\n");
        QVERIFY(p.requestComplete());
        QCOMPARE(p.request().rawPath, rawPath);
        QCOMPARE(p.request().rawQuery, rawQuery);
        QCOMPARE(p.request().path, path);
    }

    void headerLimit()
    {
        RequestParser fits(256, 1 << 20);
        feed(fits, "GET / HTTP/1.1\r\nX: " + QByteArray(150, 'a') + "\r\n\r\n");
        QVERIFY(fits.requestComplete());

        RequestParser tooLong(256, 1 << 20);
        feed(tooLong, "GET / HTTP/1.1\r\nX: " + QByteArray(300, 'a') + "\r\n\r\n", 10);
        QCOMPARE(tooLong.failure(), RequestParser::Failure::HeaderTooLarge);
        QVERIFY(tooLong.failureMessage().contains("256"));

        RequestParser longUrl(256, 1 << 20);
        feed(longUrl, "GET /" + QByteArray(400, 'u') + " HTTP/1.1\r\n\r\n");
        QCOMPARE(longUrl.failure(), RequestParser::Failure::HeaderTooLarge);

        // The limit applies to each request of a connection on its own.
        RequestParser many(256, 1 << 20);
        const QByteArray one = "GET / HTTP/1.1\r\nX: " + QByteArray(150, 'a') + "\r\n\r\n";
        for (int i = 0; i < 5; ++i) {
            QCOMPARE(feed(many, one), one.size());
            QVERIFY(many.requestComplete());
            many.nextRequest();
        }
    }

    void bodyLimit()
    {
        RequestParser byLength(16384, 10);
        feed(byLength, "POST / HTTP/1.1\r\nContent-Length: 11\r\n\r\n");
        QCOMPARE(byLength.failure(), RequestParser::Failure::BodyTooLarge);

        RequestParser atLimit(16384, 10);
        feed(atLimit, "POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\n0123456789");
        QVERIFY(atLimit.requestComplete());

        RequestParser chunked(16384, 10);
        feed(chunked,
             "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n6\r\nabcdef\r\n6\r\nghijkl\r\n0\r\n\r\n");
        QCOMPARE(chunked.failure(), RequestParser::Failure::BodyTooLarge);
    }

    void malformed_data()
    {
        QTest::addColumn<QByteArray>("raw");
        QTest::newRow("no version") << QByteArray("GET /\r\n\r\n");
        QTest::newRow("bad method") << QByteArray("G@T / HTTP/1.1\r\n\r\n");
        QTest::newRow("bad header") << QByteArray("GET / HTTP/1.1\r\nNo colon here\r\n\r\n");
        QTest::newRow("bad length") << QByteArray("POST / HTTP/1.1\r\nContent-Length: x\r\n\r\n");
        QTest::newRow("two lengths") << QByteArray(
            "POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n");
        QTest::newRow("bad chunk") << QByteArray(
            "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n");
        QTest::newRow("http 2") << QByteArray("GET / HTTP/2.0\r\n\r\n");
        QTest::newRow("tls") << QByteArray("\x16\x03\x01\x00\xa5\x01\x00", 7);
    }

    void malformed()
    {
        QFETCH(QByteArray, raw);
        RequestParser p(16384, 1 << 20);
        feed(p, raw);
        QCOMPARE(p.failure(), RequestParser::Failure::BadRequest);
        QVERIFY(!p.failureMessage().isEmpty());
        QVERIFY(!p.requestComplete());
    }

    void idsIncrease()
    {
        RequestParser a(16384, 1 << 20);
        RequestParser b(16384, 1 << 20);
        feed(a, "GET / HTTP/1.1\r\n\r\n");
        feed(b, "GET / HTTP/1.1\r\n\r\n");
        QVERIFY(b.request().id > a.request().id);
        QVERIFY(RequestParser::nextRequestId() > b.request().id);
    }

    void prototypeFields()
    {
        RequestParser p(16384, 1 << 20);
        HttpRequest proto;
        proto.remoteAddress = QHostAddress("10.1.2.3");
        proto.remotePort = 4444;
        proto.localAddress = QHostAddress("::1");
        proto.localPort = 5000;
        p.setPrototype(proto);
        feed(p, "GET / HTTP/1.0\r\n\r\n");
        QCOMPARE(p.request().remoteAddress, QHostAddress("10.1.2.3"));
        QCOMPARE(p.request().remotePort, quint16(4444));
        QCOMPARE(p.request().host(), QByteArray("[::1]:5000"));
        p.nextRequest();
        QCOMPARE(p.request().remotePort, quint16(4444));
        QVERIFY(p.request().headers.empty());
        QVERIFY(p.request().target.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestRequestParser)
#include "tst_requestparser.moc"
