#include "tests/support/FreePort.h"

#include <QDeadlineTimer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>

#include <algorithm>
#include <deque>
#include <mutex>

namespace rs::test {

quint16 FreePort::find(const QHostAddress &host)
{
    static std::mutex mutex;
    static std::deque<quint16> recent;
    std::lock_guard lock(mutex);
    for (int attempt = 0; attempt < 50; ++attempt) {
        QTcpServer probe;
        if (!probe.listen(host, 0))
            return 0;
        const quint16 port = probe.serverPort();
        probe.close();
        if (std::find(recent.begin(), recent.end(), port) != recent.end())
            continue;
        recent.push_back(port);
        if (recent.size() > 64)
            recent.pop_front();
        return port;
    }
    return 0;
}

bool FreePort::isListening(quint16 port, const QHostAddress &host, int timeoutMs)
{
    QTcpSocket socket;
    socket.connectToHost(host, port);
    const bool up = socket.waitForConnected(timeoutMs);
    socket.abort();
    return up;
}

bool FreePort::waitUntilListening(quint16 port, int timeoutMs, const QHostAddress &host)
{
    QDeadlineTimer deadline(timeoutMs);
    for (;;) {
        if (isListening(port, host, 200))
            return true;
        if (deadline.hasExpired())
            return false;
        // Connection refused returns at once; do not spin.
        QThread::msleep(20);
    }
}

} // namespace rs::test
