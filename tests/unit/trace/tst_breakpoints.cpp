#include "core/trace/Breakpoints.h"
#include "core/trace/ExecutionContext.h"

#include <QTest>

#include <atomic>
#include <thread>

using rs::trace::Breakpoints;

// Step mode's engine side: holds, releases, steps and the timeout that keeps the engine alive.
class TestBreakpoints : public QObject {
    Q_OBJECT

private:
    static Breakpoints &bp() { return Breakpoints::instance(); }
    // Generous: under ASan with another test on the other core a worker thread has been seen to
    // take over 5 s (QTRY's default) to reach its next point.
    static constexpr int kWaitMs = 30'000;

    // Runs `points` through hit() on a new thread with the given ident, counting those passed.
    struct Worker {
        std::atomic<int> passed{0};
        std::thread thread;
        Worker(std::uint64_t ident, QStringList points)
        {
            thread = std::thread([this, ident, points] {
                rs::trace::ExecutionContext::setThreadName("worker-test");
                rs::trace::ExecutionContext::current().ident = ident;
                rs::trace::ExecutionContext::current().requestId = 7;
                for (const QString &p : points) {
                    bp().hit(p.toStdString(), "name-of-" + p.toStdString());
                    passed.fetch_add(1);
                }
            });
        }
        ~Worker() { thread.join(); }
    };

private slots:
    void init()
    {
        bp().runWithoutBreaks();
        bp().setHoldTimeout(std::chrono::seconds(20));
    }
    void cleanup() { bp().runWithoutBreaks(); }

    void disarmedByDefault()
    {
        QVERIFY(!Breakpoints::armed());
        Worker w(1, {QStringLiteral("view")});
        QTRY_COMPARE_WITH_TIMEOUT(w.passed.load(), 1, kWaitMs);
        QVERIFY(bp().held().empty());
    }

    void holdsUntilResumed()
    {
        bp().setPoints({QStringLiteral("view")});
        QVERIFY(Breakpoints::armed());
        const auto generation = bp().generation();
        Worker w(42,
                 {QStringLiteral("before_request"), QStringLiteral("view"), QStringLiteral("after_request")});
        QTRY_COMPARE_WITH_TIMEOUT(bp().held().size(), std::size_t(1), kWaitMs);
        QVERIFY(bp().generation() != generation);
        const Breakpoints::Held held = bp().held().front();
        QCOMPARE(held.point, QStringLiteral("view"));
        QCOMPARE(held.name, QStringLiteral("name-of-view"));
        QCOMPARE(held.thread, QStringLiteral("worker-test"));
        QCOMPARE(held.ident, std::uint64_t(42));
        QCOMPARE(held.req, std::uint64_t(7));
        QCOMPARE(w.passed.load(), 1); // before_request passed, view holds
        bp().resume(held.id);
        QTRY_COMPARE_WITH_TIMEOUT(w.passed.load(), 3, kWaitMs);
        QVERIFY(bp().held().empty());
        QCOMPARE(bp().timedOut(), std::uint64_t(0));
    }

    void stepStopsAtTheNextPointOfTheSameIdent()
    {
        bp().setPoints({QStringLiteral("view")});
        Worker w(5,
                 {QStringLiteral("view"), QStringLiteral("after_request"), QStringLiteral("save_session")});
        QTRY_COMPARE_WITH_TIMEOUT(bp().held().size(), std::size_t(1), kWaitMs);
        bp().step(bp().held().front().id);
        // Not "held().size() == 1": the view's hold stays listed until its thread wakes up.
        QTRY_VERIFY_WITH_TIMEOUT(
            !bp().held().empty() && bp().held().front().point == QLatin1String("after_request"), kWaitMs);
        QCOMPARE(bp().held().size(), std::size_t(1)); // the view's went before after_request held
        QCOMPARE(w.passed.load(), 1);
        bp().resume(bp().held().front().id);
        QTRY_COMPARE_WITH_TIMEOUT(w.passed.load(), 3, kWaitMs); // not stepping any more: save_session passes
    }

    void stepDoesNotCatchOtherIdents()
    {
        bp().setPoints({QStringLiteral("view")});
        {
            Worker a(10, {QStringLiteral("view")});
            QTRY_COMPARE_WITH_TIMEOUT(bp().held().size(), std::size_t(1), kWaitMs);
            bp().step(bp().held().front().id);
            QTRY_COMPARE_WITH_TIMEOUT(a.passed.load(), 1, kWaitMs);
        }
        Worker b(11, {QStringLiteral("after_request")});
        QTRY_COMPARE_WITH_TIMEOUT(b.passed.load(), 1, kWaitMs);
        bp().runWithoutBreaks();
    }

    void timeoutReleasesByItself()
    {
        bp().setPoints({QStringLiteral("view")});
        bp().setHoldTimeout(std::chrono::milliseconds(100));
        const auto before = bp().timedOut();
        Worker w(3, {QStringLiteral("view")});
        QTRY_COMPARE_WITH_TIMEOUT(w.passed.load(), 1, kWaitMs);
        QCOMPARE(bp().timedOut(), before + 1);
        QVERIFY(bp().held().empty());
    }

    void runWithoutBreaksReleasesEveryHold()
    {
        bp().setPoints({QStringLiteral("view"), QStringLiteral("stack.push")});
        Worker a(20, {QStringLiteral("view")});
        Worker b(21, {QStringLiteral("stack.push")});
        QTRY_COMPARE_WITH_TIMEOUT(bp().held().size(), std::size_t(2), kWaitMs);
        bp().runWithoutBreaks();
        QTRY_COMPARE_WITH_TIMEOUT(a.passed.load() + b.passed.load(), 2, kWaitMs);
        QVERIFY(!Breakpoints::armed());
        QVERIFY(bp().points().isEmpty());
    }

    void resumeOfAStaleHoldIsHarmless()
    {
        bp().resume(987654321);
        bp().step(987654321);
        QVERIFY(!Breakpoints::armed());
    }
};

QTEST_GUILESS_MAIN(TestBreakpoints)
#include "tst_breakpoints.moc"
