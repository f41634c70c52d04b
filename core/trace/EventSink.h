#pragma once

#include "core/trace/Event.h"

#include <cstddef>

namespace rs::trace {

// Receives batches of events, in sequence order, on the dispatcher thread.
class EventSink {
public:
    virtual ~EventSink() = default;
    // Dispatcher thread only. Must not block for long: it holds up every other sink.
    virtual void consume(const Event *events, std::size_t count) = 0;
    // Dispatcher thread only. Called after the last batch when the dispatcher stops.
    virtual void flush() {}
};

} // namespace rs::trace
