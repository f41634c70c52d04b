#include "core/http/Worker.h"

#include "core/http/Connection.h"
#include "core/http/WorkerIoWatcher.h"
#include "core/http/WorkerThread.h"

#include "core/fiber/Fiber.h"
#include "core/fiber/Scheduler.h"

#include <QSocketNotifier>
#include <QTimer>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <exception>
#include <sys/epoll.h>
#include <time.h>
#include <unistd.h>

namespace rs::http {

namespace {
constexpr int kMaxEvents = 256;

// Deadlines are checked a few times per shortest timeout, so a limit is enforced within ~25% late.
int tickInterval(const ServerConfig &c)
{
    const int shortest = std::min({c.headerTimeoutMs, c.keepAliveTimeoutMs, c.writeTimeoutMs});
    return std::clamp(shortest / 4, 10, 250);
}
} // namespace

Worker::Worker(ServerState &state, WorkerThread &thread)
    : state_(state), thread_(thread), readBuffer_(new char[kReadBufferSize])
{
    refreshNow();
    epollFd_ = ::epoll_create1(EPOLL_CLOEXEC);
    if (epollFd_ < 0)
        qFatal("rs::http: epoll_create1 failed: %s", strerror(errno));
    notifier_ = new QSocketNotifier(epollFd_, QSocketNotifier::Read, this);
    connect(notifier_, &QSocketNotifier::activated, this, &Worker::onEpollReady);
    timer_ = new QTimer(this);
    timer_->setTimerType(Qt::CoarseTimer);
    connect(timer_, &QTimer::timeout, this, &Worker::onTick);
    timer_->start(tickInterval(state_.config));
    if (state_.config.coroutines) {
        scheduler_ = std::make_unique<fiber::Scheduler>(state_.config.coroutineStackBytes);
        fiberTimer_ = new QTimer(this);
        fiberTimer_->setSingleShot(true);
        fiberTimer_->setTimerType(Qt::PreciseTimer);
        connect(fiberTimer_, &QTimer::timeout, this, [this] {
            runFibers();
            deleteReleased();
        });
        // Without it the scheduler's PollIoWatcher would only look at sockets during a pass, and
        // nothing would wake a fiber waiting for one while this loop sleeps.
        ioWatcher_ = std::make_unique<WorkerIoWatcher>(
            [this] { QMetaObject::invokeMethod(this, &Worker::onFiberIoReady, Qt::QueuedConnection); });
        scheduler_->setIoWatcher(ioWatcher_.get());
        fiberIoNotifier_ = new QSocketNotifier(ioWatcher_->fd(), QSocketNotifier::Read, this);
        connect(fiberIoNotifier_, &QSocketNotifier::activated, this, &Worker::onFiberIoReady);
    }
}

Worker::~Worker()
{
    ++depth_;
    while (!connections_.empty())
        connections_.back()->abort();
    // Unwinds the request fibers still waiting; their connections are closed but still alive.
    scheduler_.reset();
    --depth_;
    released_.clear();
    delete fiberIoNotifier_; // before its epoll set closes
    ioWatcher_.reset();
    delete notifier_;
    ::close(epollFd_);
}

void Worker::refreshNow()
{
    timespec ts;
    clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
    nowMs_ = qint64(ts.tv_sec) * 1000 + ts.tv_nsec / 1'000'000;
}

void Worker::setInterest(Connection &connection, std::uint32_t events, bool first)
{
    epoll_event ev{};
    ev.events = events;
    ev.data.ptr = &connection;
    ::epoll_ctl(epollFd_, first ? EPOLL_CTL_ADD : EPOLL_CTL_MOD, connection.fd(), &ev);
}

void Worker::stopWatching(int fd)
{
    ::epoll_ctl(epollFd_, EPOLL_CTL_DEL, fd, nullptr);
}

void Worker::release(Connection &connection)
{
    const std::size_t i = connection.slot;
    std::unique_ptr<Connection> owned = std::move(connections_[i]);
    if (i + 1 != connections_.size()) {
        connections_[i] = std::move(connections_.back());
        connections_[i]->slot = i;
    }
    connections_.pop_back();
    released_.push_back(std::move(owned));
    state_.openConnections.fetch_sub(1, std::memory_order_relaxed);
}

void Worker::deleteReleased()
{
    if (depth_ == 0)
        std::erase_if(released_, [](const std::unique_ptr<Connection> &c) { return !c->inFiber(); });
}

void Worker::spawnRequest(std::function<void()> body)
{
    scheduler_->spawn(std::move(body));
    fiberTimer_->start(0);
}

void Worker::onFiberIoReady()
{
    if (!scheduler_)
        return;
    refreshNow();
    for (std::uint64_t id : ioWatcher_->takeReady())
        scheduler_->wake(id); // unwatches it; an id whose wait already ended is ignored
    runFibers();
    deleteReleased();
}

void Worker::runFibers()
{
    // Not from a handler's nested event loop inside a fiber: the pass that resumed it goes on later.
    if (!scheduler_ || fiber::Fiber::current())
        return;
    ++depth_;
    std::chrono::milliseconds wait = std::chrono::milliseconds::zero();
    try {
        wait = scheduler_->runReady();
    } catch (const std::exception &e) {
        // Request fibers catch what their handler throws; this is a bug, but the others go on.
        qWarning("rs::http: a request fiber failed: %s", e.what());
    } catch (...) {
        qWarning("rs::http: a request fiber failed");
    }
    --depth_;
    refreshNow();
    if (wait == fiber::Scheduler::kNoDeadline)
        fiberTimer_->stop();
    else
        fiberTimer_->start(static_cast<int>(std::min<long long>(wait.count(), 1 << 30)));
}

void Worker::adoptIncoming()
{
    refreshNow();
    ++depth_;
    for (int fd : thread_.takeIncoming()) {
        auto connection = std::make_unique<Connection>(*this, fd);
        connection->slot = connections_.size();
        connections_.push_back(std::move(connection));
        state_.openConnections.fetch_add(1, std::memory_order_relaxed);
    }
    --depth_;
    deleteReleased();
}

void Worker::onEpollReady()
{
    refreshNow();
    ++depth_;
    epoll_event events[kMaxEvents];
    const int n = ::epoll_wait(epollFd_, events, kMaxEvents, 0);
    for (int i = 0; i < n; ++i) {
        auto *c = static_cast<Connection *>(events[i].data.ptr);
        if (c->isClosed())
            continue; // closed earlier in this batch; deleted after it
        const std::uint32_t ev = events[i].events;
        if (c->inFiber() && (ev & (EPOLLHUP | EPOLLERR))) {
            c->abort(); // the peer is gone while its request waits; the fiber finds it closed
            continue;
        }
        if (ev & EPOLLOUT)
            c->onWritable();
        if (!c->isClosed() && (ev & (EPOLLIN | EPOLLHUP | EPOLLERR)))
            c->onReadable();
    }
    --depth_;
    runFibers();
    deleteReleased();
}

void Worker::onTick()
{
    refreshNow();
    ++depth_;
    // Backwards, because a connection that closes is swapped with the last one.
    for (std::size_t i = connections_.size(); i-- > 0;)
        connections_[i]->checkTimeouts(nowMs_);
    --depth_;
    runFibers();
    deleteReleased();
}

} // namespace rs::http
