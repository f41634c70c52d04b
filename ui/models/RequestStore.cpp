#include "ui/models/RequestStore.h"

#include <algorithm>

namespace rs::ui {

RequestStore::RequestStore(QObject *parent, std::size_t capacity)
    : QObject(parent), capacity_(std::max<std::size_t>(capacity, 1))
{
}

const RequestRecord *RequestStore::find(quint64 id) const
{
    const int row = rowOf(id);
    return row < 0 ? nullptr : &records_[static_cast<std::size_t>(row)];
}

int RequestStore::rowOf(quint64 id) const
{
    const auto it = ordinals_.constFind(id);
    return it == ordinals_.cend() ? -1 : static_cast<int>(*it - firstOrdinal_);
}

void RequestStore::applyEvents(const std::vector<trace::Event> &events)
{
    // First the new requests, so that a model inserts every new row of the batch at once.
    std::vector<quint64> fresh;
    QSet<quint64> freshSet;
    for (const trace::Event &e : events)
        if (e.req != 0 && !ordinals_.contains(e.req) && !freshSet.contains(e.req) &&
            !droppedSet_.contains(e.req)) {
            freshSet.insert(e.req);
            fresh.push_back(e.req);
        }
    if (!fresh.empty()) {
        const int first = count();
        emit aboutToAppend(first, first + static_cast<int>(fresh.size()) - 1);
        for (quint64 id : fresh) {
            ordinals_.insert(id, firstOrdinal_ + records_.size());
            records_.emplace_back().id = id;
        }
        seen_ += fresh.size();
        emit appended();
    }

    int minRow = -1;
    int maxRow = -1;
    for (const trace::Event &e : events) {
        if (e.req == 0)
            continue;
        const int row = rowOf(e.req);
        if (row < 0) {
            ++lateEvents_;
            continue;
        }
        records_[static_cast<std::size_t>(row)].apply(e);
        minRow = minRow < 0 ? row : std::min(minRow, row);
        maxRow = std::max(maxRow, row);
    }
    if (minRow >= 0)
        emit changed(minRow, maxRow);

    if (records_.size() > capacity_)
        evictFront(records_.size() - capacity_);
}

void RequestStore::setCapacity(std::size_t capacity)
{
    capacity_ = std::max<std::size_t>(capacity, 1);
    if (records_.size() > capacity_)
        evictFront(records_.size() - capacity_);
}

void RequestStore::clear()
{
    emit aboutToReset();
    records_.clear();
    ordinals_.clear();
    firstOrdinal_ = 0;
    seen_ = 0;
    evicted_ = 0;
    lateEvents_ = 0;
    droppedIds_.clear();
    droppedSet_.clear();
    emit reset();
}

void RequestStore::restore(std::vector<RequestRecord> records, quint64 seen,
                           const std::vector<quint64> &droppedIds)
{
    emit aboutToReset();
    if (records.size() > capacity_)
        records.erase(records.begin(), records.end() - static_cast<std::ptrdiff_t>(capacity_));
    seen = std::max<quint64>(seen, records.size());
    records_.assign(std::make_move_iterator(records.begin()), std::make_move_iterator(records.end()));
    firstOrdinal_ = seen - records_.size();
    ordinals_.clear();
    ordinals_.reserve(static_cast<qsizetype>(records_.size()));
    for (std::size_t i = 0; i < records_.size(); ++i)
        ordinals_.insert(records_[i].id, firstOrdinal_ + i);
    seen_ = seen;
    evicted_ = firstOrdinal_;
    lateEvents_ = 0;
    droppedIds_.clear();
    droppedSet_.clear();
    const std::size_t keep = std::min(droppedIds.size(), capacity_);
    for (auto it = droppedIds.end() - static_cast<std::ptrdiff_t>(keep); it != droppedIds.end(); ++it) {
        droppedIds_.push_back(*it);
        droppedSet_.insert(*it);
    }
    emit reset();
}

void RequestStore::evictFront(std::size_t count)
{
    count = std::min(count, records_.size());
    if (count == 0)
        return;
    emit aboutToEvict(static_cast<int>(count));
    for (std::size_t i = 0; i < count; ++i) {
        const quint64 id = records_[i].id;
        ordinals_.remove(id);
        droppedIds_.push_back(id);
        droppedSet_.insert(id);
    }
    while (droppedIds_.size() > capacity_) {
        droppedSet_.remove(droppedIds_.front());
        droppedIds_.pop_front();
    }
    records_.erase(records_.begin(), records_.begin() + static_cast<std::ptrdiff_t>(count));
    firstOrdinal_ += count;
    evicted_ += count;
    emit evictedRows();
}

} // namespace rs::ui
