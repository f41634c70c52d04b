#pragma once

#include <QTcpServer>

#include <vector>

namespace rs::http {

struct ServerState;
class WorkerThread;

// The listening socket, on the accept thread: each accepted socket goes, as a plain non-blocking
// descriptor, to the next worker in turn.
class Listener : public QTcpServer {
    Q_OBJECT
public:
    Listener(ServerState &state, std::vector<WorkerThread *> workers);

protected:
    void incomingConnection(qintptr socketDescriptor) override;

private:
    ServerState &state_;
    std::vector<WorkerThread *> workers_;
    std::size_t next_ = 0;
};

} // namespace rs::http
