#pragma once

#include "core/fiber/IoWatcher.h"

#include <cstdint>
#include <functional>
#include <unordered_map>
#include <vector>

namespace rs::http {

// A worker's fiber::IoWatcher: the fibers' socket waits (a session store's reply, …) in an epoll
// set of their own, which the Worker watches with one QSocketNotifier on fd(). Kept apart from
// the connections' epoll set, whose entries point at Connection objects, so a wait can be on any
// fd (even a connection's) and never collides with or is mistaken for a connection's entry.
// Several fibers may wait on one fd (each with its interest); each is woken once.
// Worker thread only.
class WorkerIoWatcher : public fiber::IoWatcher {
public:
    // `poke` asks the worker to call takeReady() soon (for waits that could not be registered).
    explicit WorkerIoWatcher(std::function<void()> poke);
    ~WorkerIoWatcher() override;
    WorkerIoWatcher(const WorkerIoWatcher &) = delete;
    WorkerIoWatcher &operator=(const WorkerIoWatcher &) = delete;

    // The epoll set's fd: readable when a watched fd is ready.
    int fd() const { return epollFd_; }
    bool empty() const { return waits_.empty(); }

    void watch(int fd, Interest interest, std::uint64_t fiberId) override;
    void unwatch(int fd, Interest interest, std::uint64_t fiberId) override;

    // The fibers whose fd is ready (or failed) now. They stay watched until the caller wakes
    // them through the scheduler, which unwatches them.
    std::vector<std::uint64_t> takeReady();

private:
    struct Wait {
        Interest interest;
        std::uint64_t fiberId;
    };
    void update(int fd, std::uint32_t before);
    static std::uint32_t eventsOf(const std::vector<Wait> &waits);

    int epollFd_ = -1;
    std::function<void()> poke_;
    std::unordered_map<int, std::vector<Wait>> waits_;
    std::vector<std::uint64_t> unregistered_; // epoll refused their fd: woken at once
};

} // namespace rs::http
