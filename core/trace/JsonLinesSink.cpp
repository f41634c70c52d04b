#include "core/trace/JsonLinesSink.h"

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace rs::trace {

JsonLinesSink::JsonLinesSink(const std::string &path)
{
    if (path == "-") {
        file_ = stdout;
        ownsFile_ = false;
    } else {
        file_ = std::fopen(path.c_str(), "w");
        if (!file_)
            throw std::runtime_error("cannot write events to " + path + ": " + std::strerror(errno));
        ownsFile_ = true;
    }
    buffer_.reserve(1 << 20);
}

JsonLinesSink::~JsonLinesSink()
{
    flush();
    if (ownsFile_)
        std::fclose(file_);
}

void JsonLinesSink::consume(const Event *events, std::size_t count)
{
    for (std::size_t i = 0; i < count; ++i) {
        events[i].appendJson(buffer_);
        buffer_.push_back('\n');
    }
    if (buffer_.size() >= (1 << 19))
        flush();
}

void JsonLinesSink::flush()
{
    if (!buffer_.empty()) {
        std::fwrite(buffer_.data(), 1, buffer_.size(), file_);
        buffer_.clear();
    }
    std::fflush(file_);
}

} // namespace rs::trace
