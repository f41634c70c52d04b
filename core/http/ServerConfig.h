#pragma once

#include <QHostAddress>

#include <cstddef>

namespace rs::http {

// Limits and addresses of the HTTP server. Defaults are DESIGN.md's.
struct ServerConfig {
    QHostAddress host = QHostAddress::LocalHost;
    quint16 port = 5000;                   // 0 = any free port
    int threads = 4;                       // worker threads
    qint64 maxHeaderBytes = 16 * 1024;     // request line + headers; beyond → 431
    qint64 maxBodyBytes = 8 * 1024 * 1024; // beyond → 413
    int headerTimeoutMs = 10'000;          // headers not complete in time → 408 (or close)
    int keepAliveTimeoutMs = 5'000;        // idle between requests → close
    int writeTimeoutMs = 10'000;           // a client that does not read → close
    // Worker model: false = each worker thread runs one request at a time; true = each request
    // runs in its own coroutine (fiber) on its worker, so a request that waits (fiberSleep)
    // lets the worker serve the others. Streamed bodies are still written synchronously.
    bool coroutines = false;
    // Each request coroutine's stack (a guard page is added). The request path is deep: the
    // framework, sessions and tracing together need well over 64 KiB.
    std::size_t coroutineStackBytes = 256 * 1024;
};

} // namespace rs::http
