#pragma once

#include <QString>

#include <cstdint>
#include <functional>
#include <mutex>

namespace rs {

// When a store's server is down, how often to try it again: after a failure the next attempt
// waits `initial`, and the wait doubles on each further failure up to `max`. While waiting, only
// one thread at a time is let through (the probe); the others fail at once with the last error
// instead of each paying a connect timeout. The first success resets everything. Shared by all
// worker threads of one store; every function may be called from any thread.
class ReconnectBackoff {
public:
    // nowMs: a monotonic clock in milliseconds (tests fix it); the default is steady_clock.
    explicit ReconnectBackoff(qint64 initialMs = 100, qint64 maxMs = 2000,
                              std::function<qint64()> nowMs = {});

    // True if an attempt may be made now. If not, *why says what failed last and when the next
    // attempt is due, e.g. "Connection refused (next reconnect in 150 ms)".
    bool tryAcquire(QString *why);
    void succeeded();
    // A failed attempt (or a failure seen on a connection that was working).
    void failed(const QString &error);

    bool down() const;
    qint64 currentDelayMs() const;

private:
    const qint64 initialMs_;
    const qint64 maxMs_;
    std::function<qint64()> now_;
    mutable std::mutex mutex_;
    int failures_ = 0;
    qint64 delayMs_ = 0;
    qint64 nextAttemptMs_ = 0;
    bool probing_ = false;
    QString lastError_;
};

} // namespace rs
