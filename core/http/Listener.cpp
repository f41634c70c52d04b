#include "core/http/Listener.h"

#include "core/http/ServerState.h"
#include "core/http/WorkerThread.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

namespace rs::http {

Listener::Listener(ServerState &state, std::vector<WorkerThread *> workers)
    : state_(state), workers_(std::move(workers))
{
}

void Listener::incomingConnection(qintptr socketDescriptor)
{
    const int fd = static_cast<int>(socketDescriptor);
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
    ::fcntl(fd, F_SETFD, FD_CLOEXEC);
    // Responses leave whole in one write; Nagle would only delay the next one.
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    state_.connectionsAccepted.fetch_add(1, std::memory_order_relaxed);
    WorkerThread *worker = workers_[next_];
    next_ = (next_ + 1) % workers_.size();
    worker->adopt(fd);
}

} // namespace rs::http
