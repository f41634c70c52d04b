#pragma once

#include "core/trace/Event.h"

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QString>

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace rs::trace {

// A recording as Chrome Trace Event JSON, for chrome://tracing and Perfetto
// (`requestscope trace export --format chrome IN OUT`):
//   - one process per worker thread ("worker-2"), one track per ident that ran requests on it
//     (the thread itself, or "coroutine #12");
//   - each request a B/E slice ("GET /hello", its status, bytes and dur_us as args), each phase a
//     B/E slice inside it, each coroutine suspension a B/E slice ("suspended: sleep"); an E
//     repeats its B's args;
//   - every other event an instant ("i") with its fields as args.
// A request's events go to the track that ran it, even the local.* / stack.* events whose header
// names another slot. B/E stay balanced per track whatever the recording holds: an end without
// its begin (a recording that starts mid-request) is left out, and what is still open at the end
// is closed at the last timestamp with args.unfinished = true. Output is sorted by time.
class ChromeTraceWriter {
public:
    void add(const Event &e);
    // The whole document: {"traceEvents": [...], "displayTimeUnit": "ms", "otherData": {...}}.
    QByteArray finish();

    int tracks() const { return static_cast<int>(tracks_.size()); }
    std::int64_t eventsRead() const { return eventsRead_; }

private:
    struct Track {
        int pid = 0;
        std::uint64_t tid = 0;
        struct Open {
            QString name;
            std::int64_t ts = 0;
            QJsonObject args; // an E repeats its B's args (viewers such as speedscope pair them so)
        };
        std::vector<Open> open; // B slices not ended, innermost last
    };
    struct RequestSlice {
        QString name;
        std::int64_t beginUs = -1;
        std::uint64_t trackKey = 0; // ident of the track that runs it
        bool trackFromSlot = false; // trackKey came from a local/stack event (a guess until another)
        int pid = 0;
        bool ended = false;
        // Where its B goes in the output: reserved at request.begin (its track is known only at
        // request.end), so that at an equal timestamp it sorts before the request's first phase
        // and after what ended before it.
        std::size_t outIndex = 0;
    };
    Track &trackFor(const Event &e);
    Track &track(const QString &thread, std::uint64_t ident);
    void push(std::int64_t ts, QJsonObject object);
    void begin(Track &t, const QString &name, const char *category, std::int64_t ts, QJsonObject args);
    void end(Track &t, const QString &name, std::int64_t ts, QJsonObject args);
    // The request's B (in the place reserved at its request.begin) and its E at endUs.
    void requestSlice(const RequestSlice &r, int pid, std::uint64_t tid, std::int64_t endUs,
                      const QJsonObject &args);

    QHash<QString, int> pids_;                              // worker thread name → pid
    std::map<std::pair<int, std::uint64_t>, Track> tracks_; // (pid, ident)
    std::map<std::uint64_t, RequestSlice> requests_;
    std::vector<std::pair<std::int64_t, QJsonObject>> out_; // (ts, event), stable-sorted at the end
    std::int64_t lastUs_ = 0;
    std::int64_t eventsRead_ = 0;
};

} // namespace rs::trace
