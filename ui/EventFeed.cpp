#include "ui/EventFeed.h"

namespace rs::ui {

void EventFeed::consume(const trace::Event *events, std::size_t count)
{
    std::lock_guard lock(mutex_);
    received_ += count;
    for (std::size_t i = 0; i < count; ++i) {
        if (buffer_.size() >= capacity_) {
            buffer_.pop_front();
            ++dropped_;
        }
        buffer_.push_back(events[i]);
    }
}

std::vector<trace::Event> EventFeed::take()
{
    std::lock_guard lock(mutex_);
    std::vector<trace::Event> out(buffer_.begin(), buffer_.end());
    buffer_.clear();
    return out;
}

std::uint64_t EventFeed::dropped() const
{
    std::lock_guard lock(mutex_);
    return dropped_;
}

std::uint64_t EventFeed::received() const
{
    std::lock_guard lock(mutex_);
    return received_;
}

} // namespace rs::ui
