#include "core/trace/EventDispatcher.h"

#include "core/trace/ExecutionContext.h"

#include <chrono>

namespace rs::trace {

EventDispatcher::EventDispatcher(EventBus &bus, int periodMs) : bus_(bus), periodMs_(periodMs) {}

EventDispatcher::~EventDispatcher()
{
    stop();
}

void EventDispatcher::addSink(std::shared_ptr<EventSink> sink)
{
    sinks_.push_back(std::move(sink));
}

void EventDispatcher::start()
{
    if (running_.exchange(true))
        return;
    bus_.setEnabled(true);
    thread_ = std::thread([this] { run(); });
}

void EventDispatcher::stop()
{
    if (!running_.exchange(false))
        return;
    wake_.notify_all();
    thread_.join();
    bus_.setEnabled(false);
}

void EventDispatcher::sync()
{
    const std::uint64_t target = bus_.published();
    std::unique_lock lock(mutex_);
    wake_.notify_all();
    synced_.wait_for(lock, std::chrono::seconds(5), [&] { return consumedUpTo_ >= target || !running_; });
}

void EventDispatcher::run()
{
    ExecutionContext::setThreadName("trace-dispatch");
    std::vector<Event> batch;
    batch.reserve(4096);
    auto drainOnce = [&] {
        std::size_t total = 0;
        for (;;) {
            batch.clear();
            const std::size_t n = bus_.drain(batch, 4096);
            if (n == 0)
                break;
            total += n;
            for (auto &sink : sinks_)
                sink->consume(batch.data(), batch.size());
            std::lock_guard lock(mutex_);
            consumedUpTo_ = batch.back().seq;
        }
        return total;
    };
    while (running_.load()) {
        drainOnce();
        synced_.notify_all();
        std::unique_lock lock(mutex_);
        wake_.wait_for(lock, std::chrono::milliseconds(periodMs_));
    }
    drainOnce();
    for (auto &sink : sinks_)
        sink->flush();
    synced_.notify_all();
}

} // namespace rs::trace
