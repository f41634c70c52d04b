#pragma once

#include "core/trace/EventBus.h"
#include "core/trace/EventSink.h"

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace rs::trace {

// The single consumer of an EventBus: a thread that drains it every few milliseconds and hands
// each batch to every sink. Starting it enables tracing on the bus; stopping it drains what is
// left, flushes the sinks and disables tracing.
class EventDispatcher {
public:
    explicit EventDispatcher(EventBus &bus = EventBus::instance(), int periodMs = 2);
    ~EventDispatcher();

    // Before start() only.
    void addSink(std::shared_ptr<EventSink> sink);
    // Owner thread only.
    void start();
    // Owner thread only. Idempotent.
    void stop();
    // Any thread: returns once every event published before the call has reached the sinks.
    void sync();

private:
    void run();

    EventBus &bus_;
    int periodMs_;
    std::vector<std::shared_ptr<EventSink>> sinks_;
    std::thread thread_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::condition_variable synced_;
    std::atomic<bool> running_{false};
    std::uint64_t consumedUpTo_ = 0; // guarded by mutex_
};

} // namespace rs::trace
