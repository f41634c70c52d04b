#pragma once

#include "core/http/HttpServer.h"
#include "core/http/ServerConfig.h"

#include <atomic>

namespace rs::http {

// What the server's threads share: read-only configuration and handler, and atomic counters.
struct ServerState {
    ServerConfig config;
    Handler handler;
    std::atomic<quint64> connectionsAccepted{0};
    std::atomic<quint64> requestsHandled{0};
    std::atomic<int> openConnections{0};
};

} // namespace rs::http
