#include "core/fiber/PollIoWatcher.h"

#include <algorithm>
#include <cerrno>
#include <poll.h>
#include <system_error>

namespace rs::fiber {

PollIoWatcher::PollIoWatcher(std::function<void(std::uint64_t)> wake) : wake_(std::move(wake)) {}

void PollIoWatcher::watch(int fd, Interest interest, std::uint64_t fiberId)
{
    waits_.push_back({fd, interest, fiberId});
}

void PollIoWatcher::unwatch(int fd, Interest interest, std::uint64_t fiberId)
{
    std::erase_if(
        waits_, [&](const Wait &w) { return w.fd == fd && w.interest == interest && w.fiberId == fiberId; });
}

int PollIoWatcher::poll(std::chrono::milliseconds timeout)
{
    std::vector<pollfd> fds;
    fds.reserve(waits_.size());
    for (const Wait &w : waits_)
        fds.push_back({w.fd, static_cast<short>(w.interest == Interest::Readable ? POLLIN : POLLOUT), 0});
    const int timeoutMs =
        timeout.count() < 0 ? -1 : static_cast<int>(std::min<long long>(timeout.count(), 1 << 30));
    const int n = ::poll(fds.data(), fds.size(), timeoutMs);
    if (n < 0) {
        if (errno == EINTR)
            return 0;
        throw std::system_error(errno, std::generic_category(), "poll");
    }
    if (n == 0)
        return 0;
    std::vector<std::uint64_t> ready;
    std::vector<Wait> still;
    for (std::size_t i = 0; i < fds.size(); ++i) {
        if (fds[i].revents != 0)
            ready.push_back(waits_[i].fiberId);
        else
            still.push_back(waits_[i]);
    }
    waits_ = std::move(still); // wake() calls unwatch(), which then has nothing left to remove
    for (std::uint64_t id : ready)
        wake_(id);
    return static_cast<int>(ready.size());
}

} // namespace rs::fiber
