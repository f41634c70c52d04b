#include "core/trace/RecordingSink.h"

#include "core/trace/JsonLinesSink.h"

#include <stdexcept>

namespace rs::trace {

RecordingSink::RecordingSink() = default;

RecordingSink::~RecordingSink()
{
    stop();
}

bool RecordingSink::start(const std::string &path, std::string *error)
{
    if (path.empty() || path == "-") {
        *error = "a recording needs a file name";
        return false;
    }
    stop();
    std::unique_ptr<JsonLinesSink> writer;
    try {
        writer = std::make_unique<JsonLinesSink>(path);
    } catch (const std::runtime_error &e) {
        *error = e.what();
        return false;
    }
    std::lock_guard lock(mutex_);
    writer_ = std::move(writer);
    path_ = path;
    events_.store(0, std::memory_order_relaxed);
    active_.store(true, std::memory_order_relaxed);
    return true;
}

void RecordingSink::stop()
{
    std::unique_ptr<JsonLinesSink> finished;
    {
        std::lock_guard lock(mutex_);
        active_.store(false, std::memory_order_relaxed);
        finished = std::move(writer_);
    }
    // Closing (the gzip trailer) happens outside the lock: the dispatcher goes on meanwhile.
    finished.reset();
}

std::string RecordingSink::path() const
{
    std::lock_guard lock(mutex_);
    return path_;
}

void RecordingSink::consume(const Event *events, std::size_t count)
{
    if (!active_.load(std::memory_order_relaxed))
        return;
    std::lock_guard lock(mutex_);
    if (!writer_)
        return;
    writer_->consume(events, count);
    events_.fetch_add(count, std::memory_order_relaxed);
}

void RecordingSink::flush()
{
    std::lock_guard lock(mutex_);
    if (writer_)
        writer_->flush();
}

} // namespace rs::trace
