#pragma once

#include <QHostAddress>

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
};

} // namespace rs::http
