#include "core/fiber/FiberSleep.h"
#include "core/fiber/IoWatcher.h"
#include "core/fiber/Scheduler.h"
#include "core/trace/ExecutionContext.h"

#include <QTest>

#include <algorithm>
#include <chrono>
#include <poll.h>
#include <random>
#include <stdexcept>
#include <string>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <vector>

using namespace std::chrono_literals;
using rs::fiber::Fiber;
using rs::fiber::IoWatcher;
using rs::fiber::Scheduler;
using rs::trace::ExecutionContext;
using Clock = std::chrono::steady_clock;

namespace {
// A stand-in for a worker's epoll loop: records the waits, the test decides when to wake.
class RecordingWatcher : public IoWatcher {
public:
    struct Wait {
        int fd;
        Interest interest;
        std::uint64_t fiberId;
    };
    std::vector<Wait> watched;
    std::vector<Wait> unwatched;
    void watch(int fd, Interest interest, std::uint64_t fiberId) override
    {
        watched.push_back({fd, interest, fiberId});
    }
    void unwatch(int fd, Interest interest, std::uint64_t fiberId) override
    {
        unwatched.push_back({fd, interest, fiberId});
    }
};

struct SocketPair {
    int fds[2] = {-1, -1};
    SocketPair() { QVERIFY(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, fds) == 0); }
    ~SocketPair()
    {
        ::close(fds[0]);
        ::close(fds[1]);
    }
};
} // namespace

// Many fibers on one thread: order, timers, sockets, wake-ups, exceptions, the ExecutionContext.
class TestScheduler : public QObject {
    Q_OBJECT

private slots:
    void pingPongAlternates()
    {
        Scheduler scheduler;
        std::vector<std::string> log;
        for (const char *name : {"A", "B"})
            scheduler.spawn([&, name] {
                for (int i = 0; i < 3; ++i) {
                    log.push_back(name + std::to_string(i));
                    scheduler.yield();
                }
            });
        QCOMPARE(scheduler.alive(), std::size_t(2));
        scheduler.run();
        const std::vector<std::string> expected{"A0", "B0", "A1", "B1", "A2", "B2"};
        QCOMPARE(log, expected);
        QCOMPARE(scheduler.alive(), std::size_t(0));
        QCOMPARE(scheduler.switches(), std::uint64_t(8)); // 3 yields + the final return, each
    }

    void runReadyRunsEachReadyFiberOncePerRound()
    {
        Scheduler scheduler;
        int steps = 0;
        scheduler.spawn([&] {
            for (;;) {
                ++steps;
                scheduler.yield();
            }
        });
        QCOMPARE(scheduler.runReady(), 0ms); // still ready: the caller must come back at once
        QCOMPARE(steps, 1);
        QCOMPARE(scheduler.runReady(), 0ms);
        QCOMPARE(steps, 2);
        QCOMPARE(scheduler.alive(), std::size_t(1)); // unwound by the scheduler's destructor
    }

    void runReadyReportsTheNextTimer()
    {
        Scheduler scheduler;
        QCOMPARE(scheduler.runReady(), Scheduler::kNoDeadline);
        scheduler.spawn([&] { scheduler.sleepFor(200ms); });
        const auto wait = scheduler.runReady();
        QVERIFY2(wait > 150ms && wait <= 200ms, std::to_string(wait.count()).c_str());
        QCOMPARE(scheduler.alive(), std::size_t(1));
    }

    void thousandSleepersOverlap()
    {
        Scheduler scheduler;
        std::mt19937 random(12345);
        std::uniform_int_distribution<int> sleepMs(1, 20);
        int finished = 0;
        int early = 0;
        int longest = 0;
        const auto start = Clock::now();
        for (int i = 0; i < 1000; ++i) {
            const int ms = sleepMs(random);
            longest = std::max(longest, ms);
            scheduler.spawn([&, ms] {
                const auto begin = Clock::now();
                scheduler.sleepFor(std::chrono::milliseconds(ms));
                if (Clock::now() - begin < std::chrono::milliseconds(ms))
                    ++early;
                ++finished;
            });
        }
        // Driven as a worker's event loop would: wait in poll() for what runReady() says.
        int rounds = 0;
        while (scheduler.alive() > 0) {
            const auto wait = scheduler.runReady();
            QVERIFY(wait <= 20ms);
            if (scheduler.alive() > 0) {
                QVERIFY(wait >= 0ms); // every fiber left sleeps on a timer
                ::poll(nullptr, 0, static_cast<int>(wait.count()));
            }
            QVERIFY(++rounds < 100000);
        }
        const auto total = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
        QCOMPARE(finished, 1000);
        QCOMPARE(early, 0);
        QVERIFY(total >= std::chrono::milliseconds(longest));
        // The sum of the sleeps is about 10 s; overlapped they take the longest one plus the switches.
        QVERIFY2(total < 2s, std::to_string(total.count()).c_str());
    }

    void exceptionLeavesRunReadyAndTheOthersGoOn()
    {
        Scheduler scheduler;
        int otherSteps = 0;
        scheduler.spawn([] { throw std::runtime_error("view failed"); });
        scheduler.spawn([&] {
            ++otherSteps;
            scheduler.yield();
            ++otherSteps;
        });
        try {
            scheduler.runReady();
            QFAIL("runReady() did not rethrow");
        } catch (const std::runtime_error &e) {
            QCOMPARE(std::string(e.what()), std::string("view failed"));
        }
        QCOMPARE(scheduler.alive(), std::size_t(1));
        QCOMPARE(scheduler.current(), nullptr);
        QCOMPARE(ExecutionContext::current().ident, ExecutionContext::threadIdent());
        scheduler.run();
        QCOMPARE(otherSteps, 2);
    }

    void identIsTheFibersInsideAndTheThreadsOutside()
    {
        Scheduler scheduler;
        const std::uint64_t threadIdent = ExecutionContext::threadIdent();
        std::vector<std::pair<std::uint64_t, std::uint64_t>> seen; // (fiber ident, ExecutionContext ident)
        for (int i = 0; i < 3; ++i)
            scheduler.spawn([&] {
                for (int step = 0; step < 2; ++step) {
                    seen.push_back({scheduler.current()->ident(), ExecutionContext::current().ident});
                    scheduler.yield();
                }
            });
        while (scheduler.alive() > 0) {
            scheduler.runReady();
            QCOMPARE(ExecutionContext::current().ident, threadIdent);
            QCOMPARE(scheduler.current(), nullptr);
        }
        QCOMPARE(seen.size(), std::size_t(6));
        for (const auto &[fiberIdent, contextIdent] : seen) {
            QCOMPARE(contextIdent, fiberIdent);
            QVERIFY(Fiber::isCoroutineIdent(contextIdent));
            QVERIFY(contextIdent != threadIdent);
        }
    }

    void requestIdsStayWithTheirFiber()
    {
        Scheduler scheduler;
        int mismatches = 0;
        for (std::uint64_t request = 1; request <= 50; ++request)
            scheduler.spawn([&, request] {
                rs::trace::RequestIdScope scope(request);
                for (int i = 0; i < 3; ++i) {
                    scheduler.yield();
                    if (ExecutionContext::current().requestId != request)
                        ++mismatches;
                }
            });
        scheduler.run();
        QCOMPARE(mismatches, 0);
        QCOMPARE(ExecutionContext::current().requestId, std::uint64_t(0));
    }

    void waitReadableWithTheBuiltInWatcher()
    {
        Scheduler scheduler;
        SocketPair pair;
        std::string received;
        std::vector<std::string> log;
        scheduler.spawn([&] {
            log.push_back("reader waits");
            QVERIFY(scheduler.waitReadable(pair.fds[0]));
            char buffer[16] = {};
            const ssize_t n = ::read(pair.fds[0], buffer, sizeof buffer);
            received.assign(buffer, n > 0 ? static_cast<std::size_t>(n) : 0);
            log.push_back("reader read");
        });
        scheduler.spawn([&] {
            scheduler.sleepFor(5ms);
            QVERIFY(scheduler.waitWritable(pair.fds[1]));
            log.push_back("writer writes");
            QCOMPARE(::write(pair.fds[1], "hello", 5), ssize_t(5));
        });
        scheduler.run();
        QCOMPARE(received, std::string("hello"));
        const std::vector<std::string> expected{"reader waits", "writer writes", "reader read"};
        QCOMPARE(log, expected);
    }

    void waitReadableTimesOut()
    {
        Scheduler scheduler;
        SocketPair pair;
        bool ready = true;
        const auto start = Clock::now();
        scheduler.spawn([&] { ready = scheduler.waitReadable(pair.fds[0], 20ms); });
        scheduler.run();
        QVERIFY(!ready);
        QVERIFY(Clock::now() - start >= 20ms);
    }

    void externalWatcherIsToldAndWakeResumes()
    {
        Scheduler scheduler;
        RecordingWatcher watcher;
        scheduler.setIoWatcher(&watcher);
        bool ready = false;
        const std::uint64_t id = scheduler.spawn([&] { ready = scheduler.waitWritable(42, 10s); });
        QCOMPARE(scheduler.runReady(), 10000ms);
        QCOMPARE(watcher.watched.size(), std::size_t(1));
        QCOMPARE(watcher.watched[0].fd, 42);
        QVERIFY(watcher.watched[0].interest == IoWatcher::Interest::Writable);
        QCOMPARE(watcher.watched[0].fiberId, id);
        QVERIFY(!ready);
        QVERIFY(scheduler.wake(id));
        QVERIFY(!scheduler.wake(id));                           // a second, late wake is harmless
        QCOMPARE(scheduler.runReady(), Scheduler::kNoDeadline); // the 10 s timer is dropped
        QVERIFY(ready);
        QCOMPARE(scheduler.alive(), std::size_t(0));
        QVERIFY(!scheduler.wake(id));
        QCOMPARE(watcher.unwatched.size(), std::size_t(1)); // once per watch, also after its own wake
        QCOMPARE(watcher.unwatched[0].fiberId, id);
        QVERIFY_THROWS_EXCEPTION(std::logic_error, scheduler.run());
    }

    void externalWatcherIsToldOnTimeout()
    {
        Scheduler scheduler;
        RecordingWatcher watcher;
        scheduler.setIoWatcher(&watcher);
        bool ready = true;
        scheduler.spawn([&] { ready = scheduler.waitReadable(7, 1ms); });
        scheduler.runReady();
        QTRY_VERIFY_WITH_TIMEOUT((scheduler.runReady(), scheduler.alive() == 0), 5000);
        QVERIFY(!ready);
        QCOMPARE(watcher.unwatched.size(), std::size_t(1));
        QCOMPARE(watcher.unwatched[0].fd, 7);
    }

    void parkUntilWoken()
    {
        Scheduler scheduler;
        std::vector<std::string> log;
        const std::uint64_t sleeper = scheduler.spawn([&] {
            log.push_back("parked");
            scheduler.park();
            log.push_back("woken");
        });
        scheduler.spawn([&] {
            log.push_back("waker");
            QVERIFY(scheduler.wake(sleeper));
        });
        scheduler.run();
        const std::vector<std::string> expected{"parked", "waker", "woken"};
        QCOMPARE(log, expected);
    }

    void runRefusesAFiberParkedForever()
    {
        Scheduler scheduler;
        scheduler.spawn([&] { scheduler.park(); });
        QVERIFY_THROWS_EXCEPTION(std::logic_error, scheduler.run());
    }

    void fibersCanSpawnFibers()
    {
        Scheduler scheduler;
        int children = 0;
        scheduler.spawn([&] {
            for (int i = 0; i < 10; ++i)
                scheduler.spawn([&] { ++children; });
        });
        scheduler.run();
        QCOMPARE(children, 10);
    }

    void misuseIsRefused()
    {
        Scheduler scheduler;
        QVERIFY_THROWS_EXCEPTION(std::logic_error, scheduler.yield());
        QVERIFY_THROWS_EXCEPTION(std::logic_error, Scheduler{});
        QCOMPARE(Scheduler::ofThisThread(), &scheduler);
        bool refusedElsewhere = false;
        std::thread other([&] {
            try {
                scheduler.spawn([] {});
            } catch (const std::logic_error &) {
                refusedElsewhere = true;
            }
        });
        other.join();
        QVERIFY(refusedElsewhere);
    }

    void destroyingTheSchedulerUnwindsWaitingFibers()
    {
        auto token = std::make_shared<int>(0);
        {
            Scheduler scheduler;
            for (int i = 0; i < 10; ++i)
                scheduler.spawn([&scheduler, held = token] { scheduler.sleepFor(1h); });
            scheduler.runReady();
            QCOMPARE(token.use_count(), 11);
        }
        QCOMPARE(token.use_count(), 1);
        QCOMPARE(Scheduler::ofThisThread(), nullptr);
    }

    void stackSizeIsPerScheduler()
    {
        Scheduler scheduler(256 * 1024);
        std::size_t seen = 0;
        scheduler.spawn([&] { seen = scheduler.current()->stackSize(); });
        scheduler.run();
        QCOMPARE(seen, std::size_t(256 * 1024));
    }

    void fiberSleepYieldsInAFiberAndBlocksOutside()
    {
        const auto start = Clock::now();
        rs::fiber::fiberSleep(15ms);
        QVERIFY(Clock::now() - start >= 15ms);
        QVERIFY(!rs::fiber::yieldIfInFiber());
        QVERIFY(!rs::fiber::inScheduledFiber());

        Scheduler scheduler;
        std::vector<std::string> log;
        scheduler.spawn([&] {
            QVERIFY(rs::fiber::inScheduledFiber());
            log.push_back("slow starts");
            rs::fiber::fiberSleep(30ms);
            log.push_back("slow ends");
        });
        scheduler.spawn([&] {
            log.push_back("other runs");
            QVERIFY(rs::fiber::yieldIfInFiber());
            log.push_back("other ends");
        });
        scheduler.run();
        const std::vector<std::string> expected{"slow starts", "other runs", "other ends", "slow ends"};
        QCOMPARE(log, expected);
    }
};

QTEST_GUILESS_MAIN(TestScheduler)
#include "tst_scheduler.moc"
