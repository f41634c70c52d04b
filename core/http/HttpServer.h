#pragma once

#include "core/http/HttpRequest.h"
#include "core/http/HttpResponse.h"
#include "core/http/ServerConfig.h"

#include <QHostAddress>
#include <QObject>
#include <QString>

#include <functional>
#include <memory>

namespace rs::http {

// Called on the connection's worker thread, once per request, in the order the requests arrived
// on that connection. It runs the request from start to end (a WSGI server calling the app).
using Handler = std::function<HttpResponse(HttpRequest &request)>;

// The HTTP/1.x server: one accept thread, N worker threads each running its own event loop; a
// connection lives on one worker for its whole life.
//
//   owner thread          accept thread                  worker threads (ServerConfig::threads)
//   ────────────          ─────────────                  ──────────────────────────────────────
//   start() ─────────►    Listener (QTcpServer)
//   stop()                incomingConnection(fd)
//                           │ round-robin, fd handed over
//                           ├──────────────────────────►  worker-1  event loop: epoll set + coarse timer
//                           ├──────────────────────────►  worker-2    Connection (fd, parser, output)
//                           └──────────────────────────►  worker-N      read → parse → Handler → write
//                                                                       (pipelined responses: one write)
//
// Sockets are non-blocking; the only waits are the handler itself and the writing of a streamed
// body (bodyGenerator), both synchronous on the worker as in a WSGI sync worker: meanwhile that
// worker's other connections wait. Limits answer 400, 408, 413 or 431 and close; idle and
// non-reading clients are closed.
// Events: request.begin before the handler, request.end once the response is fully written, and
// `error` (where "http") for every limit hit, each with the request's id where there is one.
class HttpServer : public QObject {
    Q_OBJECT
public:
    HttpServer(ServerConfig config, Handler handler, QObject *parent = nullptr);
    ~HttpServer() override;

    // Owner thread. Binds and starts the threads. On failure returns false and sets *error to a
    // sentence a user understands ("127.0.0.1:5000 is already in use").
    bool start(QString *error = nullptr);
    // Owner thread. Closes the listener and every connection, joins the threads. Idempotent.
    void stop();

    // Owner thread (or any thread between start() and stop()).
    bool isListening() const;
    QHostAddress address() const;
    quint16 port() const; // the real port, also when 0 was asked
    // Any thread: the configuration never changes after construction.
    const ServerConfig &config() const;

    // Any thread: counters for the UI and tests.
    quint64 connectionsAccepted() const;
    quint64 requestsHandled() const;
    int openConnections() const;

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace rs::http
