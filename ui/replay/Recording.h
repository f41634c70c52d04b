#pragma once

#include "core/trace/EventArchive.h"
#include "core/trace/EventReader.h"
#include "ui/models/EventTreeModel.h"
#include "ui/models/RequestRecord.h"

#include <QString>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace rs::ui {

// A recording opened for replay: every event in memory (EventArchive), the requests it contains
// with the indexes of their events and their final records, and every kSnapshotEvery events the
// Local-storage and context-stack trees as the live models had them. A replay moves to any
// moment from the nearest snapshot before it, never from the start.
//
// A position is a number of events applied: 0 is before the first, size() after the last.
// Built by load() on any thread; afterwards only read (any thread).
class Recording {
public:
    static constexpr std::size_t kSnapshotEvery = 4096;
    // More events are not loaded (about 300 bytes of memory each): the rest is reported like damage.
    // `trace summary` and `trace export` stream a recording of any size.
    static constexpr std::size_t kMaxEvents = 20'000'000;

    struct Request {
        quint64 id = 0;
        std::uint32_t first = 0; // index of its first event
        std::uint32_t last = 0;  // index of its last event
        std::vector<std::uint32_t> events;
        std::shared_ptr<const RequestRecord> complete; // after its last event
    };
    struct Snapshot {
        EventTreeModel::Snapshot localStorage;
        EventTreeModel::Snapshot contextStacks;
    };
    // Fraction read (0..1); return false to cancel.
    using Progress = std::function<bool(double)>;

    // Reads `path` (plain or gzip JSON lines). nullptr and *error when it cannot be read at all
    // (or was cancelled); a damaged file loads up to the damage, which damage() describes.
    static std::unique_ptr<Recording> load(const QString &path, QString *error,
                                           const Progress &progress = {});

    const QString &path() const { return path_; }
    const trace::EventArchive &events() const { return events_; }
    std::size_t size() const { return events_.size(); }
    // In order of their first event (what a RequestStore sees).
    const std::vector<Request> &requests() const { return requests_; }
    // How many requests have begun before `position`.
    std::size_t requestsBegunBefore(std::size_t position) const;
    // The snapshot at or before `position`, and the position it stands for.
    const Snapshot &snapshotBefore(std::size_t position, std::size_t *at) const;
    // The request record as it was at `position` (events before it applied).
    RequestRecord recordAt(const Request &request, std::size_t position) const;
    // Scanning forward from `from`: the first position whose next event has t_us >= tUs (events
    // are in seq order; t_us follows it only within a thread, so no binary search).
    std::size_t positionAtTime(std::int64_t tUs, std::size_t from) const;

    const std::optional<trace::EventReader::Damage> &damage() const { return damage_; }
    qint64 loadMs() const { return loadMs_; }

private:
    QString path_;
    trace::EventArchive events_;
    std::vector<Request> requests_;
    std::vector<Snapshot> snapshots_; // snapshots_[k]: after k * kSnapshotEvery events
    std::optional<trace::EventReader::Damage> damage_;
    qint64 loadMs_ = 0;
};

} // namespace rs::ui
