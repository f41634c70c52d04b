#include "core/fiber/Fiber.h"
#include "core/trace/ExecutionContext.h"

#include <QTest>

#include <csignal>
#include <memory>
#include <stdexcept>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

using rs::fiber::Fiber;
using rs::trace::ExecutionContext;

namespace {
// Uses about `depth` KiB of stack; returns a value the compiler cannot fold away.
int recurse(int depth)
{
    volatile char frame[1024];
    frame[0] = static_cast<char>(depth);
    frame[sizeof frame - 1] = static_cast<char>(depth);
    if (depth <= 0)
        return frame[0];
    return recurse(depth - 1) + frame[sizeof frame - 1];
}

// Runs recurse(depthKiB) in a fiber of `stackSize` in a child process; the child's wait status.
int statusOfRecursionInChild(std::size_t stackSize, int depthKiB)
{
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::signal(SIGSEGV, SIG_DFL); // die at once: no QtTest crash handler (it would attach a debugger)
        ::signal(SIGBUS, SIG_DFL);
        int result = 0;
        Fiber fiber([&] { result = recurse(depthKiB); }, stackSize);
        fiber.resume();
        ::_exit(result == -12345 ? 3 : 0);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    return status;
}
} // namespace

// The fiber itself: switching, states, ids, exceptions, unwinding, stacks, the ExecutionContext.
class TestFiber : public QObject {
    Q_OBJECT

private slots:
    void pingPongSwitchesInOrder()
    {
        std::vector<std::string> log;
        Fiber *self = nullptr;
        Fiber fiber([&] {
            for (int i = 0; i < 3; ++i) {
                log.push_back("fiber " + std::to_string(i));
                self->suspend();
            }
            log.push_back("fiber done");
        });
        self = &fiber;
        QCOMPARE(fiber.state(), Fiber::State::Ready);
        for (int i = 0; i < 3; ++i) {
            log.push_back("main " + std::to_string(i));
            fiber.resume();
            QCOMPARE(fiber.state(), Fiber::State::Suspended);
        }
        fiber.resume();
        QCOMPARE(fiber.state(), Fiber::State::Finished);
        const std::vector<std::string> expected{"main 0", "fiber 0", "main 1",    "fiber 1",
                                                "main 2", "fiber 2", "fiber done"};
        QCOMPARE(log, expected);
        QVERIFY_THROWS_EXCEPTION(std::logic_error, fiber.resume());
    }

    void stateIsRunningInsideAndCurrentIsSet()
    {
        Fiber::State inside = Fiber::State::Ready;
        Fiber *seen = nullptr;
        Fiber *self = nullptr;
        Fiber fiber([&] {
            inside = self->state();
            seen = Fiber::current();
        });
        self = &fiber;
        QCOMPARE(Fiber::current(), nullptr);
        fiber.resume();
        QCOMPARE(inside, Fiber::State::Running);
        QCOMPARE(seen, &fiber);
        QCOMPARE(Fiber::current(), nullptr);
    }

    void idsAreUniqueIncreasingAndIdentsAvoidThreadIds()
    {
        Fiber a([] {});
        Fiber b([] {});
        QVERIFY(a.id() > 0);
        QVERIFY(b.id() > a.id());
        QCOMPARE(a.ident(), Fiber::kIdentBase + a.id());
        QVERIFY(Fiber::isCoroutineIdent(a.ident()));
        QCOMPARE(Fiber::idOfIdent(b.ident()), b.id());
        QVERIFY(!Fiber::isCoroutineIdent(ExecutionContext::threadIdent()));
        QVERIFY(!Fiber::isCoroutineIdent(4194304)); // the kernel's PID_MAX_LIMIT
    }

    void exceptionComesOutOfResume()
    {
        Fiber fiber([] { throw std::runtime_error("boom in fiber"); });
        try {
            fiber.resume();
            QFAIL("resume() did not rethrow");
        } catch (const std::runtime_error &e) {
            QCOMPARE(std::string(e.what()), std::string("boom in fiber"));
        }
        QCOMPARE(fiber.state(), Fiber::State::Finished);
        QCOMPARE(Fiber::current(), nullptr);
        QCOMPARE(ExecutionContext::current().ident, ExecutionContext::threadIdent());
    }

    void exceptionAfterSuspendComesOutOfTheLaterResume()
    {
        Fiber *self = nullptr;
        Fiber fiber([&] {
            self->suspend();
            throw std::out_of_range("late");
        });
        self = &fiber;
        fiber.resume();
        QVERIFY_THROWS_EXCEPTION(std::out_of_range, fiber.resume());
        QVERIFY(fiber.finished());
    }

    void exceptionsCaughtInsideStayInside()
    {
        int caught = 0;
        Fiber *self = nullptr;
        Fiber fiber([&] {
            for (int i = 0; i < 100; ++i) {
                try {
                    self->suspend();
                    throw std::runtime_error("inner");
                } catch (const std::runtime_error &) {
                    ++caught;
                }
            }
        });
        self = &fiber;
        while (!fiber.finished())
            fiber.resume();
        QCOMPARE(caught, 100);
    }

    void destroyingASuspendedFiberUnwindsItsStack()
    {
        auto token = std::make_shared<int>(1);
        bool afterSuspend = false;
        {
            Fiber *self = nullptr;
            auto fiber = std::make_unique<Fiber>([&, held = token] {
                auto alsoHeld = held;
                self->suspend();
                afterSuspend = true;
            });
            self = fiber.get();
            fiber->resume();
            QCOMPARE(token.use_count(), 3);
        }
        QCOMPARE(token.use_count(), 1); // the stack's copy and the captured one are gone
        QVERIFY(!afterSuspend);
        {
            Fiber neverStarted([held = token] {});
            QCOMPARE(token.use_count(), 2);
        }
        QCOMPARE(token.use_count(), 1);
    }

    void executionContextFollowsTheFiber()
    {
        ExecutionContext &ctx = ExecutionContext::current();
        const std::uint64_t threadIdent = ExecutionContext::threadIdent();
        QCOMPARE(ctx.ident, threadIdent);
        ctx.requestId = 5;
        std::uint64_t identInside = 0;
        std::uint64_t requestInside = 0;
        std::uint64_t requestAfterSwitch = 0;
        Fiber *self = nullptr;
        Fiber fiber([&] {
            identInside = ExecutionContext::current().ident;
            requestInside = ExecutionContext::current().requestId;
            ExecutionContext::current().requestId = 77; // the fiber's own request
            self->suspend();
            requestAfterSwitch = ExecutionContext::current().requestId;
        });
        self = &fiber;
        fiber.resume();
        QCOMPARE(identInside, fiber.ident());
        QCOMPARE(requestInside, std::uint64_t(0));
        QCOMPARE(ctx.ident, threadIdent);
        QCOMPARE(ctx.requestId, std::uint64_t(5));
        fiber.resume();
        QCOMPARE(requestAfterSwitch, std::uint64_t(77));
        QCOMPARE(ctx.ident, threadIdent);
        ctx.requestId = 0;
    }

    void nestedFibersRestoreTheOuterOne()
    {
        std::uint64_t innerIdent = 0;
        std::uint64_t outerAfter = 0;
        Fiber *outerSeen = nullptr;
        Fiber inner([&] { innerIdent = ExecutionContext::current().ident; });
        Fiber outer([&] {
            inner.resume();
            outerAfter = ExecutionContext::current().ident;
            outerSeen = Fiber::current();
        });
        outer.resume();
        QCOMPARE(innerIdent, inner.ident());
        QCOMPARE(outerAfter, outer.ident());
        QCOMPARE(outerSeen, &outer);
    }

    void stackSizeIsHonoured()
    {
        const std::size_t requested = 200 * 1024;
        const char *local = nullptr;
        Fiber fiber(
            [&] {
                local = static_cast<const char *>(
                    __builtin_frame_address(0)); // real stack, also under ASan's fake stacks
                QVERIFY(recurse(150) != -12345); // 150 KiB fit in 200
            },
            requested);
        QCOMPARE(fiber.stackBottom(), nullptr); // nothing mapped before the first resume
        QVERIFY(fiber.stackSize() >= requested);
        QVERIFY(fiber.stackSize() < requested + 4096 * 2);
        QCOMPARE(Fiber(([] {})).stackSize(), std::size_t(64 * 1024));
        fiber.resume();
        QVERIFY(local >= fiber.stackBottom());
        QVERIFY(local < fiber.stackBottom() + fiber.stackSize());
    }

    // The guard page: an overflow kills the process with SIGSEGV instead of writing below the
    // stack. Run in a child so the test survives.
    void stackOverflowFaults()
    {
        const int fits = statusOfRecursionInChild(256 * 1024, 32);
        QVERIFY2(WIFEXITED(fits) && WEXITSTATUS(fits) == 0,
                 "32 KiB of recursion in a 256 KiB stack must succeed");
        const int overflows = statusOfRecursionInChild(16 * 1024, 128);
        QVERIFY2(!(WIFEXITED(overflows) && WEXITSTATUS(overflows) == 0),
                 "128 KiB of recursion in a 16 KiB stack must not complete");
        QVERIFY(WIFSIGNALED(overflows));
        QCOMPARE(WTERMSIG(overflows), SIGSEGV);
    }
};

QTEST_GUILESS_MAIN(TestFiber)
#include "tst_fiber.moc"
