// `requestscope serve --workers threads|coroutines --ident thread|coroutine`: requests run on
// coroutines and overlap, the broken mode says so on stderr, and bad values get one clear line
// (exit 2).
#include "core/fiber/Fiber.h"
#include "tests/support/TestHttpClient.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QtTest>

#include <memory>
#include <vector>

class ServeWorkersCliTest : public QObject {
    Q_OBJECT

private:
    QString binary() const
    {
        return qEnvironmentVariable("RS_BINARY_DIR") + QStringLiteral("/app/requestscope");
    }

    // Starts `serve` and returns the port from its listening line (0 on failure); *err gets stderr so far.
    quint16 startServe(QProcess &p, const QStringList &args, QString *err)
    {
        p.setProgram(binary());
        p.setArguments(QStringList{"serve", "--port", "0", "--secret", "test"} + args);
        p.start();
        if (!p.waitForStarted(5000))
            return 0;
        QByteArray bytes;
        const QRegularExpression listening(QStringLiteral("listening on http://127\\.0\\.0\\.1:(\\d+)"));
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < 10000) {
            p.waitForReadyRead(200);
            bytes += p.readAllStandardError();
            const auto m = listening.match(QString::fromUtf8(bytes));
            if (m.hasMatch()) {
                p.waitForReadyRead(200); // the workers line follows
                bytes += p.readAllStandardError();
                *err = QString::fromUtf8(bytes);
                return static_cast<quint16>(m.captured(1).toUInt());
            }
            if (p.state() == QProcess::NotRunning)
                break;
        }
        qWarning() << "serve did not print its listening line:" << bytes;
        return 0;
    }

    static void stop(QProcess &p)
    {
        p.terminate();
        QVERIFY(p.waitForFinished(10000));
        QCOMPARE(p.exitCode(), 0);
    }

private slots:
    void coroutineWorkersOverlapSlowRequests()
    {
        QProcess p;
        QString err;
        const quint16 port = startServe(p, {"--workers", "coroutines", "--threads", "1"}, &err);
        QVERIFY(port != 0);
        QVERIFY2(err.contains("workers: 1 threads running coroutines, Local ident: coroutine"),
                 qPrintable(err));
        QVERIFY2(!err.contains("broken on purpose"), qPrintable(err));
        {
            rs::test::TestHttpClient c(port);
            const auto r = c.get("/whoami");
            QCOMPARE(r.status, 200);
            const auto ident = static_cast<std::uint64_t>(
                QJsonDocument::fromJson(r.body).object().value("ident").toInteger());
            QVERIFY2(rs::fiber::Fiber::isCoroutineIdent(ident), qPrintable(QString::number(ident)));
        }
        // 10 × 300 ms on one thread: 3 s one after the other, ~0.3 s overlapped.
        std::vector<std::unique_ptr<rs::test::TestHttpClient>> clients;
        QElapsedTimer timer;
        timer.start();
        for (int i = 0; i < 10; ++i) {
            clients.push_back(std::make_unique<rs::test::TestHttpClient>(port));
            QVERIFY(clients.back()->sendRaw("GET /slow?ms=300 HTTP/1.1\r\nHost: x\r\n\r\n"));
        }
        for (auto &c : clients)
            QCOMPARE(c->readResponse().status, 200);
        QVERIFY2(timer.elapsed() < 2000, qPrintable(QString::number(timer.elapsed())));
        clients.clear();
        stop(p);
    }

    void threadIdentOnCoroutinesWarns()
    {
        QProcess p;
        QString err;
        const quint16 port = startServe(p, {"--workers", "coroutines", "--ident", "thread"}, &err);
        QVERIFY(port != 0);
        QVERIFY2(err.contains("requestscope serve: warning: broken on purpose: coroutine workers with a "
                              "thread-keyed Local (ident thread)"),
                 qPrintable(err));
        QVERIFY2(err.contains("Local ident: thread"), qPrintable(err));
        stop(p);
    }

    // The articles' plain dict: warned about, and /whoami names the one shared slot.
    void globalIdentWarns()
    {
        QProcess p;
        QString err;
        const quint16 port = startServe(p, {"--ident", "global"}, &err);
        QVERIFY(port != 0);
        QVERIFY2(
            err.contains("requestscope serve: warning: broken on purpose: a plain global dict instead of "
                         "a Local (ident global)"),
            qPrintable(err));
        QVERIFY2(err.contains("Local ident: global"), qPrintable(err));
        rs::test::TestHttpClient c(port);
        const auto r = c.get("/whoami");
        QCOMPARE(r.status, 200);
        QCOMPARE(QJsonDocument::fromJson(r.body).object().value("local_ident").toInteger(),
                 static_cast<qint64>(rs::fiber::kSharedIdent));
        stop(p);
    }

    void defaultIsThreadsWithoutExtraOutput()
    {
        QProcess p;
        QString err;
        const quint16 port = startServe(p, {}, &err);
        QVERIFY(port != 0);
        QVERIFY2(!err.contains("workers:"), qPrintable(err));
        rs::test::TestHttpClient c(port);
        const auto r = c.get("/whoami");
        const auto ident =
            static_cast<std::uint64_t>(QJsonDocument::fromJson(r.body).object().value("ident").toInteger());
        QVERIFY(!rs::fiber::Fiber::isCoroutineIdent(ident));
        c.disconnect();
        stop(p);
    }

    void badValues_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("workers")
            << QStringList{"serve", "--workers", "greenlets"}
            << "requestscope serve: --workers: expected threads or coroutines, got 'greenlets'";
        QTest::newRow("ident")
            << QStringList{"serve", "--ident", "process"}
            << "requestscope serve: --ident: expected thread, coroutine or global, got 'process'";
    }

    void badValues()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        QProcess p;
        p.start(binary(), args);
        QVERIFY(p.waitForFinished(10000));
        QCOMPARE(p.exitCode(), 2);
        QCOMPARE(QString::fromUtf8(p.readAllStandardError()).trimmed(), message);
    }

    void helpNamesTheOptions()
    {
        QProcess p;
        p.start(binary(), {"serve", "--help"});
        QVERIFY(p.waitForFinished(10000));
        const QString out = QString::fromUtf8(p.readAllStandardOutput());
        QVERIFY(out.contains("--workers MODEL"));
        QVERIFY(out.contains("--ident KIND"));
    }
};

QTEST_GUILESS_MAIN(ServeWorkersCliTest)
#include "tst_serve_workers_cli.moc"
