#pragma once

#include <cstdint>

namespace rs::trace {

// What the code running on this thread is, right now: the worker's name, the ident that a
// `Local` keys on (the OS thread id, or a coroutine's id while one runs) and the request being
// handled (0 when none). Every event copies these three into its header.
// Each thread reads and writes only its own instance.
struct ExecutionContext {
    const char *threadName = "main"; // interned
    std::uint64_t ident = 0;
    std::uint64_t requestId = 0;

    static ExecutionContext &current();
    // The OS thread id of the calling thread (the default ident).
    static std::uint64_t threadIdent();
    // Names the calling thread (interned copy) for events and debuggers.
    static void setThreadName(const char *name);
};

// Sets the request id of the calling thread for its lifetime, restoring the previous one after.
class RequestIdScope {
public:
    explicit RequestIdScope(std::uint64_t id) : previous_(ExecutionContext::current().requestId)
    {
        ExecutionContext::current().requestId = id;
    }
    ~RequestIdScope() { ExecutionContext::current().requestId = previous_; }
    RequestIdScope(const RequestIdScope &) = delete;
    RequestIdScope &operator=(const RequestIdScope &) = delete;

private:
    std::uint64_t previous_;
};

// A copy of `s` that lives until the program ends; equal strings give the same pointer.
const char *intern(const char *s);

} // namespace rs::trace
