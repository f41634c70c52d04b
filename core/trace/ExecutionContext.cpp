#include "core/trace/ExecutionContext.h"

#include <mutex>
#include <pthread.h>
#include <string>
#include <sys/syscall.h>
#include <unistd.h>
#include <unordered_set>

namespace rs::trace {

ExecutionContext &ExecutionContext::current()
{
    thread_local ExecutionContext ctx{"thread", threadIdent(), 0};
    return ctx;
}

std::uint64_t ExecutionContext::threadIdent()
{
    thread_local const auto tid = static_cast<std::uint64_t>(::syscall(SYS_gettid));
    return tid;
}

void ExecutionContext::setThreadName(const char *name)
{
    current().threadName = intern(name);
    std::string shortName(name);
    shortName.resize(std::min<std::size_t>(shortName.size(), 15)); // the kernel's limit
    pthread_setname_np(pthread_self(), shortName.c_str());
}

const char *intern(const char *s)
{
    static std::mutex mutex;
    static std::unordered_set<std::string> *pool =
        new std::unordered_set<std::string>; // never freed: pointers escape
    std::lock_guard lock(mutex);
    return pool->emplace(s).first->c_str();
}

} // namespace rs::trace
