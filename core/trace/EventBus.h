#pragma once

#include "core/trace/Event.h"

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace rs::trace {

// The bounded buffer between the workers and whoever reads events (writer, GUI, tests).
//
// A ring of fixed capacity in which an event's slot is its sequence number: producers claim a
// number with one compare-and-swap, copy the event in and publish it; the single consumer reads
// in sequence order. A producer never waits: when the ring is full the event is dropped and
// counted. While tracing is disabled, publish() costs one relaxed load.
class EventBus {
public:
    static EventBus &instance();

    explicit EventBus(std::size_t capacity = 1u << 16);
    ~EventBus();
    EventBus(const EventBus &) = delete;
    EventBus &operator=(const EventBus &) = delete;

    bool enabled() const { return enabled_.load(std::memory_order_relaxed); }
    // Any thread. Events emitted while disabled are not recorded (and not counted as dropped).
    void setEnabled(bool on) { enabled_.store(on, std::memory_order_relaxed); }

    // Any thread. Fills seq, t_us, thread, ident and req, then publishes (or drops) the event.
    void publish(Event &event);
    // The same, but the header's ident is `ident` instead of the running code's: a `Local`'s
    // events name the slot it really used (under a thread-keyed Local, the thread's, although a
    // coroutine runs).
    void publishAs(Event &event, std::uint64_t ident);

    // Consumer thread only (one at a time). Appends up to `max` published events in sequence
    // order; returns how many.
    std::size_t drain(std::vector<Event> &out, std::size_t max);

    std::uint64_t dropped() const { return dropped_.load(std::memory_order_relaxed); }
    std::uint64_t published() const { return enqueuePos_.load(std::memory_order_relaxed); }
    std::size_t capacity() const { return mask_ + 1; }

    // Microseconds since the engine (this process) started.
    static std::int64_t nowUs();

private:
    struct Cell;
    std::unique_ptr<Cell[]> cells_;
    std::size_t mask_;
    alignas(64) std::atomic<std::uint64_t> enqueuePos_{0};
    alignas(64) std::uint64_t dequeuePos_ = 0;
    alignas(64) std::atomic<std::uint64_t> dropped_{0};
    std::atomic<bool> enabled_{false};
};

// Shorthand used by the engine: `if (tracing()) { Event e(...); …; emitEvent(e); }`.
inline bool tracing()
{
    return EventBus::instance().enabled();
}
inline void emitEvent(Event &event)
{
    EventBus::instance().publish(event);
}
inline void emitEventAs(Event &event, std::uint64_t ident)
{
    EventBus::instance().publishAs(event, ident);
}

} // namespace rs::trace
