#include "core/session/store/ReconnectBackoff.h"

#include <algorithm>
#include <chrono>

namespace rs {

ReconnectBackoff::ReconnectBackoff(qint64 initialMs, qint64 maxMs, std::function<qint64()> nowMs)
    : initialMs_(initialMs), maxMs_(std::max(initialMs, maxMs)), now_(std::move(nowMs))
{
    if (!now_)
        now_ = [] {
            return qint64(std::chrono::duration_cast<std::chrono::milliseconds>(
                              std::chrono::steady_clock::now().time_since_epoch())
                              .count());
        };
}

bool ReconnectBackoff::tryAcquire(QString *why)
{
    std::lock_guard lock(mutex_);
    if (failures_ == 0)
        return true;
    const qint64 now = now_();
    if (!probing_ && now >= nextAttemptMs_) {
        probing_ = true;
        return true;
    }
    if (why) {
        *why = probing_
                   ? QStringLiteral("%1 (a reconnect is under way)").arg(lastError_)
                   : QStringLiteral("%1 (next reconnect in %2 ms)").arg(lastError_).arg(nextAttemptMs_ - now);
    }
    return false;
}

void ReconnectBackoff::succeeded()
{
    std::lock_guard lock(mutex_);
    failures_ = 0;
    delayMs_ = 0;
    probing_ = false;
    lastError_.clear();
}

void ReconnectBackoff::failed(const QString &error)
{
    std::lock_guard lock(mutex_);
    const qint64 now = now_();
    lastError_ = error;
    // Several threads can see the same outage at once: only a failure after the wait has run
    // out (or the probe's) makes the wait longer.
    if (failures_ > 0 && !probing_ && now < nextAttemptMs_)
        return;
    ++failures_;
    delayMs_ = failures_ == 1 ? initialMs_ : std::min(delayMs_ * 2, maxMs_);
    nextAttemptMs_ = now + delayMs_;
    probing_ = false;
}

bool ReconnectBackoff::down() const
{
    std::lock_guard lock(mutex_);
    return failures_ > 0;
}

qint64 ReconnectBackoff::currentDelayMs() const
{
    std::lock_guard lock(mutex_);
    return delayMs_;
}

} // namespace rs
