// LoadRunner against the real engine: 2000 requests over 8 keep-alive connections (all answered,
// sane percentiles, exactly 8 connections), chunked bodies, HEAD, POST bodies, Connection: close
// (one connection a request), cancel mid-run, a refused port, timeouts, and plans it refuses.
#include "app/demo/DemoApp.h"
#include "core/http/HttpServer.h"
#include "tests/support/FreePort.h"
#include "ui/client/LoadRunner.h"
#include "ui/client/LoadWorker.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QtTest>

using namespace rs;
using ui::LoadPlan;
using ui::LoadProgress;
using ui::LoadRunner;
using ui::LoadSummary;

class LoadRunnerTest : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<demo::DemoApp> demo_;
    std::unique_ptr<http::HttpServer> server_;

    QUrl url(const QString &path) const
    {
        return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(server_->port()).arg(path));
    }

    // Runs the plan to its end and returns the summary.
    LoadSummary run(const LoadPlan &plan, QList<LoadProgress> *progress = nullptr, int timeoutMs = 60'000)
    {
        LoadRunner runner;
        QSignalSpy finished(&runner, &LoadRunner::finished);
        QSignalSpy updates(&runner, &LoadRunner::progress);
        QString error;
        if (!runner.start(plan, &error)) {
            qWarning("start refused: %s", qPrintable(error));
            return {};
        }
        if (!finished.wait(timeoutMs))
            return {};
        if (progress)
            for (const auto &args : updates)
                progress->append(args.at(0).value<LoadProgress>());
        return finished.first().at(0).value<LoadSummary>();
    }

private slots:
    void initTestCase()
    {
        demo_ = std::make_unique<demo::DemoApp>();
        demo_->app().config().set(QStringLiteral("SECRET_KEY"), QStringLiteral("load-runner-secret"));
        http::ServerConfig config;
        config.port = 0;
        server_ = std::make_unique<http::HttpServer>(config, demo_->app().httpHandler());
        QString error;
        QVERIFY2(server_->start(&error), qPrintable(error));
    }

    void cleanupTestCase() { server_->stop(); }

    void requestBytesAreAValidRequest()
    {
        LoadPlan plan;
        plan.method = "POST";
        plan.url = QUrl(QStringLiteral("http://127.0.0.1:8080/echo?a=1&b=%20"));
        plan.headers = {{"Cookie", "session=x"}, {"Host", "ignored"}, {"Content-Length", "99"}};
        plan.body = "hi";
        QCOMPARE(ui::LoadWorker::requestBytes(plan),
                 QByteArray("POST /echo?a=1&b=%20 HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nCookie: session=x\r\n"
                            "User-Agent: RequestScope-load\r\nContent-Length: 2\r\n\r\nhi"));
        plan.method = "GET";
        plan.body.clear();
        plan.headers.clear();
        plan.url = QUrl(QStringLiteral("http://example.com"));
        QCOMPARE(ui::LoadWorker::requestBytes(plan),
                 QByteArray("GET / HTTP/1.1\r\nHost: example.com\r\nUser-Agent: RequestScope-load\r\n\r\n"));
    }

    void twoThousandRequestsOverEightConnections()
    {
        const quint64 connectionsBefore = server_->connectionsAccepted();
        LoadPlan plan;
        plan.url = url(QStringLiteral("/hello"));
        plan.requests = 2000;
        plan.connections = 8;
        QList<LoadProgress> progress;
        const LoadSummary s = run(plan, &progress);
        QCOMPARE(s.total, 2000);
        QCOMPARE(s.done, 2000);
        QCOMPARE(s.answered, 2000);
        QCOMPARE(s.statusCounts.value(200), 2000);
        QCOMPARE(s.errors(), 0);
        QVERIFY(!s.cancelled);
        QCOMPARE(s.bytesReceived, qint64(2000) * 5); // "hello"
        QVERIFY(s.p50Us > 0);
        QVERIFY(s.p50Us <= s.p90Us && s.p90Us <= s.p99Us && s.p99Us <= s.maxUs);
        QVERIFY(s.requestsPerSecond > 0);
        int inHistogram = 0;
        for (const auto &b : s.histogram)
            inHistogram += b.count;
        QCOMPARE(inHistogram, 2000);
        // Persistent connections: 8 for the whole run.
        QCOMPARE(server_->connectionsAccepted() - connectionsBefore, quint64(8));
        // Progress comes in batches, counting up to the end.
        QVERIFY(!progress.isEmpty());
        QCOMPARE(progress.last().done, 2000);
        for (int i = 1; i < progress.size(); ++i)
            QVERIFY(progress.at(i).done >= progress.at(i - 1).done);
        QVERIFY2(progress.size() <= int(s.elapsedMs / 50) + 3,
                 qPrintable(QStringLiteral("%1 updates in %2 ms").arg(progress.size()).arg(s.elapsedMs)));
    }

    void chunkedBodiesAreReadToTheEnd()
    {
        LoadPlan plan;
        plan.url = url(QStringLiteral("/download?kb=4"));
        plan.requests = 60;
        plan.connections = 3;
        const LoadSummary s = run(plan);
        QCOMPARE(s.statusCounts.value(200), 60);
        QCOMPARE(s.bytesReceived, qint64(60) * 4096);
        QCOMPARE(s.errors(), 0);
    }

    void headAnswersHaveNoBody()
    {
        LoadPlan plan;
        plan.method = "HEAD";
        plan.url = url(QStringLiteral("/hello"));
        plan.requests = 50;
        plan.connections = 2;
        const LoadSummary s = run(plan, nullptr, 20'000);
        QCOMPARE(s.statusCounts.value(200), 50);
        QCOMPARE(s.bytesReceived, qint64(0));
    }

    void postBodiesAreSent()
    {
        LoadPlan plan;
        plan.method = "POST";
        plan.url = url(QStringLiteral("/echo"));
        plan.headers = {{"Content-Type", "text/plain"}};
        plan.body = "twelve bytes";
        plan.requests = 100;
        plan.connections = 4;
        const LoadSummary s = run(plan);
        QCOMPARE(s.statusCounts.value(200), 100);
        QCOMPARE(s.bytesReceived, qint64(100) * 12);
    }

    void connectionCloseReconnects()
    {
        const quint64 connectionsBefore = server_->connectionsAccepted();
        LoadPlan plan;
        plan.url = url(QStringLiteral("/hello"));
        plan.headers = {{"Connection", "close"}};
        plan.requests = 200;
        plan.connections = 4;
        const LoadSummary s = run(plan);
        QCOMPARE(s.statusCounts.value(200), 200);
        QCOMPARE(s.errors(), 0);
        QCOMPARE(server_->connectionsAccepted() - connectionsBefore, quint64(200));
    }

    void serverErrorsAreCountedApart()
    {
        LoadPlan plan;
        plan.url = url(QStringLiteral("/boom"));
        plan.requests = 40;
        plan.connections = 4;
        const LoadSummary s = run(plan);
        QCOMPARE(s.answered, 40);
        QCOMPARE(s.serverErrors, 40);
        QCOMPARE(s.failed(), 0);
        QCOMPARE(s.errors(), 40);
        QCOMPARE(s.statusCounts.value(500), 40);
    }

    void cancelStopsPromptly()
    {
        LoadRunner runner;
        QSignalSpy finished(&runner, &LoadRunner::finished);
        QSignalSpy progress(&runner, &LoadRunner::progress);
        LoadPlan plan;
        plan.url = url(QStringLiteral("/hello"));
        plan.requests = LoadRunner::kMaxRequests;
        plan.connections = 8;
        QVERIFY(runner.start(plan));
        QVERIFY(runner.isRunning());
        QString error;
        QVERIFY(!runner.start(plan, &error));
        QVERIFY(error.contains(QStringLiteral("already")));
        QTRY_VERIFY_WITH_TIMEOUT(
            !progress.isEmpty() && progress.last().at(0).value<LoadProgress>().done > 100, 20'000);
        QElapsedTimer clock;
        clock.start();
        runner.cancel();
        QVERIFY(finished.wait(5000));
        QVERIFY2(clock.elapsed() < 1000, qPrintable(QString::number(clock.elapsed())));
        const auto s = finished.first().at(0).value<LoadSummary>();
        QVERIFY(s.cancelled);
        QVERIFY(s.done > 100 && s.done < s.total);
        QVERIFY(!runner.isRunning());
        // The runner can run again afterwards.
        plan.requests = 10;
        QVERIFY(runner.start(plan));
        QVERIFY(finished.wait(10'000));
        QCOMPARE(finished.last().at(0).value<LoadSummary>().statusCounts.value(200), 10);
    }

    void destroyingARunningRunnerDoesNotHang()
    {
        QElapsedTimer clock;
        clock.start();
        {
            LoadRunner runner;
            LoadPlan plan;
            plan.url = url(QStringLiteral("/hello"));
            plan.requests = LoadRunner::kMaxRequests;
            QVERIFY(runner.start(plan));
            QSignalSpy progress(&runner, &LoadRunner::progress);
            QVERIFY(progress.wait(5000));
        }
        QVERIFY(clock.elapsed() < 6000);
    }

    void aRefusedPortReportsErrors()
    {
        const quint16 port = test::FreePort::find();
        QVERIFY(port);
        LoadPlan plan;
        plan.url = QUrl(QStringLiteral("http://127.0.0.1:%1/hello").arg(port));
        plan.requests = 300;
        plan.connections = 4;
        const LoadSummary s = run(plan, nullptr, 30'000);
        QCOMPARE(s.done, 300);
        QCOMPARE(s.answered, 0);
        QCOMPARE(s.connectionRefused, 300);
        QCOMPARE(s.errors(), 300);
        QVERIFY2(s.firstError.contains(QStringLiteral("connection refused")), qPrintable(s.firstError));
        QCOMPARE(s.p99Us, qint64(0));
    }

    void slowAnswersTimeOut()
    {
        LoadPlan plan;
        plan.url = url(QStringLiteral("/slow?ms=600"));
        plan.requests = 4;
        plan.connections = 2;
        plan.timeoutMs = 100;
        const LoadSummary s = run(plan, nullptr, 20'000);
        QCOMPARE(s.done, 4);
        QCOMPARE(s.timeouts, 4);
        QCOMPARE(s.answered, 0);
    }

    void plansThatCannotRunAreRefused()
    {
        LoadRunner runner;
        QString error;
        LoadPlan plan;
        plan.url = QUrl(QStringLiteral("https://127.0.0.1/hello"));
        QVERIFY(!runner.start(plan, &error));
        QVERIFY2(error.contains(QStringLiteral("http:// only")), qPrintable(error));
        plan.url = QUrl(QStringLiteral("ftp://127.0.0.1/x"));
        QVERIFY(!runner.start(plan, &error));
        plan.url = QUrl(QStringLiteral("/relative"));
        QVERIFY(!runner.start(plan, &error));
        QVERIFY(error.contains(QStringLiteral("host")));
        plan.url = url(QStringLiteral("/hello"));
        plan.connections = 0;
        QVERIFY(!runner.start(plan, &error));
        QVERIFY(error.contains(QStringLiteral("connections")));
        plan.connections = 1;
        plan.requests = 0;
        QVERIFY(!runner.start(plan, &error));
        QVERIFY(!runner.isRunning());
    }
};

QTEST_GUILESS_MAIN(LoadRunnerTest)
#include "tst_load_runner.moc"
