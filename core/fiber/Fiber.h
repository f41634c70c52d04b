#pragma once

#include "core/fiber/IdentMode.h"

#include <boost/context/fiber.hpp>

#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>

namespace rs::fiber {

// A stackful coroutine (Boost.Context fcontext fiber) on a fixed-size stack with a guard page.
//
// resume() runs the body until it calls suspend() or returns; an exception that escapes the body
// is caught on the fiber's stack and rethrown by resume(), never unwound across the switch.
// Each switch in sets ExecutionContext's ident to this fiber's ident and its request id to the
// fiber's own; each switch out restores the resumer's, so events and a `Local` keyed on the
// ExecutionContext see the coroutine, not the thread.
//
// Destroying a suspended fiber unwinds its stack (destructors run) by throwing a
// private exception out of its pending suspend(): code in a fiber must not swallow it with a
// catch (...) that does not rethrow, and must not switch from a destructor.
//
// Threads: a fiber lives and runs on the thread that created it (thread_locals stay valid).
class Fiber {
public:
    enum class State { Ready, Running, Suspended, Finished };

    static constexpr std::size_t kDefaultStackSize = 64 * 1024;
    // Coroutine idents are kIdentBase + id. OS thread ids stay below 2^22 (the kernel's
    // PID_MAX_LIMIT), so the two never collide; the base is decimal so that the ident of
    // coroutine #12 reads 1000000012, and small enough to stay exact as a JSON double.
    static constexpr std::uint64_t kIdentBase = kCoroutineIdentBase;

    // `stackSize` is the usable size, rounded up to whole pages; one guard page is added below.
    // Nothing is mapped until the first resume() (std::bad_alloc from there if mapping fails).
    explicit Fiber(std::function<void()> body, std::size_t stackSize = kDefaultStackSize);
    ~Fiber();
    Fiber(const Fiber &) = delete;
    Fiber &operator=(const Fiber &) = delete;

    // Process-unique, increasing, never 0.
    std::uint64_t id() const { return id_; }
    std::uint64_t ident() const { return kIdentBase + id_; }
    State state() const { return state_; }
    bool finished() const { return state_ == State::Finished; }

    // The usable stack: the requested size rounded up to pages, mapped at the first resume();
    // [stackBottom(), stackBottom() + stackSize()), stackBottom() nullptr until then.
    std::size_t stackSize() const;
    const char *stackBottom() const;

    // Runs the fiber until it suspends or finishes. Rethrows what escaped the body. Not from inside
    // this fiber; throws std::logic_error when running or finished.
    void resume();
    // From inside this fiber only: back to whoever called resume().
    void suspend();

    // The fiber running on this thread, or nullptr.
    static Fiber *current();
    static bool isCoroutineIdent(std::uint64_t ident) { return ident > kIdentBase; }
    static std::uint64_t idOfIdent(std::uint64_t ident)
    {
        return isCoroutineIdent(ident) ? ident - kIdentBase : 0;
    }
    static const char *stateName(State state);

private:
    struct Unwind {}; // thrown out of suspend() when the fiber is destroyed early

    void start();
    boost::context::fiber run(boost::context::fiber &&caller);

    std::uint64_t id_;
    std::size_t requestedStackSize_;
    State state_ = State::Ready;
    bool unwinding_ = false;
    std::function<void()> body_;
    std::exception_ptr error_;
    std::uint64_t requestId_ = 0; // ExecutionContext::requestId while the fiber is switched out
    boost::context::stack_context stack_;
    boost::context::fiber context_; // the fiber, while it is not running
    boost::context::fiber caller_;  // whoever resumed it, while it runs
    // AddressSanitizer bookkeeping (unused otherwise).
    void *fakeStack_ = nullptr;
    void *tsanFiber_ = nullptr;  // ThreadSanitizer's context for this fiber
    void *tsanCaller_ = nullptr; // and the resumer's, while it runs
    const void *callerBottom_ = nullptr;
    std::size_t callerSize_ = 0;
};

} // namespace rs::fiber
