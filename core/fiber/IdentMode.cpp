#include "core/fiber/IdentMode.h"

#include "core/fiber/Fiber.h"
#include "core/fiber/InterpreterLock.h"
#include "core/trace/ExecutionContext.h"

namespace rs::fiber {

std::uint64_t threadIdent()
{
    return trace::ExecutionContext::threadIdent();
}

std::uint64_t coroutineIdent()
{
    const Fiber *fiber = Fiber::current();
    return fiber ? fiber->ident() : trace::ExecutionContext::threadIdent();
}

namespace {
std::uint64_t sharedIdent()
{
    return kSharedIdent;
}
} // namespace

std::function<std::uint64_t()> identFunction(IdentMode mode)
{
    switch (mode) {
    case IdentMode::Coroutine: return &coroutineIdent;
    case IdentMode::Global: return &sharedIdent;
    case IdentMode::Thread: break;
    }
    return &threadIdent;
}

const char *identModeName(IdentMode mode)
{
    switch (mode) {
    case IdentMode::Coroutine: return "coroutine";
    case IdentMode::Global: return "global";
    case IdentMode::Thread: break;
    }
    return "thread";
}

std::string brokenIdentWarning(IdentMode mode, bool coroutineWorkers)
{
    if (mode == IdentMode::Global)
        return "broken on purpose: a plain global dict instead of a Local (ident global) — every request "
               "shares one slot, so concurrent requests push onto one stack and read each other's "
               "request, session and g (issue #5, broken mode 2; requests run under a GIL, as in Python)";
    if (mode == IdentMode::Thread && coroutineWorkers)
        return "broken on purpose: coroutine workers with a thread-keyed Local (ident thread) — the "
               "requests that share a worker share one slot and read each other's request, session and "
               "g (issue #5, broken mode 1)";
    return {};
}

void enableInterpreterLockFor(IdentMode mode)
{
    InterpreterLock::setEnabled(mode == IdentMode::Global);
}

std::optional<IdentMode> parseIdentMode(std::string_view name)
{
    if (name == "thread")
        return IdentMode::Thread;
    if (name == "coroutine")
        return IdentMode::Coroutine;
    if (name == "global")
        return IdentMode::Global;
    return std::nullopt;
}

bool isCoroutineIdent(std::uint64_t ident)
{
    return Fiber::isCoroutineIdent(ident);
}

std::string describeIdent(std::uint64_t ident, std::string_view threadName)
{
    if (ident == kSharedIdent)
        return "the one shared dict (no ident)";
    if (Fiber::isCoroutineIdent(ident))
        return "coroutine #" + std::to_string(Fiber::idOfIdent(ident)) + " on " + std::string(threadName);
    return "thread " + std::to_string(ident) + " (" + std::string(threadName) + ")";
}

std::string describeCurrentIdent(IdentMode mode)
{
    return describeIdent(identFunction(mode)(), trace::ExecutionContext::current().threadName);
}

} // namespace rs::fiber
