#pragma once

#include "core/http/ServerState.h"

#include <QSemaphore>
#include <QString>
#include <QThread>

#include <vector>

namespace rs::http {

class WorkerThread;

// The accept thread: owns the Listener, created, listening and destroyed on this thread.
class AcceptThread : public QThread {
public:
    AcceptThread(ServerState &state, std::vector<WorkerThread *> workers);
    ~AcceptThread() override;

    // Owner thread: starts the thread and waits until it listens or failed to. On failure, sets
    // *error to a sentence for the user and returns false (the thread has then ended).
    bool startListening(QString *error);
    // The bound port; valid after startListening() succeeded.
    quint16 port() const { return port_; }

protected:
    void run() override;

private:
    ServerState &state_;
    std::vector<WorkerThread *> workers_;
    QSemaphore ready_;
    bool listening_ = false; // written by run() before ready_ is released
    QString error_;
    quint16 port_ = 0;
};

} // namespace rs::http
