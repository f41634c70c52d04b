#include "app/engine/EngineHost.h"
#include "tests/support/EventRecorder.h"
#include "tests/support/FreePort.h"
#include "tests/support/TestHttpClient.h"

#include <QDir>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>
#include <QtConcurrent>

using rs::app::EngineHost;
using rs::control::EngineControl;
using rs::control::EngineSettings;

// The GUI's control interface over the real demo app: start, restart with new settings, a port
// already taken, bad settings, step mode holding a real request until Continue, and start / stop
// returning at once while the slow part (a busy worker, a store's ping) runs elsewhere.
class TestEngineHost : public QObject {
    Q_OBJECT

private:
    static EngineSettings settingsOnAnyPort()
    {
        EngineSettings s;
        s.port = 0;
        s.secret = QStringLiteral("test-secret-key-that-is-long-enough");
        s.threads = 2;
        return s;
    }
    static quint16 portOf(const EngineHost &host)
    {
        return static_cast<quint16>(QUrl(host.status().address).port());
    }
    // Starts (or restarts) and waits for the outcome: true when it runs.
    static bool startAndWait(EngineHost &host, const EngineSettings &s)
    {
        QSignalSpy settled(&host, &EngineControl::settled);
        host.start(s);
        return settled.wait(15000) && !host.busy() && host.status().state == EngineControl::State::Running;
    }
    static bool stopAndWait(EngineHost &host)
    {
        QSignalSpy settled(&host, &EngineControl::settled);
        host.stop();
        return settled.wait(15000) && !host.busy();
    }

private slots:
    void cleanup() { rs::trace::Breakpoints::instance().runWithoutBreaks(); }

    void startsServesAndStops()
    {
        EngineHost host;
        QSignalSpy changed(&host, &EngineControl::statusChanged);
        host.start(settingsOnAnyPort());
        // Under way, said so at once; the outcome follows.
        QCOMPARE(host.status().pending, EngineControl::Pending::Starting);
        QCOMPARE(changed.count(), 1);
        QSignalSpy settled(&host, &EngineControl::settled);
        QVERIFY(settled.wait(15000));
        QCOMPARE(settled.count(), 1);
        QCOMPARE(host.status().pending, EngineControl::Pending::None);
        QCOMPARE(host.status().state, EngineControl::State::Running);
        QVERIFY(host.status().address.startsWith(QStringLiteral("http://127.0.0.1:")));
        QCOMPARE(host.status().sessionInfo, QStringLiteral("signed cookie"));
        QVERIFY(host.status().secretInfo.contains(QStringLiteral("App panel")));
        QVERIFY(!host.status().secretInfo.contains(QStringLiteral("test-secret")));
        QVERIFY(changed.count() >= 2);

        rs::test::TestHttpClient client(portOf(host));
        const auto response = client.get("/hello");
        QCOMPARE(response.status, 200);
        QCOMPARE(response.body, QByteArray("hello"));
        QVERIFY(host.requestsHandled() >= 1);

        QVERIFY(stopAndWait(host));
        QCOMPARE(host.status().state, EngineControl::State::Stopped);
        QVERIFY(host.status().address.isEmpty());
        QVERIFY(host.requestsHandled() >= 1); // the stopped server's count is kept
    }

    // A short SECRET_KEY starts, with a warning in the status (the banner shows it); none with a
    // long one (startsServesAndStops).
    void shortSecretIsAWarning()
    {
        EngineHost host;
        auto settings = settingsOnAnyPort();
        settings.secret = QStringLiteral("dev");
        host.start(settings);
        QSignalSpy settled(&host, &EngineControl::settled);
        QVERIFY(settled.wait(15000));
        QCOMPARE(host.status().state, EngineControl::State::Running);
        QVERIFY2(host.status().warning.contains(QStringLiteral("SECRET_KEY is only 3 characters")),
                 qPrintable(host.status().warning));
        QVERIFY(stopAndWait(host));
        settings.secret = QStringLiteral("a-long-enough-secret-for-the-demo-app");
        host.start(settings);
        QVERIFY(settled.wait(15000));
        QVERIFY2(host.status().warning.isEmpty(), qPrintable(host.status().warning));
        QVERIFY(stopAndWait(host));
    }

    void describesTheApp()
    {
        EngineHost host;
        QStringList rules;
        for (const auto &r : host.routes())
            rules << r.rule;
        QVERIFY(rules.contains(QStringLiteral("/login")));
        QVERIFY(rules.contains(QStringLiteral("/users/<int:id>")));
        QStringList hooks;
        for (const auto &h : host.hooks())
            hooks << h.when + QLatin1Char(':') + h.scope + QLatin1Char(':') + h.name;
        const int checkLogin = hooks.indexOf(QStringLiteral("before_request:app:check_login"));
        const int loadG = hooks.indexOf(QStringLiteral("before_request:app:load_g"));
        const int addId = hooks.indexOf(QStringLiteral("after_request:app:add_request_id"));
        const int closeDb = hooks.indexOf(QStringLiteral("teardown_request:app:close_db"));
        const int release = hooks.indexOf(QStringLiteral("teardown_appcontext:app:release_resources"));
        QVERIFY2(checkLogin >= 0 && loadG > checkLogin && addId > loadG && closeDb > addId &&
                     release > closeDb,
                 qPrintable(hooks.join(QLatin1Char('\n'))));
        QCOMPARE(host.middleware(), QStringList{QStringLiteral("MiddleWare")});
    }

    void nextFreePortWhenTaken()
    {
        QTcpServer blocker;
        QVERIFY(blocker.listen(QHostAddress::LocalHost, 0));
        EngineSettings s = settingsOnAnyPort();
        s.port = blocker.serverPort();
        s.tryNextPorts = false;
        EngineHost host;
        QVERIFY(!startAndWait(host, s));
        QCOMPARE(host.status().state, EngineControl::State::Failed);
        QVERIFY2(host.status().error.contains(QStringLiteral("in use")), qPrintable(host.status().error));

        s.tryNextPorts = true;
        QVERIFY2(startAndWait(host, s), qPrintable(host.status().error));
        QVERIFY(portOf(host) != blocker.serverPort());
    }

    void badSettingsAreRefusedInWords()
    {
        EngineHost host;
        EngineSettings s = settingsOnAnyPort();
        s.host = QStringLiteral("not-an-address");
        QVERIFY(!startAndWait(host, s));
        QCOMPARE(host.status().state, EngineControl::State::Failed);
        QVERIFY(host.status().error.contains(QStringLiteral("not an IP address")));
        s = settingsOnAnyPort();
        s.session.type = QStringLiteral("filesystem");
        s.session.sessionDir = QStringLiteral("/proc/definitely/not/writable");
        QVERIFY(!startAndWait(host, s));
        QVERIFY2(host.status().error.contains(QStringLiteral("--session-dir")),
                 qPrintable(host.status().error));
    }

    void restartSwitchesTheSessionBackend()
    {
        QTemporaryDir dir;
        EngineHost host;
        QVERIFY(startAndWait(host, settingsOnAnyPort()));
        EngineSettings s = settingsOnAnyPort();
        s.session.type = QStringLiteral("filesystem");
        s.session.sessionDir = dir.path();
        QVERIFY2(startAndWait(host, s), qPrintable(host.status().error));
        QVERIFY(host.status().sessionInfo.startsWith(QStringLiteral("filesystem")));
        rs::test::TestHttpClient client(portOf(host));
        QCOMPARE(client.get("/login").status, 200);
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files).size(), 1);
    }

    void coroutineWorkersFromTheControlInterface()
    {
        EngineHost host;
        EngineSettings s = settingsOnAnyPort();
        s.threads = 1;
        s.workers = QStringLiteral("coroutines");
        QVERIFY2(startAndWait(host, s), qPrintable(host.status().error));
        QVERIFY(host.status().warning.isEmpty());
        const quint16 port = portOf(host);
        // Ten waits of 300 ms on one worker thread overlap: coroutines yield while they wait.
        QElapsedTimer clock;
        clock.start();
        QList<QFuture<int>> all;
        for (int i = 0; i < 10; ++i)
            all.append(QtConcurrent::run(
                [port] { return rs::test::TestHttpClient(port).get("/slow?ms=300").status; }));
        for (auto &f : all)
            QCOMPARE(f.result(), 200);
        QVERIFY2(clock.elapsed() < 2000, qPrintable(QString::number(clock.elapsed())));
        const auto whoami = rs::test::TestHttpClient(port).get("/whoami");
        QVERIFY2(whoami.body.contains("\"local_ident\":1000"), whoami.body.constData()); // a coroutine ident

        s.ident = QStringLiteral("thread"); // broken on purpose, and said so
        QVERIFY(startAndWait(host, s));
        QVERIFY2(host.status().warning.contains(QStringLiteral("broken on purpose")),
                 qPrintable(host.status().warning));
        s.workers = QStringLiteral("fibres");
        QVERIFY(!startAndWait(host, s));
        QVERIFY(host.status().error.contains(QStringLiteral("workers")));
        QVERIFY(startAndWait(host, settingsOnAnyPort())); // back to threads for the other tests
    }

    void breakpointOnViewHoldsARealRequest()
    {
        rs::test::EventRecorder recorder; // tracing on, as in the GUI
        EngineHost host;
        QVERIFY(startAndWait(host, settingsOnAnyPort()));
        auto &bp = host.breakpoints();
        bp.setHoldTimeout(std::chrono::seconds(20));
        bp.setPoints({QStringLiteral("view")});
        const quint16 port = portOf(host);
        QFuture<int> status = QtConcurrent::run([port] {
            rs::test::TestHttpClient client(port);
            client.setTimeout(30'000);
            return client.get("/hello").status;
        });
        QTRY_COMPARE(bp.held().size(), std::size_t(1));
        const auto held = bp.held().front();
        QCOMPARE(held.point, QStringLiteral("view"));
        QCOMPARE(held.name, QStringLiteral("hello"));
        QVERIFY(held.req != 0);
        QVERIFY(!status.isFinished());

        // Step: the next phase of the same request holds too.
        bp.step(held.id);
        QTRY_VERIFY(!bp.held().empty() && bp.held().front().id != held.id);
        QVERIFY(!status.isFinished());
        QCOMPARE(bp.held().front().req, held.req);
        bp.runWithoutBreaks();
        QTRY_VERIFY(status.isFinished());
        QCOMPARE(status.result(), 200);
        QCOMPARE(bp.timedOut(), std::uint64_t(0));
    }

    void stopReleasesAHeldWorker()
    {
        rs::test::EventRecorder recorder;
        EngineHost host;
        QVERIFY(startAndWait(host, settingsOnAnyPort()));
        host.breakpoints().setPoints({QStringLiteral("stack.push")});
        const quint16 port = portOf(host);
        QFuture<int> status = QtConcurrent::run([port] {
            rs::test::TestHttpClient client(port);
            client.setTimeout(30'000);
            return client.get("/hello").status;
        });
        QTRY_VERIFY(!host.breakpoints().held().empty());
        host.breakpoints().setPoints({});
        QVERIFY(stopAndWait(host)); // must not hang on the held worker
        QCOMPARE(host.status().state, EngineControl::State::Stopped);
        status.waitForFinished();
    }

    void stopAndRestartReturnAtOnceWhileAWorkerSleeps()
    {
        rs::test::EventRecorder recorder;
        EngineHost host;
        QVERIFY(startAndWait(host, settingsOnAnyPort()));
        const quint16 port = portOf(host);
        QFuture<int> slow = QtConcurrent::run([port] {
            rs::test::TestHttpClient client(port);
            client.setTimeout(30'000);
            return client.get("/slow?ms=2000").status;
        });
        // The worker sleeps in the view now.
        QTRY_VERIFY(rs::test::EventRecorder::describe(recorder.events(), {QStringLiteral("phase.begin")})
                        .contains(QStringLiteral("phase.begin view:slow")));
        QSignalSpy settled(&host, &EngineControl::settled);
        QElapsedTimer clock;
        clock.start();
        host.stop();
        // A restart asked while the stop is under way runs after it; only the last ask is kept.
        host.start(settingsOnAnyPort());
        EngineSettings last = settingsOnAnyPort();
        last.threads = 3;
        host.restart(last);
        const qint64 callsMs = clock.elapsed();
        QVERIFY2(callsMs < 100, qPrintable(QString::number(callsMs))); // not the 2 s the worker sleeps
        QCOMPARE(host.status().pending, EngineControl::Pending::Stopping);
        QVERIFY(settled.wait(15000));
        QCOMPARE(settled.count(), 1);
        QVERIFY2(clock.elapsed() > 1000, qPrintable(QString::number(clock.elapsed()))); // it did wait
        QCOMPARE(host.status().state, EngineControl::State::Running);
        QCOMPARE(host.settings().threads, 3);
        QCOMPARE(rs::test::TestHttpClient(portOf(host)).get("/hello").status, 200);
        QCOMPARE(slow.result(), 200); // the sleeping request was finished, not cut off
    }
};

QTEST_GUILESS_MAIN(TestEngineHost)
#include "tst_engine_host.moc"
