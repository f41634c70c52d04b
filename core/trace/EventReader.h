#pragma once

#include "core/trace/Event.h"

#include <QString>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace rs::trace {

// Reads a recording back: the JSON lines that `serve --events FILE` (JsonLinesSink) writes, plain
// or gzip-compressed (zlib tells them apart by gzip's magic bytes), one Event a line. A damaged
// recording — a truncated last line, a line that is not such an object, an unknown kind, a
// missing or mistyped field — is read up to the damage: next() then returns false and damage()
// names the line and what is wrong with it. Blank lines are skipped.
//
// One reader is used by one thread at a time.
class EventReader {
public:
    struct Damage {
        std::int64_t line = 0; // 1-based
        QString message;       // "line 12: no field 'kind'"
    };

    EventReader();
    ~EventReader();
    EventReader(const EventReader &) = delete;
    EventReader &operator=(const EventReader &) = delete;

    // False (and *error says why) when the file cannot be opened.
    bool open(const QString &path, QString *error);
    // The next event; false at the end of the recording or at the first damaged line.
    bool next(Event &out);
    const std::optional<Damage> &damage() const { return damage_; }
    // Lines read so far (including blank ones).
    std::int64_t linesRead() const { return line_; }
    // Bytes of the file read so far (compressed bytes for a gzip file): progress against its size.
    std::int64_t bytesRead() const;

    // One line (without its newline) into `out`; false and *error ("no field 'kind'") otherwise.
    static bool parseLine(std::string_view line, Event &out, QString *error);

    // The longest line accepted: an event's text is at most Event::kTextBytes, escaped ×6.
    static constexpr int kMaxLineBytes = 64 * 1024;

private:
    void *gz_ = nullptr; // gzFile
    std::int64_t line_ = 0;
    std::optional<Damage> damage_;
    std::string buffer_;
};

} // namespace rs::trace
