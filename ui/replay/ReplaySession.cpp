#include "ui/replay/ReplaySession.h"

#include "core/trace/EventBus.h"
#include "ui/EventFeed.h"
#include "ui/models/ContextStackModel.h"
#include "ui/models/EventLogModel.h"
#include "ui/models/LocalStorageModel.h"
#include "ui/models/ModelHub.h"
#include "ui/models/RequestStore.h"

#include <algorithm>

namespace rs::ui {

ReplaySession::ReplaySession(std::shared_ptr<const Recording> recording, QObject *parent)
    : QObject(parent), recording_(std::move(recording)), quietBus_(std::make_unique<trace::EventBus>(16)),
      hub_(std::make_unique<ModelHub>(std::make_shared<EventFeed>(1), *quietBus_))
{
    hub_->eventLog()->setCapacity(kLogWindow);
}

ReplaySession::~ReplaySession() = default;

void ReplaySession::seek(std::size_t position)
{
    position = std::min(position, recording_->size());
    if (position == position_)
        return;
    if (position > position_ && position - position_ <= Recording::kSnapshotEvery) {
        std::vector<trace::Event> batch;
        recording_->events().copyRange(position_, position, batch);
        hub_->applyBatch(batch);
    } else {
        restoreAt(position);
    }
    position_ = position;
    emit positionChanged(position_);
}

void ReplaySession::restoreAt(std::size_t position)
{
    const Recording &rec = *recording_;
    std::size_t at = 0;
    const Recording::Snapshot &snapshot = rec.snapshotBefore(position, &at);
    hub_->localStorage()->restore(snapshot.localStorage);
    hub_->contextStacks()->restore(snapshot.contextStacks);
    std::vector<trace::Event> batch;
    rec.events().copyRange(at, position, batch);
    hub_->localStorage()->applyEvents(batch);
    hub_->contextStacks()->applyEvents(batch);

    // The requests a live store would keep: the last `capacity` begun before the position.
    RequestStore *store = hub_->requests();
    const std::size_t begun = rec.requestsBegunBefore(position);
    const std::size_t first = begun - std::min(begun, store->capacity());
    std::vector<RequestRecord> records;
    records.reserve(begun - first);
    for (std::size_t i = first; i < begun; ++i)
        records.push_back(rec.recordAt(rec.requests()[i], position));
    std::vector<quint64> dropped;
    for (std::size_t i = first - std::min(first, store->capacity()); i < first; ++i)
        dropped.push_back(rec.requests()[i].id);
    store->restore(std::move(records), begun, dropped);

    EventLogModel *log = hub_->eventLog();
    log->clear();
    batch.clear();
    rec.events().copyRange(position - std::min(position, kLogWindow), position, batch);
    log->appendEvents(batch);
}

} // namespace rs::ui
