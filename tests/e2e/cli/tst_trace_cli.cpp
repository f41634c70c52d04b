// `requestscope trace` on real recordings: `serve --events FILE.gz` under coroutine workers, then
// summary, Chrome and HAR exports through the command line as a user runs them; a damaged
// recording is used up to the damage and named; bad arguments exit 2.
#include "tests/support/TestHttpClient.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

class TraceCliTest : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir_;
    QString recording_;

    static QString binary()
    {
        return qEnvironmentVariable("RS_BINARY_DIR") + QStringLiteral("/app/requestscope");
    }

    struct Run {
        int exitCode = -1;
        QByteArray out;
        QString err;
    };
    static Run run(const QStringList &args)
    {
        QProcess p;
        p.start(binary(), args);
        Run r;
        if (!p.waitForFinished(60000))
            return r;
        r.exitCode = p.exitCode();
        r.out = p.readAllStandardOutput();
        r.err = QString::fromUtf8(p.readAllStandardError());
        return r;
    }

private slots:
    // One recording for all: a few requests of every kind on coroutine workers, gzip-compressed.
    void initTestCase()
    {
        QVERIFY(dir_.isValid());
        recording_ = dir_.filePath(QStringLiteral("run.jsonl.gz"));
        QProcess serve;
        serve.start(binary(), {"serve", "--port", "0", "--secret", "test", "--workers", "coroutines",
                               "--threads", "2", "--events", recording_});
        QVERIFY(serve.waitForStarted(5000));
        QByteArray err;
        quint16 port = 0;
        QElapsedTimer timer;
        timer.start();
        const QRegularExpression listening(QStringLiteral("listening on http://127\\.0\\.0\\.1:(\\d+)"));
        while (!port && timer.elapsed() < 10000) {
            serve.waitForReadyRead(200);
            err += serve.readAllStandardError();
            const auto m = listening.match(QString::fromUtf8(err));
            if (m.hasMatch())
                port = static_cast<quint16>(m.captured(1).toUInt());
        }
        QVERIFY2(port, err.constData());
        rs::test::TestHttpClient c(port);
        QCOMPARE(c.get("/hello").status, 200);
        const auto login = c.get("/login");
        QCOMPARE(login.status, 200);
        QCOMPARE(c.get("/slow?ms=20").status, 200);
        QCOMPARE(c.get("/boom").status, 500);
        QCOMPARE(c.get("/cart/add/x").status, 200);
        serve.terminate();
        QVERIFY(serve.waitForFinished(10000));
        QCOMPARE(serve.exitCode(), 0);
        QVERIFY(QFile(recording_).size() > 0);
    }

    void summary()
    {
        const Run r = run({"trace", "summary", recording_});
        QCOMPARE(r.exitCode, 0);
        const QString text = QString::fromUtf8(r.out);
        QVERIFY2(text.contains(QStringLiteral("requests: 5 begun, 5 ended")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("status: 200 × 4, 500 × 1")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("set_cookie: modified")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("coroutine switches: 1 suspensions")), qPrintable(text));
        QVERIFY2(QRegularExpression(QStringLiteral("\\n  view +5 ")).match(text).hasMatch(),
                 qPrintable(text));
    }

    void chromeExport()
    {
        const QString out = dir_.filePath(QStringLiteral("run.json"));
        const Run r = run({"trace", "export", "--format", "chrome", recording_, out});
        QCOMPARE(r.exitCode, 0);
        QFile f(out);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonArray trace =
            QJsonDocument::fromJson(f.readAll()).object().value(QLatin1String("traceEvents")).toArray();
        int requests = 0;
        int slept = 0;
        std::map<std::pair<int, double>, int> open;
        for (const QJsonValue &v : trace) {
            const QJsonObject o = v.toObject();
            const QString ph = o.value(QLatin1String("ph")).toString();
            const std::pair<int, double> track(o.value(QLatin1String("pid")).toInt(),
                                               o.value(QLatin1String("tid")).toDouble());
            requests += ph == QLatin1String("B") &&
                        o.value(QLatin1String("cat")).toString() == QLatin1String("request");
            slept += o.value(QLatin1String("name")).toString() == QLatin1String("suspended: sleep") &&
                     ph == QLatin1String("B");
            if (ph == QLatin1String("B"))
                ++open[track];
            if (ph == QLatin1String("E"))
                QVERIFY(--open[track] >= 0);
        }
        for (const auto &[track, n] : open)
            QCOMPARE(n, 0);
        QCOMPARE(requests, 5);
        QCOMPARE(slept, 1);
    }

    void harExport()
    {
        const QString out = dir_.filePath(QStringLiteral("run.har"));
        const Run r = run({"trace", "export", "--format", "har", "--redact", recording_, out});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.err.contains(QStringLiteral("5 HAR entries")), qPrintable(r.err));
        QFile f(out);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray bytes = f.readAll();
        const QJsonArray entries = QJsonDocument::fromJson(bytes)
                                       .object()
                                       .value(QLatin1String("log"))
                                       .toObject()
                                       .value(QLatin1String("entries"))
                                       .toArray();
        QCOMPARE(entries.size(), 5);
        const QJsonObject login = entries[1].toObject();
        QVERIFY(login.value(QLatin1String("request"))
                    .toObject()
                    .value(QLatin1String("url"))
                    .toString()
                    .endsWith(QLatin1String("/login")));
        QCOMPARE(login.value(QLatin1String("_requestscope"))
                     .toObject()
                     .value(QLatin1String("session"))
                     .toObject()
                     .value(QLatin1String("decision"))
                     .toString(),
                 QStringLiteral("set_cookie"));
        QVERIFY(bytes.contains("[redacted]"));
        QVERIFY(!bytes.contains("session=eyJ")); // no cookie value left
    }

    // Cut in the middle of a line: the events before it are used, the line is named, exit 1.
    void damagedRecording()
    {
        const QString plain = dir_.filePath(QStringLiteral("plain.jsonl"));
        QCOMPARE(run({"trace", "export", "--format", "chrome", recording_, "-"}).exitCode,
                 0); // OUT may be stdout
        // Re-record as plain text by hand: the gzip recording's first lines, the last one cut.
        QProcess gunzip;
        gunzip.start(QStringLiteral("gzip"), {"-dc", recording_});
        QVERIFY(gunzip.waitForFinished(10000));
        QByteArray lines = gunzip.readAllStandardOutput();
        const int cut = lines.indexOf('\n', lines.indexOf('\n', lines.indexOf('\n') + 1) + 1); // after line 3
        lines = lines.left(cut + 1) + lines.mid(cut + 1, 30);
        QFile f(plain);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(lines);
        f.close();
        const Run r = run({"trace", "summary", plain});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("plain.jsonl: line 4: not JSON")), qPrintable(r.err));
        QVERIFY2(r.err.contains(QStringLiteral("cut short")), qPrintable(r.err));
        QVERIFY2(r.err.contains(QStringLiteral("used the 3 events before it")), qPrintable(r.err));
        QVERIFY2(QString::fromUtf8(r.out).contains(QStringLiteral("events: 3 over")), r.out.constData());
    }

    void badArguments_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("nothing") << QStringList{"trace"} << "expected export or summary";
        QTest::newRow("no format") << QStringList{"trace", "export", "a", "b"}
                                   << "--format chrome or --format har is required";
        QTest::newRow("bad format") << QStringList{"trace", "export", "--format", "pdf", "a", "b"}
                                    << "expected chrome or har, got 'pdf'";
        QTest::newRow("one file") << QStringList{"trace", "export", "--format", "har", "a"}
                                  << "expected IN and OUT, got 1 file name(s)";
        QTest::newRow("redact chrome")
            << QStringList{"trace", "export", "--format", "chrome", "--redact", "a", "b"}
            << "--redact goes with --format har";
        QTest::newRow("unknown sub") << QStringList{"trace", "replay"} << "unknown subcommand 'replay'";
    }

    void badArguments()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const Run r = run(args);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
    }

    void missingFile()
    {
        const Run r = run({"trace", "summary", dir_.filePath(QStringLiteral("nope.jsonl"))});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("cannot read")), qPrintable(r.err));
    }
};

QTEST_GUILESS_MAIN(TraceCliTest)
#include "tst_trace_cli.moc"
