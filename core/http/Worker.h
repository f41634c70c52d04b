#pragma once

#include "core/http/ServerState.h"

#include <QObject>

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

class QSocketNotifier;
class QTimer;

namespace rs::fiber {
class Scheduler;
}

namespace rs::http {

class Connection;
class WorkerIoWatcher;
class WorkerThread;

// The event loop side of one worker thread. Its connections' sockets are registered in one
// epoll set, and Qt watches only that set (one QSocketNotifier), so an event loop pass costs the
// same with 1 or 1000 connections. One coarse QTimer checks every connection's deadlines.
// In coroutine mode the fibers' own socket waits (WorkerIoWatcher) have a second epoll set and
// notifier, so a fiber waiting for, say, Redis wakes as soon as its socket is ready.
// Lives on, and is used only by, its worker thread.
class Worker : public QObject {
    Q_OBJECT
public:
    Worker(ServerState &state, WorkerThread &thread);
    ~Worker() override;

    ServerState &state() { return state_; }
    const ServerConfig &config() const { return state_.config; }

    // Monotonic milliseconds, refreshed at each wake-up (and after handlers, which may take long).
    qint64 nowMs() const { return nowMs_; }
    void refreshNow();

    // Scratch space for read(): requests are parsed from it, and only bytes left over for later are
    // copied into the connection.
    char *readBuffer() { return readBuffer_.get(); }
    static constexpr qsizetype kReadBufferSize = 64 * 1024;

    // Sets the epoll events `connection` waits for (registering it on first use).
    // Worker thread. Unregisters the socket before it is closed: if a child process inherited a
    // copy of it (fork), closing alone would leave it in the epoll set, pointing at a dead
    // connection.
    void stopWatching(int fd);
    void setInterest(Connection &connection, std::uint32_t events, bool first);
    // The connection has closed its socket: forget it, delete it once nothing on the stack uses it.
    void release(Connection &connection);

    // Queued from the accept thread: adopt the sockets it handed over.
    void adoptIncoming();

    // Whether requests run in fibers (ServerConfig::coroutines).
    bool coroutines() const { return scheduler_ != nullptr; }
    // Coroutine mode only: runs `body` in a new fiber at the next scheduling pass.
    void spawnRequest(std::function<void()> body);

private:
    void onEpollReady();
    void onTick();
    void onFiberIoReady();
    void runFibers();
    void deleteReleased();

    ServerState &state_;
    WorkerThread &thread_;
    int epollFd_ = -1;
    QSocketNotifier *notifier_ = nullptr;
    QTimer *timer_ = nullptr;
    QTimer *fiberTimer_ = nullptr; // single shot: the next scheduling pass (coroutine mode)
    QSocketNotifier *fiberIoNotifier_ = nullptr;
    // Declared before the scheduler, which unwatches its waiting fibers when it goes.
    std::unique_ptr<WorkerIoWatcher> ioWatcher_;
    std::unique_ptr<fiber::Scheduler> scheduler_;
    qint64 nowMs_ = 0;
    int depth_ = 0; // nested entries (a handler may run an event loop); deletion waits for 0
    std::unique_ptr<char[]> readBuffer_;
    std::vector<std::unique_ptr<Connection>> connections_;
    std::vector<std::unique_ptr<Connection>> released_; // kept while a request fiber still uses them
};

} // namespace rs::http
