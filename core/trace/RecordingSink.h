#pragma once

#include "core/trace/EventSink.h"

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

namespace rs::trace {

class JsonLinesSink;

// A sink that is always attached to the dispatcher and writes a recording only while one is on:
// the GUI's File → Record events. The file is DESIGN.md's JSON lines (gzip-compressed when its
// name ends in ".gz"), the same that `serve --events FILE` writes, so EventReader and the replay
// window open either.
class RecordingSink : public EventSink {
public:
    RecordingSink();
    ~RecordingSink() override;

    // Any thread. Starts writing to `path` (a recording already on is finished first). False and
    // *error ("cannot write events to …: Permission denied") when the file cannot be created.
    bool start(const std::string &path, std::string *error);
    // Any thread. Flushes and closes the file; waits for at most the batch being written.
    void stop();

    // Any thread.
    bool active() const { return active_.load(std::memory_order_relaxed); }
    std::uint64_t events() const { return events_.load(std::memory_order_relaxed); }
    std::string path() const;

    // Dispatcher thread.
    void consume(const Event *events, std::size_t count) override;
    void flush() override;

private:
    mutable std::mutex mutex_;
    std::unique_ptr<JsonLinesSink> writer_; // guarded by mutex_
    std::string path_;                      // guarded by mutex_
    std::atomic<bool> active_{false};
    std::atomic<std::uint64_t> events_{0};
};

} // namespace rs::trace
