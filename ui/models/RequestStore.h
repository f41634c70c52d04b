#pragma once

#include "core/trace/Event.h"
#include "ui/models/RequestRecord.h"

#include <QHash>
#include <QObject>
#include <QSet>

#include <deque>
#include <vector>

namespace rs::ui {

// Full detail of the last `capacity` requests, by request id, in order of their first event;
// older ones are dropped and counted. Not a model: RequestListModel and the detail views read it.
// Its signals come in the order a model needs (about-to before the change). Every function and
// signal: GUI thread.
class RequestStore : public QObject {
    Q_OBJECT
public:
    explicit RequestStore(QObject *parent = nullptr, std::size_t capacity = 2000);

    // Events outside any request (req 0) are ignored.
    void applyEvents(const std::vector<trace::Event> &events);

    int count() const { return static_cast<int>(records_.size()); }
    // 0 <= row < count(); row 0 is the oldest kept.
    const RequestRecord &at(int row) const { return records_[static_cast<std::size_t>(row)]; }
    // nullptr when unknown or dropped.
    const RequestRecord *find(quint64 id) const;
    // -1 when unknown or dropped.
    int rowOf(quint64 id) const;

    // Replaces everything by `records` (oldest first, at most `capacity`): what the store would
    // hold had it seen a recording up to some moment. `seen` is how many requests had begun by
    // then; `droppedIds` are the ids of those begun before `records` (oldest first), so that a
    // late event of one of them is ignored as it would be live. One reset.
    void restore(std::vector<RequestRecord> records, quint64 seen, const std::vector<quint64> &droppedIds);

    // Shrinking drops at once (counted).
    void setCapacity(std::size_t capacity);
    std::size_t capacity() const { return capacity_; }
    quint64 seen() const { return seen_; }
    quint64 evicted() const { return evicted_; }
    // Events that arrived for a request already dropped (a long stream outliving the bound): ignored,
    // so that it does not come back as a record without its beginning.
    quint64 lateEvents() const { return lateEvents_; }
    void clear();

signals:
    void aboutToAppend(int first, int last);
    void appended();
    void aboutToEvict(int count); // rows 0..count-1
    void evictedRows();
    void changed(int firstRow, int lastRow);
    void aboutToReset();
    void reset();

private:
    RequestRecord &recordFor(const trace::Event &e);
    void evictFront(std::size_t count);

    std::deque<RequestRecord> records_;
    QHash<quint64, quint64> ordinals_; // id → ordinal; row = ordinal - firstOrdinal_
    quint64 firstOrdinal_ = 0;
    std::size_t capacity_;
    quint64 seen_ = 0;
    quint64 evicted_ = 0;
    quint64 lateEvents_ = 0;
    // The ids dropped last (as many as `capacity`), to recognise their late events.
    std::deque<quint64> droppedIds_;
    QSet<quint64> droppedSet_;
};

} // namespace rs::ui
