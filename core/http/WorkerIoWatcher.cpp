#include "core/http/WorkerIoWatcher.h"

#include <QtGlobal>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <sys/epoll.h>
#include <unistd.h>

namespace rs::http {

namespace {
constexpr int kMaxEvents = 128;
}

WorkerIoWatcher::WorkerIoWatcher(std::function<void()> poke) : poke_(std::move(poke))
{
    epollFd_ = ::epoll_create1(EPOLL_CLOEXEC);
    if (epollFd_ < 0)
        qFatal("rs::http: epoll_create1 failed: %s", strerror(errno));
}

WorkerIoWatcher::~WorkerIoWatcher()
{
    ::close(epollFd_);
}

std::uint32_t WorkerIoWatcher::eventsOf(const std::vector<Wait> &waits)
{
    std::uint32_t events = 0;
    for (const Wait &w : waits)
        events |= w.interest == Interest::Readable ? EPOLLIN : EPOLLOUT;
    return events;
}

void WorkerIoWatcher::update(int fd, std::uint32_t before)
{
    auto it = waits_.find(fd);
    const std::uint32_t after = it == waits_.end() ? 0 : eventsOf(it->second);
    if (after == before)
        return;
    if (after == 0) {
        // ENOENT/EBADF: the fd was closed while watched, which already dropped it from the set.
        ::epoll_ctl(epollFd_, EPOLL_CTL_DEL, fd, nullptr);
        return;
    }
    epoll_event ev{};
    ev.events = after;
    ev.data.fd = fd;
    int rc = ::epoll_ctl(epollFd_, before ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, fd, &ev);
    // A closed-and-reused fd number is no longer in the set (MOD) or still is (ADD).
    if (rc < 0 && errno == ENOENT)
        rc = ::epoll_ctl(epollFd_, EPOLL_CTL_ADD, fd, &ev);
    else if (rc < 0 && errno == EEXIST)
        rc = ::epoll_ctl(epollFd_, EPOLL_CTL_MOD, fd, &ev);
    if (rc < 0) {
        // Not pollable (or not an fd): wake the fibers now; their read or write reports why.
        for (const Wait &w : it->second)
            unregistered_.push_back(w.fiberId);
        poke_();
    }
}

void WorkerIoWatcher::watch(int fd, Interest interest, std::uint64_t fiberId)
{
    auto it = waits_.find(fd);
    const std::uint32_t before = it == waits_.end() ? 0 : eventsOf(it->second);
    waits_[fd].push_back({interest, fiberId});
    update(fd, before);
}

void WorkerIoWatcher::unwatch(int fd, Interest interest, std::uint64_t fiberId)
{
    std::erase(unregistered_, fiberId);
    auto it = waits_.find(fd);
    if (it == waits_.end())
        return;
    const std::uint32_t before = eventsOf(it->second);
    std::erase_if(it->second, [&](const Wait &w) { return w.interest == interest && w.fiberId == fiberId; });
    if (it->second.empty())
        waits_.erase(it);
    update(fd, before);
}

std::vector<std::uint64_t> WorkerIoWatcher::takeReady()
{
    std::vector<std::uint64_t> ready = std::move(unregistered_);
    unregistered_.clear();
    if (waits_.empty())
        return ready;
    epoll_event events[kMaxEvents];
    // Level-triggered: what does not fit here is reported again at the next pass.
    const int n = ::epoll_wait(epollFd_, events, kMaxEvents, 0);
    for (int i = 0; i < n; ++i) {
        auto it = waits_.find(events[i].data.fd);
        if (it == waits_.end())
            continue;
        const std::uint32_t ev = events[i].events;
        const bool failed = ev & (EPOLLERR | EPOLLHUP);
        for (const Wait &w : it->second) {
            const bool wanted = w.interest == Interest::Readable ? (ev & EPOLLIN) : (ev & EPOLLOUT);
            if (failed || wanted)
                ready.push_back(w.fiberId);
        }
    }
    return ready;
}

} // namespace rs::http
