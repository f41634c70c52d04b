#include "core/fiber/Scheduler.h"

#include "core/fiber/InterpreterLock.h"
#include "core/trace/EventBus.h"
#include "core/trace/ExecutionContext.h"

#include <stdexcept>
#include <string>
#include <utility>

namespace rs::fiber {

namespace {
thread_local Scheduler *threadScheduler = nullptr;
}

Scheduler::Scheduler(std::size_t stackSize)
    : ownerThread_(trace::ExecutionContext::threadIdent()), stackSize_(stackSize),
      pollWatcher_([this](std::uint64_t id) { wake(id); })
{
    if (threadScheduler)
        throw std::logic_error("rs::fiber::Scheduler: this thread already has a scheduler");
    threadScheduler = this;
}

Scheduler::~Scheduler()
{
    // A fiber being unwound must not switch, so nothing here reschedules it.
    auto fibers = std::move(fibers_);
    fibers_.clear();
    ready_.clear();
    for (auto &[id, entry] : fibers) {
        if (entry.wait == Wait::Io)
            watcher().unwatch(entry.fd, entry.interest, id);
        entry.fiber.reset();
    }
    if (threadScheduler == this)
        threadScheduler = nullptr;
}

Scheduler *Scheduler::ofThisThread()
{
    return threadScheduler;
}

void Scheduler::checkThread(const char *what) const
{
    if (trace::ExecutionContext::threadIdent() != ownerThread_)
        throw std::logic_error(std::string("rs::fiber::Scheduler::") + what + ": called from another thread");
}

Scheduler::Entry &Scheduler::runningEntry(const char *what)
{
    checkThread(what);
    auto it = runningId_ ? fibers_.find(runningId_) : fibers_.end();
    if (it == fibers_.end() || it->second.fiber.get() != Fiber::current())
        throw std::logic_error(std::string("rs::fiber::Scheduler::") + what +
                               ": not called from one of this scheduler's fibers");
    return it->second;
}

std::uint64_t Scheduler::spawn(std::function<void()> body)
{
    return spawn(std::move(body), stackSize_);
}

std::uint64_t Scheduler::spawn(std::function<void()> body, std::size_t stackSize)
{
    checkThread("spawn");
    auto fiber = std::make_unique<Fiber>(std::move(body), stackSize);
    const std::uint64_t id = fiber->id();
    Entry &entry = fibers_[id];
    entry.fiber = std::move(fiber);
    makeReady(id, entry);
    return id;
}

void Scheduler::makeReady(std::uint64_t fiberId, Entry &entry)
{
    entry.wait = Wait::Ready;
    ++entry.waitToken;
    ready_.push_back(fiberId);
}

void Scheduler::addTimer(Clock::time_point deadline, std::uint64_t fiberId, Entry &entry)
{
    timers_.push({deadline, timerSequence_++, fiberId, entry.waitToken});
}

void Scheduler::yield()
{
    Entry &entry = runningEntry("yield");
    makeReady(runningId_, entry);
    suspendRunning(entry, "yield");
}

void Scheduler::sleepFor(Clock::duration duration)
{
    if (duration <= Clock::duration::zero()) {
        yield();
        return;
    }
    sleepUntil(Clock::now() + duration);
}

void Scheduler::sleepUntil(Clock::time_point deadline)
{
    Entry &entry = runningEntry("sleepUntil");
    entry.wait = Wait::Sleep;
    ++entry.waitToken;
    addTimer(deadline, runningId_, entry);
    suspendRunning(entry, "sleep");
}

void Scheduler::suspendRunning(Entry &entry, const char *reason)
{
    Fiber &fiber = *entry.fiber;
    const bool traced = trace::tracing();
    std::int64_t suspendedAt = 0;
    if (traced) {
        suspendedAt = trace::EventBus::nowUs();
        trace::Event e(trace::EventKind::CoroutineSuspend);
        e.setInt(0, static_cast<std::int64_t>(fiber.id()));
        e.setText(0, reason);
        trace::emitEvent(e);
    }
    {
        // Whatever runs next on this thread may need the GIL (plain-dict mode); taken back after.
        InterpreterLock::Release release;
        fiber.suspend();
    }
    // Back in the fiber: the ExecutionContext is this fiber's again, so the event carries its
    // ident and request.
    if (traced && trace::tracing()) {
        trace::Event e(trace::EventKind::CoroutineResume);
        e.setInt(0, static_cast<std::int64_t>(fiber.id()));
        e.setInt(1, trace::EventBus::nowUs() - suspendedAt);
        trace::emitEvent(e);
    }
}

bool Scheduler::waitReadable(int fd, std::chrono::milliseconds timeout)
{
    return waitIo(fd, IoWatcher::Interest::Readable, timeout);
}

bool Scheduler::waitWritable(int fd, std::chrono::milliseconds timeout)
{
    return waitIo(fd, IoWatcher::Interest::Writable, timeout);
}

bool Scheduler::waitIo(int fd, IoWatcher::Interest interest, std::chrono::milliseconds timeout)
{
    Entry &entry = runningEntry("waitIo");
    const std::uint64_t id = runningId_;
    entry.wait = Wait::Io;
    ++entry.waitToken;
    entry.timedOut = false;
    entry.fd = fd;
    entry.interest = interest;
    if (timeout >= std::chrono::milliseconds::zero())
        addTimer(Clock::now() + timeout, id, entry);
    watcher().watch(fd, interest, id);
    suspendRunning(entry, "io");
    return !entry.timedOut;
}

void Scheduler::park()
{
    Entry &entry = runningEntry("park");
    entry.wait = Wait::Park;
    ++entry.waitToken;
    suspendRunning(entry, "park");
}

bool Scheduler::wake(std::uint64_t fiberId)
{
    checkThread("wake");
    auto it = fibers_.find(fiberId);
    if (it == fibers_.end())
        return false;
    Entry &entry = it->second;
    switch (entry.wait) {
    case Wait::Ready:
    case Wait::Running: return false;
    case Wait::Io: watcher().unwatch(entry.fd, entry.interest, fiberId); break;
    case Wait::Sleep:
    case Wait::Park: break;
    }
    makeReady(fiberId, entry);
    return true;
}

void Scheduler::setIoWatcher(IoWatcher *watcher)
{
    checkThread("setIoWatcher");
    externalWatcher_ = watcher;
}

void Scheduler::wakeDueTimers(Clock::time_point now)
{
    while (!timers_.empty() && timers_.top().deadline <= now) {
        const Timer timer = timers_.top();
        timers_.pop();
        auto it = fibers_.find(timer.fiberId);
        if (it == fibers_.end() || it->second.waitToken != timer.waitToken)
            continue; // the wait already ended another way
        Entry &entry = it->second;
        if (entry.wait == Wait::Io) {
            watcher().unwatch(entry.fd, entry.interest, timer.fiberId);
            entry.timedOut = true;
        }
        makeReady(timer.fiberId, entry);
    }
}

std::chrono::milliseconds Scheduler::untilNextTimer(Clock::time_point now)
{
    // Drop timers of waits that ended another way, so they do not cause early wake-ups.
    while (!timers_.empty()) {
        const Timer &top = timers_.top();
        auto it = fibers_.find(top.fiberId);
        if (it != fibers_.end() && it->second.waitToken == top.waitToken)
            break;
        timers_.pop();
    }
    if (timers_.empty())
        return kNoDeadline;
    const auto left = timers_.top().deadline - now;
    if (left <= Clock::duration::zero())
        return std::chrono::milliseconds::zero();
    return std::chrono::ceil<std::chrono::milliseconds>(left);
}

std::chrono::milliseconds Scheduler::runReady()
{
    checkThread("runReady");
    if (runningId_)
        throw std::logic_error("rs::fiber::Scheduler::runReady: called from inside a fiber");
    wakeDueTimers(Clock::now());
    if (!externalWatcher_ && !pollWatcher_.empty())
        pollWatcher_.poll(std::chrono::milliseconds::zero());

    for (std::size_t round = ready_.size(); round > 0 && !ready_.empty(); --round) {
        const std::uint64_t id = ready_.front();
        ready_.pop_front();
        auto it = fibers_.find(id);
        if (it == fibers_.end() || it->second.wait != Wait::Ready)
            continue;
        Entry &entry = it->second;
        entry.wait = Wait::Running;
        runningId_ = id;
        ++switches_;
        try {
            entry.fiber->resume();
        } catch (...) {
            runningId_ = 0;
            fibers_.erase(id); // by key: spawns inside the fiber may have rehashed the map
            throw;
        }
        runningId_ = 0;
        if (entry.fiber->finished())
            fibers_.erase(id);
    }

    if (!ready_.empty())
        return std::chrono::milliseconds::zero();
    return untilNextTimer(Clock::now());
}

void Scheduler::run()
{
    if (externalWatcher_)
        throw std::logic_error(
            "rs::fiber::Scheduler::run: needs the built-in watcher; drive runReady() instead");
    while (!fibers_.empty()) {
        const std::chrono::milliseconds wait = runReady();
        if (fibers_.empty())
            break;
        if (wait == std::chrono::milliseconds::zero())
            continue;
        if (wait == kNoDeadline && pollWatcher_.empty())
            throw std::logic_error("rs::fiber::Scheduler::run: " + std::to_string(fibers_.size()) +
                                   " fibers are parked with nothing to wake them");
        pollWatcher_.poll(wait);
    }
}

Fiber *Scheduler::current() const
{
    if (!runningId_)
        return nullptr;
    auto it = fibers_.find(runningId_);
    return it == fibers_.end() ? nullptr : it->second.fiber.get();
}

} // namespace rs::fiber
