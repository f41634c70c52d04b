#pragma once

#include "core/trace/Event.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace rs::trace {

// A whole recording in memory, compactly: each event's header plus only the text it uses
// (an Event is ~530 bytes, a recorded one needs ~100 + its text). Append-only; reading is
// by index, in recording order. A replay of a million events keeps them all here.
// One thread at a time; after loading it is only read, and any thread may read it.
class EventArchive {
public:
    void append(const Event &e);
    std::size_t size() const { return starts_.size(); }
    bool empty() const { return starts_.empty(); }
    void reserve(std::size_t events, std::size_t textBytes);

    // The event at `index` (< size()), copied into `out`.
    void copyTo(std::size_t index, Event &out) const;
    // Events [first, last) appended to `out` (`last` is clamped to size()).
    void copyRange(std::size_t first, std::size_t last, std::vector<Event> &out) const;

    // Header fields without copying the event.
    std::uint64_t seq(std::size_t index) const;
    std::int64_t tUs(std::size_t index) const;
    std::uint64_t req(std::size_t index) const;
    EventKind kind(std::size_t index) const;
    // The index of the event numbered `seq`, or size() when there is none. Binary search: a
    // recording is in sequence order (the dispatcher delivers it so); a file that is not falls
    // back to a scan.
    std::size_t indexOfSeq(std::uint64_t seq) const;

    // Bytes held, for the status line.
    std::size_t memoryBytes() const;

private:
    static constexpr std::size_t kHeaderBytes = offsetof(Event, text);
    template <typename T> T field(std::size_t index, std::size_t offset) const;

    std::vector<unsigned char> headers_; // kHeaderBytes an event
    std::vector<char> text_;
    std::vector<std::uint64_t> starts_; // where each event's text begins in text_
};

} // namespace rs::trace
