#include "core/trace/CollectingSink.h"

namespace rs::trace {

void CollectingSink::consume(const Event *events, std::size_t count)
{
    std::lock_guard lock(mutex_);
    for (std::size_t i = 0; i < count && events_.size() < limit_; ++i)
        events_.push_back(events[i]);
}

std::vector<Event> CollectingSink::events() const
{
    std::lock_guard lock(mutex_);
    return events_;
}

std::vector<Event> CollectingSink::eventsOfRequest(std::uint64_t req) const
{
    std::lock_guard lock(mutex_);
    std::vector<Event> out;
    for (const Event &e : events_)
        if (e.req == req)
            out.push_back(e);
    return out;
}

void CollectingSink::clear()
{
    std::lock_guard lock(mutex_);
    events_.clear();
}

} // namespace rs::trace
