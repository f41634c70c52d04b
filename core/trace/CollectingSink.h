#pragma once

#include "core/trace/EventSink.h"

#include <functional>
#include <mutex>
#include <vector>

namespace rs::trace {

// Keeps every event it is given (up to a limit), for tests and the `trace` tools.
class CollectingSink : public EventSink {
public:
    explicit CollectingSink(std::size_t limit = 4'000'000) : limit_(limit) {}

    void consume(const Event *events, std::size_t count) override;

    // Any thread.
    std::vector<Event> events() const;
    std::vector<Event> eventsOfRequest(std::uint64_t req) const;
    void clear();

private:
    mutable std::mutex mutex_;
    std::vector<Event> events_;
    std::size_t limit_;
};

} // namespace rs::trace
