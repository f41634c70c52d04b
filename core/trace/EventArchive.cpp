#include "core/trace/EventArchive.h"

#include <algorithm>
#include <cstring>

namespace rs::trace {

void EventArchive::append(const Event &e)
{
    const auto *bytes = reinterpret_cast<const unsigned char *>(&e);
    headers_.insert(headers_.end(), bytes, bytes + kHeaderBytes);
    starts_.push_back(text_.size());
    text_.insert(text_.end(), e.text, e.text + e.textUsed);
}

void EventArchive::reserve(std::size_t events, std::size_t textBytes)
{
    headers_.reserve(events * kHeaderBytes);
    starts_.reserve(events);
    text_.reserve(textBytes);
}

void EventArchive::copyTo(std::size_t index, Event &out) const
{
    std::memcpy(static_cast<void *>(&out), headers_.data() + index * kHeaderBytes, kHeaderBytes);
    const std::uint64_t start = starts_[index];
    // textUsed came with the header; the text is exactly that long.
    std::memcpy(out.text, text_.data() + start, out.textUsed);
}

void EventArchive::copyRange(std::size_t first, std::size_t last, std::vector<Event> &out) const
{
    last = std::min(last, size());
    if (last <= first)
        return;
    const std::size_t base = out.size();
    out.resize(base + (last - first));
    for (std::size_t i = first; i < last; ++i)
        copyTo(i, out[base + (i - first)]);
}

template <typename T> T EventArchive::field(std::size_t index, std::size_t offset) const
{
    T value;
    std::memcpy(&value, headers_.data() + index * kHeaderBytes + offset, sizeof value);
    return value;
}

std::uint64_t EventArchive::seq(std::size_t index) const
{
    return field<std::uint64_t>(index, offsetof(Event, seq));
}

std::size_t EventArchive::indexOfSeq(std::uint64_t wanted) const
{
    std::size_t low = 0;
    std::size_t high = size();
    while (low < high) {
        const std::size_t mid = low + (high - low) / 2;
        if (seq(mid) < wanted)
            low = mid + 1;
        else
            high = mid;
    }
    if (low < size() && seq(low) == wanted)
        return low;
    for (std::size_t i = 0; i < size(); ++i)
        if (seq(i) == wanted)
            return i;
    return size();
}

std::int64_t EventArchive::tUs(std::size_t index) const
{
    return field<std::int64_t>(index, offsetof(Event, tUs));
}

std::uint64_t EventArchive::req(std::size_t index) const
{
    return field<std::uint64_t>(index, offsetof(Event, req));
}

EventKind EventArchive::kind(std::size_t index) const
{
    return field<EventKind>(index, offsetof(Event, kind));
}

std::size_t EventArchive::memoryBytes() const
{
    return headers_.capacity() + text_.capacity() + starts_.capacity() * sizeof(std::uint64_t);
}

} // namespace rs::trace
