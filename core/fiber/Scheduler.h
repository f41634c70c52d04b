#pragma once

#include "core/fiber/Fiber.h"
#include "core/fiber/IoWatcher.h"
#include "core/fiber/PollIoWatcher.h"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <queue>
#include <unordered_map>
#include <vector>

namespace rs::fiber {

// Runs many fibers on one worker thread, round-robin, each until it yields, sleeps, waits for a
// socket, parks or finishes. Nothing here preempts: a fiber that blocks the thread blocks them all.
//
// Driving it from an existing event loop:
//
//     for (;;) {
//         const auto wait = scheduler.runReady();   // 0: more ready; kNoDeadline: no timer
//         epoll_wait(epfd, events, n, wait.count()); // the IoWatcher calls scheduler.wake(id)
//     }
//
// or, with the built-in poll(2) watcher, scheduler.run() until every fiber has finished.
//
// Threads: a scheduler belongs to the thread that created it (at most one per thread); every
// method must be called on that thread (std::logic_error otherwise).
class Scheduler {
public:
    using Clock = std::chrono::steady_clock;
    static constexpr std::chrono::milliseconds kNoDeadline{-1};

    explicit Scheduler(std::size_t stackSize = Fiber::kDefaultStackSize);
    // Unwinds the fibers that have not finished (their destructors run).
    ~Scheduler();
    Scheduler(const Scheduler &) = delete;
    Scheduler &operator=(const Scheduler &) = delete;

    // The scheduler of the calling thread, or nullptr.
    static Scheduler *ofThisThread();

    // A new fiber, at the back of the ready queue. Returns its id. Also from inside a fiber.
    std::uint64_t spawn(std::function<void()> body);
    std::uint64_t spawn(std::function<void()> body, std::size_t stackSize);

    // From inside one of this scheduler's fibers (std::logic_error otherwise):
    // to the back of the ready queue.
    void yield();
    // Ready again once `duration` has passed (at the first runReady() after); <= 0 just yields.
    void sleepFor(Clock::duration duration);
    void sleepUntil(Clock::time_point deadline);
    // Until `fd` is readable/writable (true) or `timeout` passed (false; negative: no timeout).
    bool waitReadable(int fd, std::chrono::milliseconds timeout = kNoDeadline);
    bool waitWritable(int fd, std::chrono::milliseconds timeout = kNoDeadline);
    // Until someone calls wake() with this fiber's id.
    void park();

    // Makes a waiting fiber (sleep, socket or park) ready now. False when there is no such fiber
    // or it is not waiting (already ready, running or finished): late wakes are harmless.
    bool wake(std::uint64_t fiberId);

    // Where socket waits go; nullptr (the default) uses the built-in PollIoWatcher. Not owned.
    // Change it only while no fiber waits for a socket.
    void setIoWatcher(IoWatcher *watcher);

    // One scheduling round: wakes the sleepers whose time came (and, with the built-in watcher,
    // the fibers whose fd is ready), then resumes each fiber that was ready when the round began,
    // once. Returns how long the caller may wait for I/O before calling it again: 0 when fibers
    // are ready, the time to the next timer (rounded up), or kNoDeadline when there is none.
    // An exception that escaped a fiber's body is rethrown here, after that fiber is gone; the
    // rest of the round runs at the next call.
    std::chrono::milliseconds runReady();
    // runReady() until every fiber has finished, waiting in poll(2) in between. Needs the built-in
    // watcher; throws std::logic_error if the remaining fibers are parked with nothing to wake them.
    void run();

    // The fiber this scheduler is running now (inside it), or nullptr.
    Fiber *current() const;
    std::size_t alive() const { return fibers_.size(); }
    std::size_t readyCount() const { return ready_.size(); }
    // Switches into fibers so far.
    std::uint64_t switches() const { return switches_; }
    std::size_t stackSize() const { return stackSize_; }

private:
    enum class Wait { Ready, Running, Sleep, Io, Park };
    struct Entry {
        std::unique_ptr<Fiber> fiber;
        Wait wait = Wait::Ready;
        std::uint64_t waitToken = 0; // bumped by every wait, so stale timers are ignored
        bool timedOut = false;
        int fd = -1;
        IoWatcher::Interest interest = IoWatcher::Interest::Readable;
    };
    struct Timer {
        Clock::time_point deadline;
        std::uint64_t sequence; // FIFO among equal deadlines
        std::uint64_t fiberId;
        std::uint64_t waitToken;
        bool operator>(const Timer &o) const
        {
            return deadline != o.deadline ? deadline > o.deadline : sequence > o.sequence;
        }
    };

    void checkThread(const char *what) const;
    // Switches out of the running fiber; with tracing on, a coroutine.suspend event (why) before
    // and a coroutine.resume event (how long it waited) once it runs again.
    void suspendRunning(Entry &entry, const char *reason);
    Entry &runningEntry(const char *what);
    void makeReady(std::uint64_t fiberId, Entry &entry);
    void addTimer(Clock::time_point deadline, std::uint64_t fiberId, Entry &entry);
    bool waitIo(int fd, IoWatcher::Interest interest, std::chrono::milliseconds timeout);
    void wakeDueTimers(Clock::time_point now);
    std::chrono::milliseconds untilNextTimer(Clock::time_point now);
    IoWatcher &watcher() { return externalWatcher_ ? *externalWatcher_ : pollWatcher_; }

    std::uint64_t ownerThread_;
    std::size_t stackSize_;
    std::unordered_map<std::uint64_t, Entry> fibers_;
    std::deque<std::uint64_t> ready_;
    std::priority_queue<Timer, std::vector<Timer>, std::greater<>> timers_;
    std::uint64_t timerSequence_ = 0;
    std::uint64_t runningId_ = 0;
    std::uint64_t switches_ = 0;
    IoWatcher *externalWatcher_ = nullptr;
    PollIoWatcher pollWatcher_;
};

} // namespace rs::fiber
