#pragma once

#include "core/http/ServerState.h"

#include <QByteArray>
#include <QSemaphore>
#include <QThread>

#include <mutex>
#include <vector>

namespace rs::http {

class Worker;

// One worker thread: runs a Worker (created and destroyed on this thread) in its own event loop
// and takes the sockets the accept thread assigns to it.
class WorkerThread : public QThread {
public:
    WorkerThread(ServerState &state, int number);
    ~WorkerThread() override;

    // Owner thread: starts the thread and returns once its worker accepts sockets.
    void startAndWait();
    // Accept thread: hands over an accepted socket (closed at once if the worker has stopped).
    void adopt(int fd);
    // Worker thread: the sockets handed over since the last call.
    std::vector<int> takeIncoming();

protected:
    void run() override;

private:
    ServerState &state_;
    QByteArray name_;
    QSemaphore ready_;
    std::mutex mutex_;
    std::vector<int> incoming_; // guarded by mutex_
    Worker *worker_ = nullptr;  // guarded by mutex_; set while run() is in its event loop
};

} // namespace rs::http
