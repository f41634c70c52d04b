// HistoryHar: the client's history written as HAR 1.2 and read back unchanged (headers, bodies
// including binary ones, status, errors, times); the HAR shape; a browser's HAR with its extra
// fields imports; damaged files give problems named by JSON path, and a bad entry is reported while
// the good ones are kept; redaction removes cookie and authorization values; `_requestscope`.
#include "ui/client/HistoryHar.h"
#include "ui/client/HistoryModel.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QtTest>

using namespace rs::ui;

namespace {
QByteArray browserHar(); // at the end of the file

QByteArray allBytes()
{
    QByteArray b;
    for (int i = 0; i < 256; ++i)
        b.append(char(i));
    return b;
}

QList<HistoryEntry> sampleHistory()
{
    QList<HistoryEntry> out;
    HistoryEntry get;
    get.method = QStringLiteral("GET");
    get.url = QUrl(QStringLiteral("http://127.0.0.1:5000/search?q=a%20b&lang=fr"));
    get.requestHeaders = {{"Accept", "application/json"}, {"X-Trace", "one"}};
    get.sentAt = QDateTime(QDate(2024, 3, 5), QTime(10, 11, 12, 345), Qt::OffsetFromUTC, 3600);
    get.status = 200;
    get.reason = QStringLiteral("OK");
    // QNetworkReply joins repeated Set-Cookie headers with '\n'.
    get.responseHeaders = {{"Content-Type", "application/json"},
                           {"Set-Cookie", "session=abc; HttpOnly; Path=/\ntheme=dark; Path=/"},
                           {"X-Request-Id", "17"}};
    get.body = "{\"é\": 1}";
    get.bodyBytes = get.body.size();
    get.elapsedMs = 12.5;
    get.requestId = 17;
    out << get;

    HistoryEntry post;
    post.method = QStringLiteral("POST");
    post.url = QUrl(QStringLiteral("http://127.0.0.1:5000/echo"));
    post.requestHeaders = {{"Content-Type", "application/octet-stream"}};
    post.requestBody = allBytes();
    post.sentAt = QDateTime(QDate(2024, 3, 5), QTime(9, 0, 0, 1), Qt::UTC);
    post.status = 201;
    post.reason = QStringLiteral("CREATED");
    post.responseHeaders = {{"Content-Type", "image/png"}};
    post.body = allBytes() + allBytes();
    post.bodyBytes = 1000000; // the body was cut at kMaxKeptBodyBytes in the real client
    post.elapsedMs = 3.25;
    out << post;

    HistoryEntry redirect;
    redirect.method = QStringLiteral("DELETE");
    redirect.url = QUrl(QStringLiteral("https://example.org/a/b"));
    redirect.sentAt = QDateTime(QDate(2024, 3, 5), QTime(9, 0, 1, 0), Qt::OffsetFromUTC, -5 * 3600);
    redirect.status = 302;
    redirect.reason = QStringLiteral("FOUND");
    redirect.responseHeaders = {{"Location", "/login"}};
    out << redirect;

    HistoryEntry failed;
    failed.method = QStringLiteral("GET");
    failed.url = QUrl(QStringLiteral("http://127.0.0.1:1/nothing"));
    failed.sentAt = QDateTime(QDate(2024, 3, 5), QTime(9, 0, 2, 0), Qt::UTC);
    failed.elapsedMs = 0.5;
    failed.error = QStringLiteral("Connection refused: nothing is listening on 127.0.0.1:1.");
    out << failed;
    return out;
}

QJsonObject parse(const QByteArray &har)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(har, &error);
    if (error.error != QJsonParseError::NoError)
        qWarning("not JSON: %s", qPrintable(error.errorString()));
    return doc.object();
}

QJsonObject entryAt(const QJsonObject &har, int i)
{
    return har[QStringLiteral("log")][QStringLiteral("entries")][i].toObject();
}

QString headerValue(const QJsonArray &headers, const QString &name)
{
    for (const QJsonValue &h : headers)
        if (h[QStringLiteral("name")].toString().compare(name, Qt::CaseInsensitive) == 0)
            return h[QStringLiteral("value")].toString();
    return QStringLiteral("<absent>");
}

// A valid one-entry HAR with `edit` applied to the entry, for the damage cases.
QByteArray withEntry(const std::function<void(QJsonObject &)> &edit)
{
    QJsonObject har = parse(HistoryHar::write(sampleHistory().mid(0, 1)));
    QJsonObject log = har[QStringLiteral("log")].toObject();
    QJsonArray entries = log[QStringLiteral("entries")].toArray();
    QJsonObject good = entries[0].toObject();
    QJsonObject bad = good;
    edit(bad);
    log[QStringLiteral("entries")] = QJsonArray{good, bad, good};
    har[QStringLiteral("log")] = log;
    return QJsonDocument(har).toJson();
}

void setPath(QJsonObject &o, const QStringList &path, const QJsonValue &value)
{
    if (path.size() == 1) {
        if (value.isUndefined())
            o.remove(path[0]);
        else
            o[path[0]] = value;
        return;
    }
    QJsonObject inner = o[path[0]].toObject();
    setPath(inner, path.mid(1), value);
    o[path[0]] = inner;
}
} // namespace

class HistoryHarTest : public QObject {
    Q_OBJECT

private slots:
    void roundTripKeepsTheHistory()
    {
        const QList<HistoryEntry> before = sampleHistory();
        const HistoryHar::ReadResult read = HistoryHar::read(HistoryHar::write(before));
        QVERIFY2(read.problems.isEmpty(), qPrintable(read.problems.join(QLatin1Char('\n'))));
        QVERIFY(!read.unreadable);
        QCOMPARE(read.total, int(before.size()));
        QCOMPARE(read.entries.size(), before.size());
        for (qsizetype i = 0; i < before.size(); ++i) {
            const HistoryEntry &a = before[i];
            const HistoryEntry &b = read.entries[i];
            QCOMPARE(b.method, a.method);
            QCOMPARE(b.url, a.url);
            QCOMPARE(b.requestHeaders, a.requestHeaders);
            QCOMPARE(b.requestBody, a.requestBody);
            QCOMPARE(b.sentAt, a.sentAt);
            QCOMPARE(b.sentAt.offsetFromUtc(), a.sentAt.offsetFromUtc());
            QCOMPARE(b.status, a.status);
            QCOMPARE(b.reason, a.reason);
            QCOMPARE(b.responseHeaders, a.responseHeaders);
            QCOMPARE(b.body, a.body);
            QCOMPARE(b.bodyBytes, a.bodyBytes);
            QCOMPARE(b.elapsedMs, a.elapsedMs);
            QCOMPARE(b.error, a.error);
            // An old run's engine id would name another request of the running engine.
            QCOMPARE(b.requestId, quint64(0));
        }

        // Into a model, as the panel does.
        HistoryModel model;
        new QAbstractItemModelTester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal, &model);
        for (const HistoryEntry &e : read.entries)
            model.append(e);
        QCOMPARE(model.rowCount(), 4);
        QCOMPARE(model.data(model.index(1, HistoryModel::UrlColumn)).toString(),
                 QStringLiteral("http://127.0.0.1:5000/echo"));
        QCOMPARE(model.data(model.index(3, HistoryModel::StatusColumn)).toString(), QStringLiteral("error"));
    }

    void theHarHasTheShapeOf12()
    {
        const QJsonObject har = parse(HistoryHar::write(sampleHistory()));
        const QJsonObject log = har[QStringLiteral("log")].toObject();
        QCOMPARE(log[QStringLiteral("version")].toString(), QStringLiteral("1.2"));
        QVERIFY(!log[QStringLiteral("creator")][QStringLiteral("name")].toString().isEmpty());
        QCOMPARE(log[QStringLiteral("entries")].toArray().size(), 4);

        const QJsonObject get = entryAt(har, 0);
        QCOMPARE(get[QStringLiteral("startedDateTime")].toString(),
                 QStringLiteral("2024-03-05T10:11:12.345+01:00"));
        QCOMPARE(entryAt(har, 1)[QStringLiteral("startedDateTime")].toString(),
                 QStringLiteral("2024-03-05T09:00:00.001Z"));
        QCOMPARE(get[QStringLiteral("time")].toDouble(), 12.5);
        const QJsonObject request = get[QStringLiteral("request")].toObject();
        QCOMPARE(request[QStringLiteral("url")].toString(),
                 QStringLiteral("http://127.0.0.1:5000/search?q=a%20b&lang=fr"));
        QCOMPARE(request[QStringLiteral("httpVersion")].toString(), QStringLiteral("HTTP/1.1"));
        QCOMPARE(request[QStringLiteral("queryString")].toArray(),
                 (QJsonArray{QJsonObject{{"name", "q"}, {"value", "a b"}},
                             QJsonObject{{"name", "lang"}, {"value", "fr"}}}));
        QCOMPARE(request[QStringLiteral("headersSize")].toInt(), -1);
        QCOMPARE(request[QStringLiteral("bodySize")].toInt(), 0);
        QVERIFY(!request.contains(QStringLiteral("postData"))); // no body, no postData
        const QJsonObject response = get[QStringLiteral("response")].toObject();
        QCOMPARE(response[QStringLiteral("status")].toInt(), 200);
        QCOMPARE(response[QStringLiteral("statusText")].toString(), QStringLiteral("OK"));
        QCOMPARE(response[QStringLiteral("content")][QStringLiteral("mimeType")].toString(),
                 QStringLiteral("application/json"));
        QCOMPARE(response[QStringLiteral("content")][QStringLiteral("text")].toString(),
                 QStringLiteral("{\"é\": 1}"));
        QVERIFY(!response[QStringLiteral("content")].toObject().contains(QStringLiteral("encoding")));
        // One Set-Cookie header and one cookie per cookie, as browsers write them.
        QStringList setCookies;
        for (const QJsonValue &h : response[QStringLiteral("headers")].toArray())
            if (h[QStringLiteral("name")].toString() == QLatin1String("Set-Cookie"))
                setCookies << h[QStringLiteral("value")].toString();
        QCOMPARE(setCookies, (QStringList{"session=abc; HttpOnly; Path=/", "theme=dark; Path=/"}));
        const QJsonArray cookies = response[QStringLiteral("cookies")].toArray();
        QCOMPARE(cookies.size(), 2);
        QCOMPARE(cookies[0][QStringLiteral("value")].toString(), QStringLiteral("abc"));
        QCOMPARE(cookies[0][QStringLiteral("httpOnly")].toBool(), true);
        QCOMPARE(get[QStringLiteral("cache")].toObject(), QJsonObject{});
        const QJsonObject timings = get[QStringLiteral("timings")].toObject();
        QCOMPARE(timings[QStringLiteral("send")].toDouble() + timings[QStringLiteral("wait")].toDouble() +
                     timings[QStringLiteral("receive")].toDouble(),
                 12.5);
        // Without a RequestStore the custom block names the engine's request only.
        QCOMPARE(get[QStringLiteral("_requestscope")].toObject(), (QJsonObject{{"id", 17}}));

        const QJsonObject post = entryAt(har, 1);
        const QJsonObject postData = post[QStringLiteral("request")][QStringLiteral("postData")].toObject();
        QCOMPARE(postData[QStringLiteral("mimeType")].toString(), QStringLiteral("application/octet-stream"));
        QCOMPARE(postData[QStringLiteral("encoding")].toString(), QStringLiteral("base64"));
        QCOMPARE(QByteArray::fromBase64(postData[QStringLiteral("text")].toString().toLatin1()), allBytes());
        const QJsonObject content = post[QStringLiteral("response")][QStringLiteral("content")].toObject();
        QCOMPARE(content[QStringLiteral("encoding")].toString(), QStringLiteral("base64"));
        QCOMPARE(content[QStringLiteral("size")].toDouble(), 1e6);
        QVERIFY(!post.contains(QStringLiteral("_requestscope"))); // no X-Request-Id

        QCOMPARE(entryAt(har, 2)[QStringLiteral("response")][QStringLiteral("redirectURL")].toString(),
                 QStringLiteral("/login"));
        const QJsonObject failed = entryAt(har, 3)[QStringLiteral("response")].toObject();
        QCOMPARE(failed[QStringLiteral("status")].toInt(), 0);
        QVERIFY(failed[QStringLiteral("_error")].toString().startsWith(QStringLiteral("Connection refused")));
    }

    void aBrowserHarImports()
    {
        const HistoryHar::ReadResult read = HistoryHar::read(browserHar());
        QVERIFY(!read.unreadable);
        QCOMPARE(read.total, 4);
        QCOMPARE(read.entries.size(), 3);
        // The data: URL is reported, not dropped silently.
        QCOMPARE(read.problems.size(), 1);
        QVERIFY2(read.problems[0].startsWith(QStringLiteral(
                     "log.entries[2].request.url: not an http(s) URL the client can send (the string "
                     "\"data:image/png;base64,AAAA\")")),
                 qPrintable(read.problems[0]));

        const HistoryEntry &hello = read.entries[0];
        QCOMPARE(hello.method, QStringLiteral("GET"));
        QCOMPARE(hello.url, QUrl(QStringLiteral("http://localhost:5000/hello?x=1")));
        // The HTTP/2 pseudo-header is not a header the client could send.
        QCOMPARE(hello.requestHeaders, (HeaderPairs{{"Host", "localhost:5000"}, {"Accept", "text/html"}}));
        QCOMPARE(hello.status, 200);
        QCOMPARE(hello.body, QByteArray("hello\n"));
        QCOMPARE(hello.bodyBytes, 6);
        QCOMPARE(hello.elapsedMs, 4.56);
        QCOMPARE(hello.sentAt, QDateTime(QDate(2024, 3, 5), QTime(10, 0, 0, 123), Qt::UTC));
        // Two Set-Cookie headers become one, joined as QNetworkReply joins them.
        QCOMPARE(hello.responseHeader("Set-Cookie"), QByteArray("a=1; Path=/\nb=2; Path=/"));

        const HistoryEntry &login = read.entries[1];
        QCOMPARE(login.method, QStringLiteral("POST"));
        QCOMPARE(login.requestBody, QByteArray("user=alex&pw=a%20b"));
        QCOMPARE(login.status, 302);
        QCOMPARE(login.reason, QStringLiteral("Found"));
        QCOMPARE(login.elapsedMs, 6.0); // from the timings, -1 left out
        QCOMPARE(login.sentAt, QDateTime(QDate(2024, 3, 5), QTime(10, 0, 1, 500), Qt::UTC));
        QVERIFY(login.body.isEmpty());

        const HistoryEntry &blocked = read.entries[2];
        QVERIFY(!blocked.hasResponse());
        QCOMPARE(blocked.error, QStringLiteral("net::ERR_CONNECTION_REFUSED"));
    }

    void damagedFilesNameThePath_data()
    {
        QTest::addColumn<QByteArray>("har");
        QTest::addColumn<bool>("unreadable");
        QTest::addColumn<int>("usable");
        QTest::addColumn<QString>("problem");

        QTest::newRow("empty") << QByteArray("  \n") << true << 0 << QStringLiteral("the file: empty");
        QTest::newRow("not JSON")
            << QByteArray("{\"log\": {\"entries\": [\n  {\"request\": }") << true << 0
            << QStringLiteral("the file: not JSON: object is missing after a comma at line 2, column 16");
        QTest::newRow("an array") << QByteArray("[1, 2]") << true << 0
                                  << QStringLiteral("the top level: not an object (an array)");
        QTest::newRow("no log") << QByteArray("{\"entries\": []}") << true << 0
                                << QStringLiteral("log: missing");
        QTest::newRow("log not an object") << QByteArray("{\"log\": \"x\"}") << true << 0
                                           << QStringLiteral("log: not an object (the string \"x\")");
        QTest::newRow("no entries") << QByteArray("{\"log\": {\"version\": \"1.2\"}}") << true << 0
                                    << QStringLiteral("log.entries: missing");
        QTest::newRow("entries not an array") << QByteArray("{\"log\": {\"entries\": {}}}") << true << 0
                                              << QStringLiteral("log.entries: not an array (an object)");

        const auto damaged = [](const QStringList &path, const QJsonValue &value) {
            return withEntry([=](QJsonObject &e) { setPath(e, path, value); });
        };
        QTest::newRow("no request.url") << damaged({"request", "url"}, QJsonValue::Undefined) << false << 2
                                        << QStringLiteral("log.entries[1].request.url: missing");
        QTest::newRow("url a number")
            << damaged({"request", "url"}, 5) << false << 2
            << QStringLiteral("log.entries[1].request.url: not a string (the number 5)");
        QTest::newRow("no request") << damaged({"request"}, QJsonValue::Undefined) << false << 2
                                    << QStringLiteral("log.entries[1].request: missing");
        QTest::newRow("status not a number")
            << damaged({"response", "status"}, QStringLiteral("abc")) << false << 2
            << QStringLiteral("log.entries[1].response.status: not a number (the string \"abc\")");
        QTest::newRow("status out of range")
            << damaged({"response", "status"}, 20000) << false << 2
            << QStringLiteral("log.entries[1].response.status: not an HTTP status (the number 20000)");
        QTest::newRow("no response") << damaged({"response"}, QJsonValue::Undefined) << false << 2
                                     << QStringLiteral("log.entries[1].response: missing");
        QTest::newRow("bad date")
            << damaged({"startedDateTime"}, QStringLiteral("yesterday")) << false << 2
            << QStringLiteral(
                   "log.entries[1].startedDateTime: not an ISO 8601 date (the string \"yesterday\")");
        QTest::newRow("bad base64") << withEntry([](QJsonObject &e) {
            setPath(e, {"response", "content", "text"}, QStringLiteral("@@@"));
            setPath(e, {"response", "content", "encoding"}, QStringLiteral("base64"));
        }) << false << 2 << QStringLiteral("log.entries[1].response.content.text: not valid base64");
        QTest::newRow("header without a value")
            << damaged({"request", "headers"},
                       QJsonArray{QJsonObject{{"name", "A"}, {"value", "1"}}, QJsonObject{{"name", "B"}}})
            << false << 2 << QStringLiteral("log.entries[1].request.headers[1].value: missing");
        QTest::newRow("headers not a list")
            << damaged({"response", "headers"}, QStringLiteral("x")) << false << 2
            << QStringLiteral("log.entries[1].response.headers: not an array (the string \"x\")");
        QTest::newRow("entry not an object")
            << QByteArray("{\"log\": {\"entries\": [7]}}") << false << 0
            << QStringLiteral("log.entries[0]: not an object (the number 7)");
    }

    void damagedFilesNameThePath()
    {
        QFETCH(QByteArray, har);
        QFETCH(bool, unreadable);
        QFETCH(int, usable);
        QFETCH(QString, problem);
        const HistoryHar::ReadResult read = HistoryHar::read(har);
        QCOMPARE(read.unreadable, unreadable);
        QCOMPARE(read.entries.size(), usable);
        QCOMPARE(read.problems, QStringList{problem});
        // The good entries around a bad one are still there, whole.
        for (const HistoryEntry &e : read.entries)
            QCOMPARE(e.url, sampleHistory()[0].url);
    }

    void redactionRemovesSecrets()
    {
        HistoryEntry e = sampleHistory()[0];
        e.requestHeaders = {{"Cookie", "session=s3cr3t-cookie; theme=dark"},
                            {"Authorization", "Bearer s3cr3t-token"},
                            {"X-Trace", "visible"}};
        e.responseHeaders = {{"Set-Cookie", "session=s3cr3t-new; HttpOnly\nother=s3cr3t-other"},
                             {"Content-Type", "text/plain"}};
        e.requestId = 0;
        const QByteArray plain = HistoryHar::write({e}, {});
        QVERIFY(plain.contains("s3cr3t-cookie")); // so the redacted check below means something

        HistoryHar::WriteOptions options;
        options.redact = true;
        const QByteArray redacted = HistoryHar::write({e}, options);
        QVERIFY2(!redacted.contains("s3cr3t"), redacted.constData());
        QVERIFY(!redacted.contains("dark"));
        const QJsonObject entry = entryAt(parse(redacted), 0);
        const QJsonObject request = entry[QStringLiteral("request")].toObject();
        QCOMPARE(headerValue(request[QStringLiteral("headers")].toArray(), QStringLiteral("Cookie")),
                 QStringLiteral("[redacted]"));
        QCOMPARE(headerValue(request[QStringLiteral("headers")].toArray(), QStringLiteral("Authorization")),
                 QStringLiteral("[redacted]"));
        QCOMPARE(headerValue(request[QStringLiteral("headers")].toArray(), QStringLiteral("X-Trace")),
                 QStringLiteral("visible"));
        // Cookie names stay, values go.
        QCOMPARE(request[QStringLiteral("cookies")].toArray(),
                 (QJsonArray{QJsonObject{{"name", "session"}, {"value", "[redacted]"}},
                             QJsonObject{{"name", "theme"}, {"value", "[redacted]"}}}));
        const QJsonObject response = entry[QStringLiteral("response")].toObject();
        QCOMPARE(headerValue(response[QStringLiteral("headers")].toArray(), QStringLiteral("Set-Cookie")),
                 QStringLiteral("[redacted]"));
        QCOMPARE(headerValue(response[QStringLiteral("headers")].toArray(), QStringLiteral("Content-Type")),
                 QStringLiteral("text/plain"));
        const QJsonArray cookies = response[QStringLiteral("cookies")].toArray();
        QCOMPARE(cookies.size(), 2);
        QCOMPARE(cookies[0][QStringLiteral("name")].toString(), QStringLiteral("session"));
        QCOMPARE(cookies[0][QStringLiteral("value")].toString(), QStringLiteral("[redacted]"));
        QCOMPARE(cookies[0][QStringLiteral("httpOnly")].toBool(), true);
        // A redacted file still imports.
        QCOMPARE(HistoryHar::read(redacted).entries.size(), 1);
    }
};

QTEST_GUILESS_MAIN(HistoryHarTest)
#include "tst_history_har.moc"

namespace {
// A HAR as Chrome's "Save all as HAR with content" writes it (trimmed), with a Firefox-style entry
// (offset date, form sent as params only, no content text) and one a client cannot send.
QByteArray browserHar()
{
    return R"({
  "log": {
    "version": "1.2",
    "creator": {"name": "WebInspector", "version": "537.36"},
    "pages": [{"startedDateTime": "2024-03-05T10:00:00.000Z", "id": "page_1", "title": "http://localhost:5000/",
               "pageTimings": {"onContentLoad": 50.1, "onLoad": 80.2}}],
    "entries": [
      {
        "_initiator": {"type": "other"}, "_priority": "VeryHigh", "_resourceType": "document",
        "cache": {}, "connection": "1234", "pageref": "page_1",
        "request": {
          "method": "GET", "url": "http://localhost:5000/hello?x=1", "httpVersion": "HTTP/1.1",
          "headers": [{"name": "Host", "value": "localhost:5000"},
                      {"name": ":authority", "value": "localhost:5000"},
                      {"name": "Accept", "value": "text/html"}],
          "queryString": [{"name": "x", "value": "1"}], "cookies": [], "headersSize": 420, "bodySize": 0
        },
        "response": {
          "status": 200, "statusText": "OK", "httpVersion": "HTTP/1.1",
          "headers": [{"name": "Content-Type", "value": "text/plain"},
                      {"name": "Set-Cookie", "value": "a=1; Path=/"},
                      {"name": "Set-Cookie", "value": "b=2; Path=/"}],
          "cookies": [{"name": "a", "value": "1", "path": "/", "expires": null, "httpOnly": false, "secure": false}],
          "content": {"size": 6, "mimeType": "text/plain", "compression": 0, "text": "hello\n"},
          "redirectURL": "", "headersSize": 150, "bodySize": 6, "_transferSize": 156, "_error": null
        },
        "serverIPAddress": "127.0.0.1", "startedDateTime": "2024-03-05T10:00:00.123Z", "time": 4.56,
        "timings": {"blocked": 1.1, "dns": -1, "ssl": -1, "connect": -1, "send": 0.1, "wait": 3, "receive": 0.36,
                    "_blocked_queueing": 0.5}
      },
      {
        "pageref": "page_1", "startedDateTime": "2024-03-05T11:00:01.5+01:00",
        "request": {"bodySize": 11, "method": "POST", "url": "http://localhost:5000/login",
                    "httpVersion": "HTTP/1.1", "headers": [{"name": "Content-Type",
                    "value": "application/x-www-form-urlencoded"}], "cookies": [], "queryString": [],
                    "headersSize": 300,
                    "postData": {"mimeType": "application/x-www-form-urlencoded",
                                 "params": [{"name": "user", "value": "alex"}, {"name": "pw", "value": "a b"}]}},
        "response": {"status": 302, "statusText": "Found", "httpVersion": "HTTP/1.1",
                     "headers": [{"name": "Location", "value": "/home"}], "cookies": [],
                     "content": {"mimeType": "text/html", "size": 0}, "redirectURL": "/home",
                     "headersSize": 200, "bodySize": 0},
        "cache": {}, "timings": {"blocked": -1, "send": 1, "wait": 2, "receive": 3}
      },
      {
        "startedDateTime": "2024-03-05T10:00:02.000Z", "time": 1,
        "request": {"method": "GET", "url": "data:image/png;base64,AAAA", "httpVersion": "", "headers": [],
                    "cookies": [], "queryString": [], "headersSize": -1, "bodySize": 0},
        "response": {"status": 200, "statusText": "OK", "httpVersion": "", "headers": [], "cookies": [],
                     "content": {"size": 3, "mimeType": "image/png"}, "redirectURL": "", "headersSize": -1,
                     "bodySize": 0},
        "cache": {}, "timings": {"send": 0, "wait": 1, "receive": 0}
      },
      {
        "startedDateTime": "2024-03-05T10:00:03.000Z", "time": 0,
        "request": {"method": "GET", "url": "http://localhost:5000/blocked", "httpVersion": "", "headers": [],
                    "cookies": [], "queryString": [], "headersSize": -1, "bodySize": 0},
        "response": {"status": 0, "statusText": "", "httpVersion": "", "headers": [], "cookies": [],
                     "content": {"size": 0, "mimeType": "x-unknown"}, "redirectURL": "", "headersSize": -1,
                     "bodySize": -1, "_error": "net::ERR_CONNECTION_REFUSED"},
        "cache": {}, "timings": {"send": 0, "wait": 0, "receive": 0}
      }
    ]
  }
})";
}
} // namespace
