#pragma once

#include "core/trace/EventSink.h"

#include <cstdint>
#include <deque>
#include <mutex>
#include <vector>

namespace rs::ui {

// The GUI's event sink: a bounded buffer the dispatcher fills and the GUI thread empties in
// batches. When the GUI falls behind, the oldest events are dropped and counted; the
// dispatcher (and so the workers) never waits for the GUI.
class EventFeed : public trace::EventSink {
public:
    explicit EventFeed(std::size_t capacity = 200'000) : capacity_(capacity) {}

    // Dispatcher thread.
    void consume(const trace::Event *events, std::size_t count) override;
    // GUI thread: the oldest events buffered, at most `max` of them (all by default).
    std::vector<trace::Event> take(std::size_t max = SIZE_MAX);
    // Any thread: events waiting to be taken.
    std::size_t pending() const;
    // Any thread.
    std::uint64_t dropped() const;
    std::uint64_t received() const;

private:
    mutable std::mutex mutex_;
    std::deque<trace::Event> buffer_;
    std::size_t capacity_;
    std::uint64_t dropped_ = 0;
    std::uint64_t received_ = 0;
};

} // namespace rs::ui
