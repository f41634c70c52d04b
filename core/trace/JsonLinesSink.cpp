#include "core/trace/JsonLinesSink.h"

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <zlib.h>

namespace rs::trace {

JsonLinesSink::JsonLinesSink(const std::string &path)
{
    if (path == "-") {
        file_ = stdout;
        ownsFile_ = false;
    } else if (path.size() > 3 && path.compare(path.size() - 3, 3, ".gz") == 0) {
        errno = 0;
        gz_ = gzopen(path.c_str(), "wb6");
        if (!gz_)
            throw std::runtime_error("cannot write events to " + path + ": " +
                                     (errno ? std::strerror(errno) : "out of memory"));
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
    if (gz_)
        gzclose(static_cast<gzFile>(gz_));
    else if (ownsFile_)
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
    if (gz_) {
        if (!buffer_.empty())
            gzwrite(static_cast<gzFile>(gz_), buffer_.data(), static_cast<unsigned>(buffer_.size()));
        buffer_.clear();
        // A sync point, so a recording cut short (a crash, a kill) still reads up to here.
        gzflush(static_cast<gzFile>(gz_), Z_SYNC_FLUSH);
        return;
    }
    if (!buffer_.empty()) {
        std::fwrite(buffer_.data(), 1, buffer_.size(), file_);
        buffer_.clear();
    }
    std::fflush(file_);
}

} // namespace rs::trace
