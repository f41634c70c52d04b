#pragma once

#include "core/fiber/IoWatcher.h"

#include <chrono>
#include <cstdint>
#include <functional>
#include <vector>

namespace rs::fiber {

// The scheduler's own IoWatcher, on poll(2): enough for tests and for Scheduler::run(); a worker
// with an epoll loop brings its own IoWatcher instead. Scheduler's thread only.
class PollIoWatcher : public IoWatcher {
public:
    // `wake` is called with the fiber id of each wait that became ready.
    explicit PollIoWatcher(std::function<void(std::uint64_t)> wake);

    void watch(int fd, Interest interest, std::uint64_t fiberId) override;
    void unwatch(int fd, Interest interest, std::uint64_t fiberId) override;

    bool empty() const { return waits_.empty(); }
    // Polls the watched fds for up to `timeout` (negative: no limit; 0: just look) and wakes the
    // fibers whose fd is ready (or failed: the fiber's next read/write will see the error).
    // Returns how many it woke.
    int poll(std::chrono::milliseconds timeout);

private:
    struct Wait {
        int fd;
        Interest interest;
        std::uint64_t fiberId;
    };
    std::function<void(std::uint64_t)> wake_;
    std::vector<Wait> waits_;
};

} // namespace rs::fiber
