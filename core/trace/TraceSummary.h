#pragma once

#include "core/trace/Event.h"

#include <QString>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace rs::trace {

// What `requestscope trace summary IN` prints about a recording: requests and their status
// codes, request and phase durations (percentiles), session open outcomes and save decisions with
// their reasons, errors by type, coroutine switches, events by kind.
class TraceSummary {
public:
    void add(const Event &e);
    // Plain text, one fact a line, for a terminal.
    QString text() const;

    std::int64_t events() const { return events_; }
    std::int64_t requestsBegun() const { return begun_; }
    std::int64_t requestsEnded() const { return static_cast<std::int64_t>(requestDurations_.size()); }
    const std::map<std::int64_t, std::int64_t> &statusCounts() const { return statuses_; }
    const std::map<std::string, std::int64_t> &saveDecisions() const { return decisions_; }
    // p-th percentile (0..100, nearest rank) of a phase's durations in µs; -1 when none.
    std::int64_t phasePercentile(const std::string &phase, double p) const;

private:
    static std::int64_t percentile(std::vector<std::int64_t> values, double p);

    std::int64_t events_ = 0;
    std::int64_t begun_ = 0;
    std::int64_t firstUs_ = -1;
    std::int64_t lastUs_ = 0;
    std::vector<std::int64_t> requestDurations_;
    std::map<std::int64_t, std::int64_t> statuses_;
    std::map<std::string, std::vector<std::int64_t>> phases_;
    std::map<std::string, std::int64_t> opens_;     // session.open outcome
    std::map<std::string, std::int64_t> decisions_; // "skip: empty and not modified: no Set-Cookie"
    std::map<std::string, std::int64_t> errors_;    // error type
    std::map<std::string, std::int64_t> kinds_;
    std::int64_t suspensions_ = 0;
    std::int64_t suspendedUs_ = 0;
};

} // namespace rs::trace
