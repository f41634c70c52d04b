#pragma once

#include <QHostAddress>

namespace rs::test {

// Free TCP ports for tests that start external servers (redis-server, memcached, real Flask) on
// loopback. The port is chosen by the OS and released before returning, so another process could
// take it in between; within this process the same port is not handed out twice in a row.
class FreePort {
public:
    // A port on `host` that nothing listens on right now, or 0 if none could be found.
    static quint16 find(const QHostAddress &host = QHostAddress::LocalHost);
    // True if something accepts TCP connections on host:port (e.g. to wait for a server to be up).
    static bool isListening(quint16 port, const QHostAddress &host = QHostAddress::LocalHost,
                            int timeoutMs = 200);
    // Polls isListening() until it is true or timeoutMs passed.
    static bool waitUntilListening(quint16 port, int timeoutMs = 5000,
                                   const QHostAddress &host = QHostAddress::LocalHost);
};

} // namespace rs::test
