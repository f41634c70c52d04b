#pragma once

#include <QObject>
#include <QTimer>

#include "core/trace/Event.h"

#include <memory>
#include <vector>

namespace rs::trace {
class EventBus;
}

namespace rs::ui {

class ContextStackModel;
class EventFeed;
class EventFilterProxyModel;
class EventLogModel;
class LocalStorageModel;
class RequestListModel;
class RequestStore;

// Owns the GUI's models and feeds them: every 16 ms it takes what the EventFeed holds and hands
// it to each model, so views repaint at most once a frame however fast events come. A tick stops
// after kBudgetMs of model work; what is left waits in the bounded feed for the next tick.
// Lives on the GUI thread; every function and signal: GUI thread.
class ModelHub : public QObject {
    Q_OBJECT
public:
    static constexpr int kTickMs = 16;
    // Model work per tick is cut into chunks and stops after this budget (see tick()).
    static constexpr int kBudgetMs = 8;
    static constexpr std::size_t kChunkEvents = 1024;

    // `bus` is only read for its drop counter.
    explicit ModelHub(std::shared_ptr<EventFeed> feed, QObject *parent = nullptr);
    ModelHub(std::shared_ptr<EventFeed> feed, trace::EventBus &bus, QObject *parent = nullptr);
    ~ModelHub() override;

    void start();
    void stop();
    bool isRunning() const { return timer_.isActive(); }
    // One tick by hand (the timer calls it). Returns the batch size.
    int tick();
    // Hands `events` to every model, as a tick does, and emits batchApplied (a replay moving on).
    void applyBatch(const std::vector<trace::Event> &events);

    EventFeed &feed() const { return *feed_; }
    EventLogModel *eventLog() const { return eventLog_; }
    EventFilterProxyModel *eventFilter() const { return eventFilter_; }
    LocalStorageModel *localStorage() const { return localStorage_; }
    ContextStackModel *contextStacks() const { return contextStacks_; }
    RequestStore *requests() const { return requests_; }
    RequestListModel *requestList() const { return requestList_; }

    // Events handed to the models.
    quint64 eventsSeen() const { return eventsSeen_; }
    // Ticks that delivered a (non-empty) batch.
    quint64 batches() const { return batches_; }
    // Dropped by the engine's ring because the dispatcher fell behind.
    quint64 droppedByEngine() const;
    // Dropped by the feed because the GUI fell behind.
    quint64 droppedByFeed() const;
    // Evicted by the bounded models: event log rows plus requests.
    quint64 evictedByModels() const;

signals:
    // After each model has taken the batch.
    void batchApplied(int events);

private:
    void applyToModels(const std::vector<trace::Event> &events);

    std::shared_ptr<EventFeed> feed_;
    trace::EventBus &bus_;
    QTimer timer_;
    EventLogModel *eventLog_;
    EventFilterProxyModel *eventFilter_;
    LocalStorageModel *localStorage_;
    ContextStackModel *contextStacks_;
    RequestStore *requests_;
    RequestListModel *requestList_;
    quint64 eventsSeen_ = 0;
    quint64 batches_ = 0;
};

} // namespace rs::ui
