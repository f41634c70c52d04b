#include "ui/EventFeed.h"

#include <algorithm>

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

std::vector<trace::Event> EventFeed::take(std::size_t max)
{
    std::lock_guard lock(mutex_);
    const std::size_t n = std::min(max, buffer_.size());
    const auto end = buffer_.begin() + static_cast<std::ptrdiff_t>(n);
    std::vector<trace::Event> out(buffer_.begin(), end);
    buffer_.erase(buffer_.begin(), end);
    return out;
}

std::size_t EventFeed::pending() const
{
    std::lock_guard lock(mutex_);
    return buffer_.size();
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
