#include "core/http/AcceptThread.h"

#include "core/http/Listener.h"
#include "core/trace/ExecutionContext.h"
#include "core/trace/HappensBefore.h"

namespace rs::http {

namespace {
QString endpoint(const QHostAddress &host, quint16 port)
{
    const QString h =
        host.protocol() == QAbstractSocket::IPv6Protocol ? '[' + host.toString() + ']' : host.toString();
    return h + ':' + QString::number(port);
}

QString describe(const QTcpServer &server, const QHostAddress &host, quint16 port)
{
    const QString where = endpoint(host, port);
    switch (server.serverError()) {
    case QAbstractSocket::AddressInUseError: return where + " is already in use";
    case QAbstractSocket::SocketAddressNotAvailableError:
        return "cannot listen on " + where + ": " + host.toString() + " is not an address of this computer";
    case QAbstractSocket::SocketAccessError:
        return "cannot listen on " + where + ": permission denied (ports below 1024 need privileges)";
    default: return "cannot listen on " + where + ": " + server.errorString();
    }
}
} // namespace

AcceptThread::AcceptThread(ServerState &state, std::vector<WorkerThread *> workers)
    : state_(state), workers_(std::move(workers))
{
    setObjectName("accept");
}

AcceptThread::~AcceptThread()
{
    quit();
    wait();
    trace::HappensBefore::acquire(this);
}

bool AcceptThread::startListening(QString *error)
{
    start();
    ready_.acquire();
    trace::HappensBefore::acquire(this);
    if (!listening_) {
        wait();
        trace::HappensBefore::acquire(this);
        if (error)
            *error = error_;
    }
    return listening_;
}

void AcceptThread::run()
{
    rs::trace::ExecutionContext::setThreadName("accept");
    {
        Listener listener(state_, workers_);
        listener.setListenBacklogSize(1024);
        listening_ = listener.listen(state_.config.host, state_.config.port);
        if (listening_)
            port_ = listener.serverPort();
        else
            error_ = describe(listener, state_.config.host, state_.config.port);
        trace::HappensBefore::release(this);
        ready_.release();
        if (listening_) {
            exec();
            listener.close();
        }
    }
    trace::HappensBefore::release(this); // joined by wait(), after the listener is gone
}

} // namespace rs::http
