#pragma once

#include "core/trace/EventSink.h"

#include <cstdio>
#include <string>

namespace rs::trace {

// Writes each event as one JSON object a line (DESIGN.md's `--events FILE|-`); gzip-compressed
// when the file name ends in ".gz". EventReader reads either back.
class JsonLinesSink : public EventSink {
public:
    // "-" means standard output. Throws std::runtime_error with the reason if the file cannot be
    // opened for writing.
    explicit JsonLinesSink(const std::string &path);
    ~JsonLinesSink() override;

    void consume(const Event *events, std::size_t count) override;
    void flush() override;

private:
    std::FILE *file_ = nullptr;
    void *gz_ = nullptr; // gzFile, for a ".gz" path
    bool ownsFile_ = false;
    std::string buffer_;
};

} // namespace rs::trace
