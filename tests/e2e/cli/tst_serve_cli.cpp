// `requestscope serve` as scripts use it: the listening line, --port 0, --events FILE|-, a clean
// stop on SIGTERM with the event counts, and one clear line (exit 2) for every bad argument.
#include "tests/support/TestHttpClient.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QtTest>

class ServeCliTest : public QObject {
    Q_OBJECT

private:
    QString binary() const
    {
        return qEnvironmentVariable("RS_BINARY_DIR") + QStringLiteral("/app/requestscope");
    }

    // What the last startServe() read from stderr up to the listening line.
    QByteArray serveErr_;

    // Starts `serve` and returns the port from its listening line (0 on failure).
    quint16 startServe(QProcess &p, const QStringList &args)
    {
        p.setProgram(binary());
        p.setArguments(QStringList{"serve", "--port", "0"} + args);
        p.start();
        if (!p.waitForStarted(5000))
            return 0;
        QByteArray err;
        const QRegularExpression listening(QStringLiteral("listening on http://127\\.0\\.0\\.1:(\\d+)"));
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < 10000) {
            p.waitForReadyRead(200);
            err += p.readAllStandardError();
            const auto m = listening.match(QString::fromUtf8(err));
            if (m.hasMatch()) {
                serveErr_ = err;
                return static_cast<quint16>(m.captured(1).toUInt());
            }
            if (p.state() == QProcess::NotRunning)
                break;
        }
        qWarning() << "serve did not print its listening line:" << err;
        return 0;
    }

    struct Result {
        int exitCode;
        QString err;
    };
    Result runToEnd(const QStringList &args)
    {
        QProcess p;
        p.start(binary(), args);
        p.waitForFinished(10000);
        return {p.exitCode(), QString::fromUtf8(p.readAllStandardError())};
    }

private slots:
    void servesWritesEventsAndStopsCleanly()
    {
        QTemporaryDir dir;
        const QString events = dir.filePath("events.jsonl");
        QProcess p;
        const quint16 port = startServe(p, {"--secret", "test", "--events", events});
        QVERIFY(port != 0);
        {
            rs::test::TestHttpClient client(port);
            QCOMPARE(client.get("/hello").body, QByteArray("hello"));
            QCOMPARE(client.get("/users/5").status, 200);
        }
        p.terminate(); // SIGTERM
        QVERIFY(p.waitForFinished(10000));
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 0);
        const QString err = QString::fromUtf8(p.readAllStandardError());
        QVERIFY2(QRegularExpression(QStringLiteral("events: \\d+ written, 0 dropped")).match(err).hasMatch(),
                 qPrintable(err));

        QFile f(events);
        QVERIFY(f.open(QIODevice::ReadOnly));
        quint64 lastSeq = 0;
        QStringList seen;
        for (const QByteArray &line : f.readAll().split('\n')) {
            if (line.isEmpty())
                continue;
            const QJsonObject o = QJsonDocument::fromJson(line).object();
            QVERIFY2(!o.isEmpty(), line.constData());
            const quint64 seq = o.value("seq").toInteger();
            QVERIFY(seq > lastSeq);
            lastSeq = seq;
            const QString kind = o.value("kind").toString();
            if (kind == "request.begin")
                seen << "begin " + o.value("path").toString();
            if (kind == "request.end")
                seen << "end " + QString::number(o.value("status").toInt());
        }
        QCOMPARE(seen, QStringList({"begin /hello", "end 200", "begin /users/5", "end 200"}));
    }

    void eventsToStandardOutput()
    {
        QProcess p;
        const quint16 port = startServe(p, {"--secret", "test", "--events", "-"});
        QVERIFY(port != 0);
        rs::test::TestHttpClient client(port);
        QCOMPARE(client.get("/hello").status, 200);
        client.disconnect();
        p.terminate();
        QVERIFY(p.waitForFinished(10000));
        const QByteArray out = p.readAllStandardOutput();
        QVERIFY(out.contains("\"kind\":\"request.begin\",\"method\":\"GET\",\"path\":\"/hello\""));
        QVERIFY(out.contains("\"kind\":\"stack.push\",\"stack\":\"request\",\"depth\":1"));
    }

    void badArguments_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("port") << QStringList{"serve", "--port", "70000"}
                              << "requestscope serve: --port: expected 0..65535, got '70000'";
        QTest::newRow("threads") << QStringList{"serve", "--threads", "0"}
                                 << "requestscope serve: --threads: expected 1..64, got '0'";
        QTest::newRow("session")
            << QStringList{"serve", "--session", "mongo"}
            << "requestscope serve: --session: expected one of cookie, redis, memcached, "
               "filesystem, sqlite, null, got 'mongo'";
        QTest::newRow("host") << QStringList{"serve", "--host", "nowhere"}
                              << "requestscope serve: --host: 'nowhere' is not an IP address (for example "
                                 "127.0.0.1 or 0.0.0.0)";
        QTest::newRow("unknown option")
            << QStringList{"serve", "--bogus"}
            << "requestscope serve: Unknown option 'bogus'. (see requestscope serve --help)";
        QTest::newRow("events file")
            << QStringList{"serve", "--port", "0", "--events", "/nonexistent/e.jsonl"}
            << "requestscope serve: --events: cannot write events to /nonexistent/e.jsonl: "
               "No such file or directory";
        QTest::newRow("command") << QStringList{"frobnicate"} << "requestscope: unknown command 'frobnicate'";
    }

    void badArguments()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const Result r = runToEnd(args);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.startsWith(message), qPrintable(r.err));
    }

    void portInUseIsExplained()
    {
        QTcpServer taken;
        QVERIFY(taken.listen(QHostAddress::LocalHost, 0));
        const Result r = runToEnd({"serve", "--port", QString::number(taken.serverPort())});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("127.0.0.1:%1 is already in use").arg(taken.serverPort())),
                 qPrintable(r.err));
    }

    // Secure defaults from the command line: loopback and no warning by default; a short --secret
    // and a --host beyond loopback each get a warning line; the demo app's session cookie is
    // HttpOnly and SameSite=Lax. The non-loopback host is a TEST-NET address that this machine
    // does not have, so nothing is ever bound beyond 127.0.0.1: the bind fails after the warning.
    void warnsAboutUnsafeSettings()
    {
        {
            QProcess p;
            const quint16 port = startServe(p, {"--secret", QString(32, QLatin1Char('k'))});
            QVERIFY(port != 0);
            rs::test::TestHttpClient client(port);
            const rs::test::TestResponse login = client.get("/login");
            const QByteArray cookie = login.header("Set-Cookie");
            QVERIFY2(cookie.contains("; HttpOnly") && cookie.contains("; SameSite=Lax"), cookie.constData());
            p.terminate();
            QVERIFY(p.waitForFinished(10000));
            const QString err = QString::fromUtf8(serveErr_ + p.readAllStandardError());
            QVERIFY2(!err.contains(QLatin1String("warning")), qPrintable(err));
        }
        {
            QProcess p;
            QVERIFY(startServe(p, {"--secret", "dev"}) != 0);
            p.terminate();
            QVERIFY(p.waitForFinished(10000));
            const QString err = QString::fromUtf8(serveErr_ + p.readAllStandardError());
            QVERIFY2(err.contains(QLatin1String("warning: SECRET_KEY is only 3 characters")),
                     qPrintable(err));
        }
        const Result r =
            runToEnd({"serve", "--port", "0", "--host", "203.0.113.7", "--secret", QString(32, 'k')});
        QVERIFY2(r.err.contains(QLatin1String("warning: binding 203.0.113.7 makes the demo app")),
                 qPrintable(r.err));
        QVERIFY(r.exitCode != 0); // and the bind itself fails: the address is not this machine's
    }

    void helpExitsZero()
    {
        QProcess p;
        p.start(binary(), {"serve", "--help"});
        QVERIFY(p.waitForFinished(10000));
        QCOMPARE(p.exitCode(), 0);
        QVERIFY(p.readAllStandardOutput().contains("--events FILE|-"));
    }
};

QTEST_GUILESS_MAIN(ServeCliTest)
#include "tst_serve_cli.moc"
