// Unit tests of what the server writes: status texts, error pages, dates, heads, output queue.
#include "core/http/DateHeader.h"
#include "core/http/HttpResponse.h"
#include "core/http/OutputQueue.h"
#include "core/http/ResponseHead.h"
#include "core/http/StatusText.h"

#include <QtTest>

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace rs::http;

namespace {
QByteArray head(const HttpResponse &r, ResponseHead::Framing f)
{
    QByteArray out;
    ResponseHead::append(out, r, f);
    return out;
}

QByteArray readAll(int fd)
{
    QByteArray out;
    char buf[65536];
    for (;;) {
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n <= 0)
            return out;
        out.append(buf, n);
    }
}
} // namespace

class TestResponseWriting : public QObject {
    Q_OBJECT

private slots:
    void reasonPhrases_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("reason");
        QTest::newRow("200") << 200 << QByteArray("OK");
        QTest::newRow("201") << 201 << QByteArray("Created");
        QTest::newRow("204") << 204 << QByteArray("No Content");
        QTest::newRow("301") << 301 << QByteArray("Moved Permanently");
        QTest::newRow("302") << 302 << QByteArray("Found");
        QTest::newRow("304") << 304 << QByteArray("Not Modified");
        QTest::newRow("307") << 307 << QByteArray("Temporary Redirect");
        QTest::newRow("308") << 308 << QByteArray("Permanent Redirect");
        QTest::newRow("400") << 400 << QByteArray("Bad Request");
        QTest::newRow("404") << 404 << QByteArray("Not Found");
        QTest::newRow("405") << 405 << QByteArray("Method Not Allowed");
        QTest::newRow("408") << 408 << QByteArray("Request Timeout");
        QTest::newRow("413") << 413 << QByteArray("Request Entity Too Large");
        QTest::newRow("418") << 418 << QByteArray("I'm a teapot");
        QTest::newRow("429") << 429 << QByteArray("Too Many Requests");
        QTest::newRow("431") << 431 << QByteArray("Request Header Fields Too Large");
        QTest::newRow("500") << 500 << QByteArray("Internal Server Error");
        QTest::newRow("503") << 503 << QByteArray("Service Unavailable");
        QTest::newRow("999") << 999 << QByteArray("Unknown");
    }

    void reasonPhrases()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, reason);
        QCOMPARE(reasonPhrase(status), reason);
    }

    void errorPagesAreWerkzeugs()
    {
        QCOMPARE(
            StatusText::errorPage(400),
            QByteArray(
                "<!doctype html>\n<html lang=en>\n<title>400 Bad Request</title>\n<h1>Bad Request</h1>\n"
                "<p>The browser (or proxy) sent a request that this server could not understand.</p>\n"));
        QCOMPARE(
            StatusText::errorPage(408),
            QByteArray("<!doctype html>\n<html lang=en>\n<title>408 Request Timeout</title>\n"
                       "<h1>Request Timeout</h1>\n<p>The server closed the network connection because the "
                       "browser didn&#39;t finish the request within the specified time.</p>\n"));
        QCOMPARE(StatusText::errorPage(413),
                 QByteArray(
                     "<!doctype html>\n<html lang=en>\n<title>413 Request Entity Too Large</title>\n"
                     "<h1>Request Entity Too Large</h1>\n<p>The data value transmitted exceeds the capacity "
                     "limit.</p>\n"));
        QCOMPARE(
            StatusText::errorPage(431),
            QByteArray("<!doctype html>\n<html lang=en>\n<title>431 Request Header Fields Too Large</title>\n"
                       "<h1>Request Header Fields Too Large</h1>\n<p>One or more header fields exceeds the "
                       "maximum size.</p>\n"));
    }

    void httpDate()
    {
        QCOMPARE(DateHeader::format(784111777), QByteArray("Sun, 06 Nov 1994 08:49:37 GMT"));
        QCOMPARE(DateHeader::format(0), QByteArray("Thu, 01 Jan 1970 00:00:00 GMT"));
        QCOMPARE(DateHeader::format(4102444799), QByteArray("Thu, 31 Dec 2099 23:59:59 GMT"));
        const QByteArray line = DateHeader::headerLine();
        QVERIFY(line.startsWith("Date: "));
        QVERIFY(line.endsWith(" GMT\r\n"));
        QCOMPARE(line.size(), 37);
    }

    void defaultHead()
    {
        HttpResponse r;
        r.headers.add("Content-Type", "text/plain");
        ResponseHead::Framing f;
        f.contentLength = 5;
        const QByteArray h = head(r, f);
        QVERIFY(h.startsWith("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\nDate: "));
        QVERIFY(h.endsWith(" GMT\r\nServer: RequestScope\r\n\r\n"));
        QVERIFY(!h.contains("Connection"));
    }

    void handlerHeadersWin()
    {
        HttpResponse r;
        r.status = 302;
        r.reason = "Elsewhere";
        r.headers.add("Location", "/x");
        r.headers.add("content-length", "0");
        r.headers.add("Date", "yesterday");
        r.headers.add("Server", "Mine");
        r.headers.add("Set-Cookie", "a=1");
        r.headers.add("Set-Cookie", "b=2");
        ResponseHead::Framing f;
        f.contentLength = 0;
        QCOMPARE(
            head(r, f),
            QByteArray("HTTP/1.1 302 Elsewhere\r\nLocation: /x\r\ncontent-length: 0\r\nDate: yesterday\r\n"
                       "Server: Mine\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\n\r\n"));
    }

    void framingHeaders()
    {
        HttpResponse r;
        r.headers.add("Connection", "keep-alive");
        r.headers.add("Transfer-Encoding", "gzip");
        r.headers.add("Date", "d");
        r.headers.add("Server", "s");
        ResponseHead::Framing chunked;
        chunked.chunked = true;
        chunked.contentLength = 10;
        QCOMPARE(head(r, chunked),
                 QByteArray("HTTP/1.1 200 OK\r\nDate: d\r\nServer: s\r\nTransfer-Encoding: chunked\r\n\r\n"));
        ResponseHead::Framing close;
        close.close = true;
        close.http10 = true;
        QCOMPARE(head(r, close),
                 QByteArray("HTTP/1.1 200 OK\r\nDate: d\r\nServer: s\r\nConnection: close\r\n\r\n"));
        ResponseHead::Framing old;
        old.http10 = true;
        old.contentLength = 0;
        QCOMPARE(head(r, old), QByteArray("HTTP/1.1 200 OK\r\nDate: d\r\nServer: s\r\nContent-Length: 0\r\n"
                                          "Connection: keep-alive\r\n\r\n"));
        HttpResponse closing;
        closing.headers.add("Connection", "Close");
        QVERIFY(ResponseHead::asksToClose(closing));
        QVERIFY(!ResponseHead::asksToClose(r));
    }

    void noHeaderInjection()
    {
        HttpResponse r;
        r.headers.add("X-Evil", "a\r\nSet-Cookie: owned=1");
        r.headers.add("Date", "d");
        r.headers.add("Server", "s");
        const QByteArray h = head(r, {});
        QVERIFY(h.contains("X-Evil: a  Set-Cookie: owned=1\r\n"));
        QVERIFY(!h.contains("\r\nSet-Cookie"));
    }

    void outputQueueKeepsOrder()
    {
        int fds[2];
        QCOMPARE(::socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0);
        ::fcntl(fds[0], F_SETFL, O_NONBLOCK);
        ::fcntl(fds[1], F_SETFL, O_NONBLOCK);
        const int small = 4096;
        ::setsockopt(fds[0], SOL_SOCKET, SO_SNDBUF, &small, sizeof small);

        OutputQueue q;
        QByteArray expected;
        for (int i = 0; i < 50; ++i) {
            const QByteArray headPart = "head" + QByteArray::number(i) + ";";
            const QByteArray body(i % 3 == 0 ? 20000 + i : 10 + i, char('a' + i % 26));
            q.append(headPart.constData(), headPart.size());
            q.append(body);
            expected += headPart + body;
        }
        QCOMPARE(q.appended(), qint64(expected.size()));
        QByteArray received;
        int rounds = 0;
        while (!q.empty() && rounds++ < 10000) {
            QVERIFY(q.writeTo(fds[0]));
            received += readAll(fds[1]);
            QCOMPARE(q.written(), qint64(received.size()));
        }
        QVERIFY(q.empty());
        QCOMPARE(received, expected);
        QVERIFY(rounds > 1); // the small buffer made it take several writes

        // Reused after draining.
        q.append("again", 5);
        QVERIFY(q.writeTo(fds[0]));
        QCOMPARE(readAll(fds[1]), QByteArray("again"));
        QCOMPARE(q.written(), qint64(expected.size() + 5));

        ::close(fds[1]);
        q.append("x", 1);
        QVERIFY(!q.writeTo(fds[0])); // peer gone: an error, and no SIGPIPE
        ::close(fds[0]);
    }
};

QTEST_GUILESS_MAIN(TestResponseWriting)
#include "tst_responsewriting.moc"
