#include "ui/replay/Recording.h"

#include "ui/models/ContextStackModel.h"
#include "ui/models/LocalStorageModel.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QHash>

#include <algorithm>

namespace rs::ui {

std::unique_ptr<Recording> Recording::load(const QString &path, QString *error, const Progress &progress)
{
    QElapsedTimer clock;
    clock.start();
    trace::EventReader reader;
    if (!reader.open(path, error))
        return nullptr;
    const double fileBytes = std::max<double>(1.0, static_cast<double>(QFileInfo(path).size()));

    auto recording = std::unique_ptr<Recording>(new Recording);
    recording->path_ = path;
    // A guess from the file's size (about 150 bytes a line, 60 of them text), corrected as it grows.
    const auto expected = static_cast<std::size_t>(fileBytes / 150.0);
    recording->events_.reserve(expected, expected * 60);

    // The same models the live window uses build the snapshots, so a replay shows exactly what a
    // live window would have shown. No view is attached: they cost little more than the tree.
    LocalStorageModel localStorage;
    ContextStackModel contextStacks;
    recording->snapshots_.push_back({localStorage.snapshot(), contextStacks.snapshot()});

    std::vector<trace::Event> chunk(kSnapshotEvery);
    std::size_t inChunk = 0;
    std::vector<RequestRecord> building;
    QHash<quint64, std::uint32_t> requestIndex;

    trace::Event e;
    while (recording->events_.size() < kMaxEvents && reader.next(e)) {
        const auto index = static_cast<std::uint32_t>(recording->events_.size());
        recording->events_.append(e);
        if (e.req != 0) {
            auto it = requestIndex.constFind(e.req);
            if (it == requestIndex.cend()) {
                it = requestIndex.insert(e.req, static_cast<std::uint32_t>(recording->requests_.size()));
                Request r;
                r.id = e.req;
                r.first = index;
                recording->requests_.push_back(std::move(r));
                building.emplace_back().id = e.req;
            }
            Request &r = recording->requests_[*it];
            r.last = index;
            r.events.push_back(index);
            building[*it].apply(e);
        }
        trace::Event::copyUsed(chunk[inChunk++], e);
        if (inChunk == kSnapshotEvery) {
            localStorage.applyEvents(chunk);
            contextStacks.applyEvents(chunk);
            recording->snapshots_.push_back({localStorage.snapshot(), contextStacks.snapshot()});
            inChunk = 0;
            if (progress && !progress(static_cast<double>(reader.bytesRead()) / fileBytes)) {
                *error = QStringLiteral("cancelled");
                return nullptr;
            }
        }
    }
    recording->damage_ = reader.damage();
    if (!recording->damage_ && recording->events_.size() >= kMaxEvents && reader.next(e))
        recording->damage_ = trace::EventReader::Damage{
            reader.linesRead(), QStringLiteral("line %1: the replay stops at %2 events; `requestscope trace "
                                               "summary` and `trace export` read the whole recording")
                                    .arg(reader.linesRead())
                                    .arg(kMaxEvents)};
    for (std::size_t i = 0; i < building.size(); ++i)
        recording->requests_[i].complete = std::make_shared<const RequestRecord>(std::move(building[i]));
    recording->loadMs_ = clock.elapsed();
    if (progress)
        progress(1.0);
    return recording;
}

std::size_t Recording::requestsBegunBefore(std::size_t position) const
{
    const auto it = std::partition_point(requests_.begin(), requests_.end(),
                                         [position](const Request &r) { return r.first < position; });
    return static_cast<std::size_t>(it - requests_.begin());
}

const Recording::Snapshot &Recording::snapshotBefore(std::size_t position, std::size_t *at) const
{
    const std::size_t k = std::min(position / kSnapshotEvery, snapshots_.size() - 1);
    *at = k * kSnapshotEvery;
    return snapshots_[k];
}

RequestRecord Recording::recordAt(const Request &request, std::size_t position) const
{
    if (request.last < position)
        return *request.complete;
    RequestRecord record;
    record.id = request.id;
    trace::Event e;
    for (std::uint32_t index : request.events) {
        if (index >= position)
            break;
        events_.copyTo(index, e);
        record.apply(e);
    }
    return record;
}

std::size_t Recording::positionAtTime(std::int64_t tUs, std::size_t from) const
{
    std::size_t p = std::min(from, events_.size());
    while (p < events_.size() && events_.tUs(p) < tUs)
        ++p;
    return p;
}

} // namespace rs::ui
