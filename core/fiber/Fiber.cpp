#include "core/fiber/Fiber.h"

#include "core/fiber/FiberStack.h"
#include "core/fiber/SanitizerSwitch.h"
#include "core/trace/ExecutionContext.h"

#include <boost/context/preallocated.hpp>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <utility>

namespace rs::fiber {

namespace {
std::atomic<std::uint64_t> nextFiberId{1};
thread_local Fiber *runningFiber = nullptr;
} // namespace

Fiber::Fiber(std::function<void()> body, std::size_t stackSize)
    : id_(nextFiberId.fetch_add(1, std::memory_order_relaxed)), requestedStackSize_(stackSize),
      body_(std::move(body))
{
}

Fiber::~Fiber()
{
    if (state_ == State::Running) {
        std::fputs("rs::fiber::Fiber destroyed while running\n", stderr);
        std::abort();
    }
    if (state_ == State::Suspended) {
        unwinding_ = true;
        try {
            resume();
        } catch (...) {
            // An unwound fiber has no one left to report to.
        }
    }
    SanitizerSwitch::destroyFiber(tsanFiber_);
}

void Fiber::start()
{
    // The stack is mapped only now, so queued fibers cost no stack. Creating the context runs a
    // few instructions on the new stack and comes back; doing it here, on the resumer's stack
    // (the scheduler's thread stack), keeps ASan's fake-stack bookkeeping sound.
    FiberStack allocator(requestedStackSize_);
    stack_ = allocator.allocate();
    tsanFiber_ = SanitizerSwitch::createFiber();
    // Preallocated, so that the stack bounds are known (for stackBottom() and ASan); Boost places
    // its record at the top of the stack and gives the pages back through `allocator`.
    context_ = boost::context::fiber(
        std::allocator_arg, boost::context::preallocated(stack_.sp, stack_.size, stack_), allocator,
        [this](boost::context::fiber &&caller) { return run(std::move(caller)); });
}

std::size_t Fiber::stackSize() const
{
    return FiberStack::roundedSize(requestedStackSize_);
}

const char *Fiber::stackBottom() const
{
    return stack_.sp ? FiberStack::usableBottom(stack_) : nullptr;
}

Fiber *Fiber::current()
{
    return runningFiber;
}

const char *Fiber::stateName(State state)
{
    switch (state) {
    case State::Ready: return "ready";
    case State::Running: return "running";
    case State::Suspended: return "suspended";
    case State::Finished: return "finished";
    }
    return "?";
}

void Fiber::resume()
{
    if (state_ == State::Running)
        throw std::logic_error("Fiber::resume: fiber is already running");
    if (state_ == State::Finished)
        throw std::logic_error("Fiber::resume: fiber has finished");

    if (!context_)
        start();

    trace::ExecutionContext &ctx = trace::ExecutionContext::current();
    const std::uint64_t outerIdent = ctx.ident;
    const std::uint64_t outerRequest = ctx.requestId;
    Fiber *const outerFiber = runningFiber;
    ctx.ident = ident();
    ctx.requestId = requestId_;
    runningFiber = this;
    state_ = State::Running;

    void *resumerFakeStack = nullptr;
    SanitizerSwitch::start(&resumerFakeStack, stackBottom(), stackSize());
    tsanCaller_ = SanitizerSwitch::currentFiber();
    SanitizerSwitch::switchTo(tsanFiber_);
    context_ = std::move(context_).resume();
    SanitizerSwitch::finish(resumerFakeStack, nullptr, nullptr);

    runningFiber = outerFiber;
    requestId_ = ctx.requestId;
    ctx.ident = outerIdent;
    ctx.requestId = outerRequest;
    if (error_)
        std::rethrow_exception(std::exchange(error_, nullptr));
}

void Fiber::suspend()
{
    if (runningFiber != this)
        throw std::logic_error("Fiber::suspend: called from outside the fiber");
    // Being destroyed: nobody will resume it again. A wait during the unwind (code that caught
    // Unwind with a catch (...) and went on, e.g. an error handler saving the session) must not
    // switch out, or the destructor would return with this stack still live.
    if (unwinding_)
        throw Unwind{};
    state_ = State::Suspended;
    SanitizerSwitch::start(&fakeStack_, callerBottom_, callerSize_);
    SanitizerSwitch::switchTo(tsanCaller_);
    caller_ = std::move(caller_).resume();
    SanitizerSwitch::finish(fakeStack_, &callerBottom_, &callerSize_);
    if (unwinding_)
        throw Unwind{};
}

boost::context::fiber Fiber::run(boost::context::fiber &&caller)
{
    SanitizerSwitch::finish(nullptr, &callerBottom_, &callerSize_);
    caller_ = std::move(caller);
    if (!unwinding_) {
        try {
            body_();
        } catch (const Unwind &) {
        } catch (...) {
            error_ = std::current_exception();
        }
    }
    body_ = nullptr; // what the body captured dies here, still inside the fiber
    state_ = State::Finished;
    SanitizerSwitch::start(nullptr, callerBottom_, callerSize_);
    SanitizerSwitch::switchTo(tsanCaller_);
    return std::move(caller_);
}

} // namespace rs::fiber
