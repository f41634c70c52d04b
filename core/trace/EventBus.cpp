#include "core/trace/EventBus.h"

#include "core/trace/ExecutionContext.h"

#include <bit>
#include <time.h>

namespace rs::trace {

struct EventBus::Cell {
    std::atomic<std::uint64_t> sequence;
    Event event;
};

EventBus &EventBus::instance()
{
    static EventBus bus;
    return bus;
}

EventBus::EventBus(std::size_t capacity)
{
    const std::size_t cap = std::bit_ceil(capacity < 2 ? std::size_t{2} : capacity);
    nowUs(); // t_us counts from the bus's creation, i.e. engine start
    cells_ = std::make_unique<Cell[]>(cap);
    mask_ = cap - 1;
    for (std::size_t i = 0; i < cap; ++i)
        cells_[i].sequence.store(i, std::memory_order_relaxed);
}

EventBus::~EventBus() = default;

std::int64_t EventBus::nowUs()
{
    static const std::int64_t start = [] {
        timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        return std::int64_t(ts.tv_sec) * 1000000 + ts.tv_nsec / 1000;
    }();
    timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return std::int64_t(ts.tv_sec) * 1000000 + ts.tv_nsec / 1000 - start;
}

void EventBus::publish(Event &event)
{
    publishAs(event, ExecutionContext::current().ident);
}

void EventBus::publishAs(Event &event, std::uint64_t ident)
{
    if (!enabled())
        return;
    const ExecutionContext &ctx = ExecutionContext::current();
    event.tUs = nowUs();
    event.thread = ctx.threadName;
    event.ident = ident;
    event.req = ctx.requestId;

    std::uint64_t pos = enqueuePos_.load(std::memory_order_relaxed);
    Cell *cell;
    for (;;) {
        cell = &cells_[pos & mask_];
        const std::uint64_t seq = cell->sequence.load(std::memory_order_acquire);
        const auto diff = static_cast<std::int64_t>(seq - pos);
        if (diff == 0) {
            if (enqueuePos_.compare_exchange_weak(pos, pos + 1, std::memory_order_relaxed))
                break;
        } else if (diff < 0) {
            dropped_.fetch_add(1, std::memory_order_relaxed);
            return;
        } else {
            pos = enqueuePos_.load(std::memory_order_relaxed);
        }
    }
    event.seq = pos + 1;
    Event::copyUsed(cell->event, event);
    cell->sequence.store(pos + 1, std::memory_order_release);
}

std::size_t EventBus::drain(std::vector<Event> &out, std::size_t max)
{
    std::size_t n = 0;
    while (n < max) {
        Cell &cell = cells_[dequeuePos_ & mask_];
        const std::uint64_t seq = cell.sequence.load(std::memory_order_acquire);
        if (seq != dequeuePos_ + 1)
            break; // not yet published
        Event::copyUsed(out.emplace_back(), cell.event);
        cell.sequence.store(dequeuePos_ + mask_ + 1, std::memory_order_release);
        ++dequeuePos_;
        ++n;
    }
    return n;
}

} // namespace rs::trace
