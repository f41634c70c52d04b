// Recordings read back (EventReader: plain and gzip, every kind of damage named by its line), and
// the exports checked against their formats' rules: Chrome Trace Event JSON (every B has its E on
// its track, properly nested, timestamps in order per track; a request runs on its coroutine's
// track) and HAR 1.2 (required fields, redaction).
#include "core/trace/ChromeTraceWriter.h"
#include "core/trace/EventReader.h"
#include "core/trace/HarWriter.h"
#include "core/trace/JsonLinesSink.h"
#include "core/trace/TraceSummary.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <map>
#include <memory>
#include <vector>
#include <zlib.h>

using namespace rs::trace;

namespace {
Event make(EventKind kind, std::uint64_t seq, std::int64_t tUs, std::uint64_t req, std::uint64_t ident,
           std::initializer_list<std::pair<const char *, QVariant>> fields, const char *thread = "worker-1")
{
    Event e(kind);
    e.seq = seq;
    e.tUs = tUs;
    e.req = req;
    e.ident = ident;
    e.thread = thread;
    const KindSpec &spec = kindSpec(kind);
    for (int i = 0; i < spec.fieldCount; ++i) {
        const FieldSpec &f = spec.fields[i];
        QVariant v;
        for (const auto &[name, value] : fields)
            if (qstrcmp(name, f.name) == 0)
                v = value;
        switch (f.type) {
        case FieldType::Text: e.setText(f.slot, v.toString().toStdString()); break;
        case FieldType::Int: e.setInt(f.slot, v.toLongLong()); break;
        case FieldType::Bool: e.setBool(f.slot, v.toBool()); break;
        }
    }
    return e;
}

constexpr std::uint64_t kThread = 4242;
constexpr std::uint64_t kCoroutine = 1'000'000'007;

// Request 1 on coroutine #7 of worker-1: begins on the event loop (thread ident), runs its phases
// in the coroutine, sleeps in its view, saves its session; request 2 on worker-2's thread fails.
std::vector<Event> recording()
{
    std::uint64_t seq = 1;
    return {
        make(EventKind::RequestBegin, seq++, 100, 1, kThread,
             {{"method", "GET"},
              {"path", "/login"},
              {"query", "a=1&b=x%20y"},
              {"headers", "Host: 127.0.0.1:5000\nCookie: session=abc; other=1\nAuthorization: Basic eDp5"}}),
        make(EventKind::PhaseBegin, seq++, 110, 1, kCoroutine, {{"phase", "wsgi_app"}, {"name", "demo"}}),
        make(EventKind::LocalSet, seq++, 115, 1, kThread,
             {{"local", "request_stack"}, {"key", "stack"}, {"value", "[]"}}),
        make(EventKind::StackPush, seq++, 116, 1, kThread,
             {{"stack", "request"}, {"depth", 1}, {"obj", "RequestContext#1"}}),
        make(EventKind::PhaseBegin, seq++, 120, 1, kCoroutine, {{"phase", "view"}, {"name", "login"}}),
        make(EventKind::RequestBegin, seq++, 125, 2, 77, {{"method", "GET"}, {"path", "/boom"}}, "worker-2"),
        make(EventKind::PhaseBegin, seq++, 126, 2, 77, {{"phase", "view"}, {"name", "boom"}}, "worker-2"),
        make(EventKind::CoroutineSuspend, seq++, 130, 1, kCoroutine, {{"coroutine", 7}, {"reason", "sleep"}}),
        make(EventKind::Error, seq++, 140, 2, 77,
             {{"where", "view"}, {"type", "RuntimeError"}, {"message", "boom"}}, "worker-2"),
        make(EventKind::PhaseEnd, seq++, 150, 2, 77, {{"phase", "view"}, {"name", "boom"}, {"dur_us", 24}},
             "worker-2"),
        make(EventKind::RequestEnd, seq++, 160, 2, 77,
             {{"status", 500},
              {"bytes", 300},
              {"dur_us", 35},
              {"headers", "HTTP/1.1 500 INTERNAL SERVER ERROR\nContent-Length: 265"}},
             "worker-2"),
        make(EventKind::CoroutineResume, seq++, 5130, 1, kCoroutine, {{"coroutine", 7}, {"waited_us", 5000}}),
        make(EventKind::SessionWrite, seq++, 5140, 1, kCoroutine,
             {{"key", "user"},
              {"value", "'alex'"},
              {"modified", true},
              {"accessed", false},
              {"permanent", false}}),
        make(EventKind::PhaseEnd, seq++, 5150, 1, kCoroutine,
             {{"phase", "view"}, {"name", "login"}, {"dur_us", 5030}}),
        make(EventKind::SessionSave, seq++, 5160, 1, kCoroutine,
             {{"decision", "set_cookie"},
              {"reason", "modified: Set-Cookie with the new session"},
              {"bytes", 40},
              {"data", "{'user': 'alex'}"}}),
        make(EventKind::PhaseEnd, seq++, 5170, 1, kCoroutine,
             {{"phase", "wsgi_app"}, {"name", "demo"}, {"dur_us", 5060}}),
        make(EventKind::RequestEnd, seq++, 5180, 1, kThread,
             {{"status", 200},
              {"bytes", 200},
              {"dur_us", 5080},
              {"headers", "HTTP/1.1 200 OK\nContent-Type: text/html; charset=utf-8\nContent-Length: "
                          "5\nSet-Cookie: session=xyz; HttpOnly; Path=/"}}),
    };
}

QString writeRecording(const QString &path, const std::vector<Event> &events)
{
    {
        JsonLinesSink sink(path.toStdString());
        sink.consume(events.data(), events.size());
    }
    return path;
}

std::vector<Event> readBack(const QString &path, EventReader &reader)
{
    QString error;
    std::vector<Event> out;
    if (!reader.open(path, &error)) {
        qWarning() << error;
        return out;
    }
    Event e;
    while (reader.next(e))
        out.push_back(e);
    return out;
}

void writeRaw(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(bytes);
}
} // namespace

class TraceFormatsTest : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir_;

private slots:
    void roundTrip_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("plain") << "rec.jsonl";
        QTest::newRow("gzip") << "rec.jsonl.gz";
    }

    // Every event comes back with every header field and every field of its kind.
    void roundTrip()
    {
        QFETCH(QString, name);
        const std::vector<Event> events = recording();
        const QString path = writeRecording(dir_.filePath(name), events);
        if (name.endsWith(QLatin1String(".gz"))) {
            QFile f(path);
            QVERIFY(f.open(QIODevice::ReadOnly));
            QCOMPARE(f.read(2), QByteArray("\x1f\x8b")); // really gzip
        }
        EventReader reader;
        const std::vector<Event> back = readBack(path, reader);
        QVERIFY2(!reader.damage(), qPrintable(reader.damage() ? reader.damage()->message : QString()));
        QCOMPARE(back.size(), events.size());
        for (std::size_t i = 0; i < events.size(); ++i)
            QCOMPARE(back[i].toMap(), events[i].toMap());
    }

    void damage_data()
    {
        QTest::addColumn<QByteArray>("tail");
        QTest::addColumn<QString>("message");
        QTest::newRow("cut short")
            << QByteArray("{\"seq\":99,\"t_us\":1,\"thr")
            << "line 18: not JSON (unterminated string at byte 25) (the recording ends in the "
               "middle of this line: it was cut short)";
        QTest::newRow("not an object") << QByteArray("[1,2]\n") << "line 18: not a JSON object";
        QTest::newRow("unknown kind")
            << QByteArray("{\"seq\":1,\"t_us\":1,\"thread\":\"w\",\"ident\":1,\"req\":0,\"kind\":\"nope\"}\n")
            << "line 18: unknown kind 'nope'";
        QTest::newRow("missing field") << QByteArray("{\"seq\":1,\"t_us\":1,\"thread\":\"w\",\"ident\":1,"
                                                     "\"req\":0,\"kind\":\"g.set\",\"key\":\"k\"}\n")
                                       << "line 18: g.set has no field 'value'";
        QTest::newRow("mistyped header")
            << QByteArray(
                   "{\"seq\":\"1\",\"t_us\":1,\"thread\":\"w\",\"ident\":1,\"req\":0,\"kind\":\"g.set\"}\n")
            << "line 18: field 'seq' is not a whole number";
        QTest::newRow("mistyped field")
            << QByteArray(
                   "{\"seq\":1,\"t_us\":1,\"thread\":\"w\",\"ident\":1,\"req\":0,\"kind\":\"request.end\","
                   "\"status\":\"200\",\"bytes\":1,\"dur_us\":1,\"headers\":\"\"}\n")
            << "line 18: field 'status' is not a whole number";
    }

    // A damaged recording is read up to the damage, and the damage names its line.
    void damage()
    {
        QFETCH(QByteArray, tail);
        QFETCH(QString, message);
        const QString path = writeRecording(dir_.filePath(QStringLiteral("damaged.jsonl")), recording());
        QFile f(path);
        QVERIFY(f.open(QIODevice::Append));
        f.write("\n"); // a blank line is skipped (line 18 is the one after it)
        f.write(tail);
        f.close();
        EventReader reader;
        const std::vector<Event> back = readBack(path, reader);
        QCOMPARE(back.size(), recording().size());
        QVERIFY(reader.damage());
        QCOMPARE(reader.damage()->line, std::int64_t(19));
        QCOMPARE(reader.damage()->message,
                 QString(message).replace(QLatin1String("line 18"), QLatin1String("line 19")));
    }

    // A gzip recording cut in the middle of its compressed data: what decompresses is read.
    void truncatedGzip()
    {
        std::vector<Event> events;
        for (int i = 0; i < 400; ++i)
            for (const Event &e : recording())
                events.push_back(e);
        const QString path = writeRecording(dir_.filePath(QStringLiteral("big.jsonl.gz")), events);
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray whole = f.readAll();
        f.close();
        writeRaw(path, whole.left(whole.size() / 2));
        EventReader reader;
        const std::vector<Event> back = readBack(path, reader);
        QVERIFY(!back.empty());
        QVERIFY(back.size() < events.size());
        QVERIFY(reader.damage());
        QVERIFY2(reader.damage()->message.startsWith(QStringLiteral("line %1:").arg(reader.damage()->line)),
                 qPrintable(reader.damage()->message));
    }

    void missingFile()
    {
        EventReader reader;
        QString error;
        QVERIFY(!reader.open(dir_.filePath(QStringLiteral("nope.jsonl")), &error));
        QVERIFY2(error.contains(QLatin1String("No such file")), qPrintable(error));
    }

    // The Chrome format's rules hold, and the request lives on its coroutine's track.
    void chromeTrace()
    {
        ChromeTraceWriter writer;
        std::vector<Event> events = recording();
        events.pop_back(); // request 1 never ends: its slices are closed as unfinished
        for (const Event &e : events)
            writer.add(e);
        const QJsonObject doc = QJsonDocument::fromJson(writer.finish()).object();
        const QJsonArray trace = doc.value(QLatin1String("traceEvents")).toArray();
        QVERIFY(!trace.isEmpty());
        std::map<std::pair<int, double>, std::vector<QString>> open;
        std::map<std::pair<int, double>, double> lastTs;
        std::map<std::pair<int, double>, QString> names;
        int slices = 0;
        int unfinished = 0;
        for (const QJsonValue &v : trace) {
            const QJsonObject o = v.toObject();
            const QString ph = o.value(QLatin1String("ph")).toString();
            const std::pair<int, double> track(o.value(QLatin1String("pid")).toInt(),
                                               o.value(QLatin1String("tid")).toDouble());
            if (ph == QLatin1String("M")) {
                if (o.value(QLatin1String("name")).toString() == QLatin1String("thread_name"))
                    names[track] =
                        o.value(QLatin1String("args")).toObject().value(QLatin1String("name")).toString();
                continue;
            }
            QVERIFY(o.contains(QLatin1String("ts")));
            const double ts = o.value(QLatin1String("ts")).toDouble();
            QVERIFY2(ts >= lastTs[track], "timestamps go back on a track");
            lastTs[track] = ts;
            const QString name = o.value(QLatin1String("name")).toString();
            if (ph == QLatin1String("B")) {
                open[track].push_back(name);
            } else if (ph == QLatin1String("E")) {
                QVERIFY2(!open[track].empty(), "an E without its B");
                QCOMPARE(open[track].back(), name); // properly nested
                open[track].pop_back();
                ++slices;
                unfinished +=
                    o.value(QLatin1String("args")).toObject().value(QLatin1String("unfinished")).toBool();
            } else if (ph == QLatin1String("X")) {
                QVERIFY(o.value(QLatin1String("dur")).toDouble() >= 0);
            } else {
                QCOMPARE(ph, QStringLiteral("i"));
            }
        }
        for (const auto &[track, stack] : open)
            QVERIFY2(stack.empty(), "a B without its E");
        QCOMPARE(slices, 6);     // requests 1 and 2, wsgi_app and view of 1, view of 2, the suspension
        QCOMPARE(unfinished, 1); // request 1's own slice: its request.end is not in the recording
        // Request 1's phases and its suspension are on coroutine #7's track, under worker-1.
        bool sawCoroutineTrack = false;
        for (const auto &[track, name] : names)
            sawCoroutineTrack |= name == QLatin1String("coroutine #7") && track.second == double(kCoroutine);
        QVERIFY(sawCoroutineTrack);
        for (const QJsonValue &v : trace) {
            const QJsonObject o = v.toObject();
            if (o.value(QLatin1String("name")).toString() == QLatin1String("suspended: sleep"))
                QCOMPARE(o.value(QLatin1String("tid")).toDouble(), double(kCoroutine));
            if (o.value(QLatin1String("name")).toString() == QLatin1String("stack.push"))
                QCOMPARE(o.value(QLatin1String("tid")).toDouble(), double(kCoroutine)); // its request's track
        }
    }

    // An unfinished recording: open slices closed at the end, marked unfinished.
    void chromeTraceClosesWhatIsOpen()
    {
        ChromeTraceWriter writer;
        const std::vector<Event> events = recording();
        for (std::size_t i = 0; i < 8; ++i) // up to the suspension
            writer.add(events[i]);
        const QJsonArray trace =
            QJsonDocument::fromJson(writer.finish()).object().value(QLatin1String("traceEvents")).toArray();
        int b = 0;
        int e = 0;
        int unfinished = 0;
        for (const QJsonValue &v : trace) {
            const QJsonObject o = v.toObject();
            b += o.value(QLatin1String("ph")).toString() == QLatin1String("B");
            e += o.value(QLatin1String("ph")).toString() == QLatin1String("E");
            unfinished +=
                o.value(QLatin1String("args")).toObject().value(QLatin1String("unfinished")).toBool();
        }
        QCOMPARE(b, 6); // the two requests, wsgi_app, view (request 1), view (request 2), suspended
        QCOMPARE(e, 6);
        QCOMPARE(unfinished, 4 + 2 * 2); // the four slices' E and both the B and E of the two requests
    }

    void har()
    {
        HarWriter writer(true);
        for (const Event &e : recording())
            writer.add(e);
        const QDateTime last =
            QDateTime::fromString(QStringLiteral("2026-12-06T12:00:00.000Z"), Qt::ISODateWithMs);
        const QJsonObject log =
            QJsonDocument::fromJson(writer.finish(last)).object().value(QLatin1String("log")).toObject();
        QCOMPARE(log.value(QLatin1String("version")).toString(), QStringLiteral("1.2"));
        const QJsonArray entries = log.value(QLatin1String("entries")).toArray();
        QCOMPARE(entries.size(), 2);
        const QJsonObject first = entries[0].toObject();
        for (const char *field : {"startedDateTime", "time", "request", "response", "cache", "timings"})
            QVERIFY2(first.contains(QLatin1String(field)), field);
        const QJsonObject request = first.value(QLatin1String("request")).toObject();
        QCOMPARE(request.value(QLatin1String("url")).toString(),
                 QStringLiteral("http://127.0.0.1:5000/login?a=1&b=x%20y"));
        QCOMPARE(request.value(QLatin1String("queryString")).toArray().size(), 2);
        QCOMPARE(request.value(QLatin1String("queryString"))
                     .toArray()[1]
                     .toObject()
                     .value(QLatin1String("value"))
                     .toString(),
                 QStringLiteral("x y"));
        // Redacted: the Cookie and Authorization headers and the cookie values.
        const QByteArray json = QJsonDocument(first).toJson();
        QVERIFY(!json.contains("abc"));
        QVERIFY(!json.contains("eDp5"));
        QVERIFY(!json.contains("xyz"));
        QCOMPARE(request.value(QLatin1String("cookies")).toArray().size(), 2);
        const QJsonObject response = first.value(QLatin1String("response")).toObject();
        QCOMPARE(response.value(QLatin1String("status")).toInt(), 200);
        QCOMPARE(response.value(QLatin1String("statusText")).toString(), QStringLiteral("OK"));
        QCOMPARE(response.value(QLatin1String("content")).toObject().value(QLatin1String("size")).toInt(), 5);
        QCOMPARE(response.value(QLatin1String("cookies"))
                     .toArray()[0]
                     .toObject()
                     .value(QLatin1String("httpOnly"))
                     .toBool(),
                 true);
        QCOMPARE(first.value(QLatin1String("time")).toDouble(), 5.08);
        // 5080 µs before the last event (at 12:00:00.000): 11:59:59.994/995.
        QVERIFY(first.value(QLatin1String("startedDateTime"))
                    .toString()
                    .startsWith(QLatin1String("2026-12-06T11:59:59.99")));
        const QJsonObject custom = first.value(QLatin1String("_requestscope")).toObject();
        QCOMPARE(custom.value(QLatin1String("ident")).toDouble(), double(kCoroutine));
        QCOMPARE(
            custom.value(QLatin1String("session")).toObject().value(QLatin1String("decision")).toString(),
            QStringLiteral("set_cookie"));
        QCOMPARE(custom.value(QLatin1String("phases")).toArray().size(), 2);
        const QJsonObject second = entries[1].toObject();
        QCOMPARE(second.value(QLatin1String("_requestscope"))
                     .toObject()
                     .value(QLatin1String("errors"))
                     .toArray()
                     .size(),
                 1);
    }

    void summary()
    {
        TraceSummary s;
        for (const Event &e : recording())
            s.add(e);
        QCOMPARE(s.requestsBegun(), std::int64_t(2));
        QCOMPARE(s.requestsEnded(), std::int64_t(2));
        QCOMPARE(s.statusCounts().at(200), std::int64_t(1));
        QCOMPARE(s.statusCounts().at(500), std::int64_t(1));
        QCOMPARE(s.phasePercentile("view", 50), std::int64_t(24));
        QCOMPARE(s.phasePercentile("view", 100), std::int64_t(5030));
        QCOMPARE(s.phasePercentile("nope", 50), std::int64_t(-1));
        QCOMPARE(s.saveDecisions().at("set_cookie: modified: Set-Cookie with the new session"),
                 std::int64_t(1));
        const QString text = s.text();
        QVERIFY2(text.contains(QStringLiteral("status: 200 × 1, 500 × 1")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("coroutine switches: 1 suspensions, 5.00 ms suspended in all")),
                 qPrintable(text));
    }
};

QTEST_GUILESS_MAIN(TraceFormatsTest)
#include "tst_trace_formats.moc"
