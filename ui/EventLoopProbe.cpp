#include "ui/EventLoopProbe.h"

#include <algorithm>

namespace rs::ui {

EventLoopProbe::EventLoopProbe(int intervalMs, QObject *parent) : QObject(parent), intervalMs_(intervalMs)
{
    timer_.setTimerType(Qt::PreciseTimer);
    timer_.setInterval(intervalMs_);
    connect(&timer_, &QTimer::timeout, this, &EventLoopProbe::tick);
}

void EventLoopProbe::start()
{
    latenessUs_.clear();
    latenessUs_.reserve(1 << 16);
    clock_.start();
    lastNs_ = clock_.nsecsElapsed();
    timer_.start();
}

void EventLoopProbe::stop()
{
    timer_.stop();
}

void EventLoopProbe::tick()
{
    const qint64 now = clock_.nsecsElapsed();
    const qint64 lateUs = (now - lastNs_) / 1000 - qint64(intervalMs_) * 1000;
    latenessUs_.push_back(std::max<qint64>(0, lateUs));
    lastNs_ = now;
}

EventLoopProbe::Stats EventLoopProbe::stats() const
{
    Stats s;
    s.samples = static_cast<qint64>(latenessUs_.size());
    if (latenessUs_.empty())
        return s;
    std::vector<qint64> sorted = latenessUs_;
    std::sort(sorted.begin(), sorted.end());
    auto at = [&](double q) {
        const auto i = static_cast<std::size_t>(q * static_cast<double>(sorted.size() - 1));
        return static_cast<double>(sorted[i]) / 1000.0;
    };
    s.p50Ms = at(0.50);
    s.p99Ms = at(0.99);
    s.maxMs = static_cast<double>(sorted.back()) / 1000.0;
    return s;
}

} // namespace rs::ui
