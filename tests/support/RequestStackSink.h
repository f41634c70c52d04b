#pragma once

#include "core/trace/EventSink.h"

#include <mutex>
#include <vector>

namespace rs::test {

// Keeps only the request stack's push and pop events and the engine's reports of a request reading
// another request's context (an isolation run makes ~1M events, of which these are what the check
// needs). Header-only: tests that use it link rs_trace.
class RequestStackSink : public trace::EventSink {
public:
    // Dispatcher thread.
    void consume(const trace::Event *events, std::size_t count) override
    {
        std::lock_guard lock(mutex);
        for (std::size_t i = 0; i < count; ++i) {
            const trace::Event &e = events[i];
            if ((e.kind == trace::EventKind::StackPush || e.kind == trace::EventKind::StackPop) &&
                e.textAt(0) == "request")
                kept.push_back(e);
            else if (e.kind == trace::EventKind::Error && e.textAt(1) == "cross_request_read")
                crossReads.push_back(e);
        }
    }
    std::mutex mutex;
    std::vector<trace::Event> kept;
    std::vector<trace::Event> crossReads;
};

} // namespace rs::test
