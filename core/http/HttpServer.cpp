#include "core/http/HttpServer.h"

#include "core/http/AcceptThread.h"
#include "core/http/ServerState.h"
#include "core/http/WorkerThread.h"
#include "core/trace/HappensBefore.h"

#include <algorithm>
#include <vector>

namespace rs::http {

struct HttpServer::Private {
    ServerState state;
    std::vector<std::unique_ptr<WorkerThread>> workers;
    std::unique_ptr<AcceptThread> acceptor;
    bool listening = false;
    quint16 port = 0;

    void stopWorkers()
    {
        // Ask all first, so that they wind down in parallel.
        for (auto &w : workers)
            w->quit();
        for (auto &w : workers) {
            w->wait();
            trace::HappensBefore::acquire(w.get());
        }
        workers.clear();
    }
};

HttpServer::HttpServer(ServerConfig config, Handler handler, QObject *parent)
    : QObject(parent), d(std::make_unique<Private>())
{
    d->state.config = std::move(config);
    d->state.handler = std::move(handler);
}

HttpServer::~HttpServer()
{
    stop();
}

bool HttpServer::start(QString *error)
{
    if (d->listening)
        return true;
    const int count = std::max(1, d->state.config.threads);
    std::vector<WorkerThread *> workers;
    for (int i = 1; i <= count; ++i) {
        d->workers.push_back(std::make_unique<WorkerThread>(d->state, i));
        d->workers.back()->startAndWait();
        workers.push_back(d->workers.back().get());
    }
    d->acceptor = std::make_unique<AcceptThread>(d->state, std::move(workers));
    if (!d->acceptor->startListening(error)) {
        d->acceptor.reset();
        d->stopWorkers();
        return false;
    }
    d->port = d->acceptor->port();
    d->listening = true;
    return true;
}

void HttpServer::stop()
{
    if (d->acceptor) {
        // The listener goes first, so that no socket is handed to a worker that is stopping.
        d->acceptor->quit();
        d->acceptor->wait();
        trace::HappensBefore::acquire(d->acceptor.get());
        d->acceptor.reset();
    }
    d->stopWorkers();
    d->listening = false;
}

bool HttpServer::isListening() const
{
    return d->listening;
}

QHostAddress HttpServer::address() const
{
    return d->state.config.host;
}

quint16 HttpServer::port() const
{
    return d->listening ? d->port : d->state.config.port;
}

const ServerConfig &HttpServer::config() const
{
    return d->state.config;
}

quint64 HttpServer::connectionsAccepted() const
{
    return d->state.connectionsAccepted.load(std::memory_order_relaxed);
}

quint64 HttpServer::requestsHandled() const
{
    return d->state.requestsHandled.load(std::memory_order_relaxed);
}

int HttpServer::openConnections() const
{
    return d->state.openConnections.load(std::memory_order_relaxed);
}

} // namespace rs::http
