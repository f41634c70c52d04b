#include "ui/models/ModelHub.h"

#include "core/trace/EventBus.h"
#include "ui/EventFeed.h"
#include "ui/models/ContextStackModel.h"
#include "ui/models/EventFilterProxyModel.h"
#include "ui/models/EventLogModel.h"
#include "ui/models/LocalStorageModel.h"
#include "ui/models/RequestListModel.h"
#include "ui/models/RequestStore.h"

#include <QElapsedTimer>

namespace rs::ui {

ModelHub::ModelHub(std::shared_ptr<EventFeed> feed, QObject *parent)
    : ModelHub(std::move(feed), trace::EventBus::instance(), parent)
{
}

ModelHub::ModelHub(std::shared_ptr<EventFeed> feed, trace::EventBus &bus, QObject *parent)
    : QObject(parent), feed_(std::move(feed)), bus_(bus), eventLog_(new EventLogModel(this)),
      eventFilter_(new EventFilterProxyModel(this)), localStorage_(new LocalStorageModel(this)),
      contextStacks_(new ContextStackModel(this)), requests_(new RequestStore(this)),
      requestList_(new RequestListModel(requests_, this))
{
    eventFilter_->setSourceModel(eventLog_);
    timer_.setInterval(kTickMs);
    timer_.setTimerType(Qt::PreciseTimer);
    connect(&timer_, &QTimer::timeout, this, &ModelHub::tick);
}

ModelHub::~ModelHub()
{
    // Views of a source go before it (children would be deleted in creation order).
    delete requestList_;
    delete eventFilter_;
}

void ModelHub::start()
{
    timer_.start();
}

void ModelHub::stop()
{
    timer_.stop();
}

int ModelHub::tick()
{
    // In chunks, until the feed is empty or the tick's time budget is spent: under a flood the
    // rest waits for the next tick (and the bounded feed drops and counts what does not fit),
    // so a click or a repaint never waits behind more than one budget of model work.
    QElapsedTimer spent;
    spent.start();
    std::size_t total = 0;
    for (;;) {
        const std::vector<trace::Event> batch = feed_->take(kChunkEvents);
        if (batch.empty())
            break;
        applyToModels(batch);
        total += batch.size();
        if (spent.elapsed() >= kBudgetMs)
            break;
    }
    if (total == 0)
        return 0;
    eventsSeen_ += total;
    ++batches_;
    emit batchApplied(static_cast<int>(total));
    return static_cast<int>(total);
}

void ModelHub::applyToModels(const std::vector<trace::Event> &events)
{
    eventLog_->appendEvents(events);
    localStorage_->applyEvents(events);
    contextStacks_->applyEvents(events);
    requests_->applyEvents(events);
}

void ModelHub::applyBatch(const std::vector<trace::Event> &events)
{
    if (events.empty())
        return;
    applyToModels(events);
    eventsSeen_ += events.size();
    ++batches_;
    emit batchApplied(static_cast<int>(events.size()));
}

quint64 ModelHub::droppedByEngine() const
{
    return bus_.dropped();
}

quint64 ModelHub::droppedByFeed() const
{
    return feed_->dropped();
}

quint64 ModelHub::evictedByModels() const
{
    return eventLog_->evicted() + requests_->evicted();
}

} // namespace rs::ui
