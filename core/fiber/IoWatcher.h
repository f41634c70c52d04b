#pragma once

#include <cstdint>

namespace rs::fiber {

// How a fiber's wait for a socket reaches the event loop that watches sockets. The HTTP layer
// implements it on its worker's epoll (or QSocketNotifier); without one, the scheduler uses its
// PollIoWatcher. All calls come on the scheduler's thread, and wake() must be called there too.
class IoWatcher {
public:
    enum class Interest { Readable, Writable };

    virtual ~IoWatcher() = default;

    // Fiber `fiberId` waits until `fd` is ready for `interest`: call Scheduler::wake(fiberId) once
    // it is (or once the fd has an error or hang-up: the fiber's read or write will report it).
    virtual void watch(int fd, Interest interest, std::uint64_t fiberId) = 0;
    // The wait ended, whatever ended it (your wake, a timeout, the scheduler's destruction):
    // stop watching. Called exactly once for each watch(), from inside wake() when you woke it.
    virtual void unwatch(int fd, Interest interest, std::uint64_t fiberId) = 0;
};

} // namespace rs::fiber
