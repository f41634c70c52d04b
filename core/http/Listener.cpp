#include "core/http/Listener.h"

#include "core/http/ServerState.h"
#include "core/http/WorkerThread.h"
#include "core/trace/EventBus.h"

#include <QTimer>

#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

namespace rs::http {

Listener::Listener(ServerState &state, std::vector<WorkerThread *> workers)
    : state_(state), workers_(std::move(workers))
{
    // QTcpServer stops accepting after an error such as "too many open files"; try again shortly
    // instead of going deaf for good.
    connect(this, &QTcpServer::acceptError, this, [this](QAbstractSocket::SocketError) {
        if (rs::trace::tracing()) {
            rs::trace::Event e(rs::trace::EventKind::Error);
            e.setText(0, "http");
            e.setText(1, "accept_failed");
            const QByteArray message = "cannot accept connections: " + errorString().toUtf8();
            e.setText(2, std::string_view(message.constData(), static_cast<std::size_t>(message.size())));
            rs::trace::emitEvent(e);
        }
        QTimer::singleShot(100, this, [this] { resumeAccepting(); });
    });
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
