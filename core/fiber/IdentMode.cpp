#include "core/fiber/IdentMode.h"

#include "core/fiber/Fiber.h"
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

std::function<std::uint64_t()> identFunction(IdentMode mode)
{
    return mode == IdentMode::Coroutine ? &coroutineIdent : &threadIdent;
}

const char *identModeName(IdentMode mode)
{
    return mode == IdentMode::Coroutine ? "coroutine" : "thread";
}

std::optional<IdentMode> parseIdentMode(std::string_view name)
{
    if (name == "thread")
        return IdentMode::Thread;
    if (name == "coroutine")
        return IdentMode::Coroutine;
    return std::nullopt;
}

std::string describeIdent(std::uint64_t ident, std::string_view threadName)
{
    if (Fiber::isCoroutineIdent(ident))
        return "coroutine #" + std::to_string(Fiber::idOfIdent(ident)) + " on " + std::string(threadName);
    return "thread " + std::to_string(ident) + " (" + std::string(threadName) + ")";
}

std::string describeCurrentIdent(IdentMode mode)
{
    const std::uint64_t ident = mode == IdentMode::Coroutine ? coroutineIdent() : threadIdent();
    return describeIdent(ident, trace::ExecutionContext::current().threadName);
}

} // namespace rs::fiber
