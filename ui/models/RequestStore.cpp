#include "ui/models/RequestStore.h"

#include "ui/models/EventFormat.h"

#include "core/fiber/IdentMode.h"

#include <algorithm>

namespace rs::ui {

using trace::EventKind;

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
        apply(records_[static_cast<std::size_t>(row)], e);
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

void RequestStore::apply(RequestRecord &r, const trace::Event &e)
{
    if (r.thread.isEmpty()) {
        r.thread = EventFormat::thread(e);
        r.ident = e.ident;
        r.startUs = e.tUs;
    } else if (e.ident != r.ident && fiber::isCoroutineIdent(e.ident) && !fiber::isCoroutineIdent(r.ident)) {
        // request.begin comes from the worker's event loop; the rest from the request's coroutine.
        r.ident = e.ident;
    }
    switch (e.kind) {
    case EventKind::RequestBegin:
        r.method = EventFormat::text(e, "method");
        r.path = EventFormat::text(e, "path");
        r.query = EventFormat::text(e, "query");
        r.requestHeaders = EventFormat::text(e, "headers");
        r.startUs = e.tUs;
        break;
    case EventKind::RequestEnd:
        r.status = static_cast<int>(EventFormat::integer(e, "status"));
        r.bytes = EventFormat::integer(e, "bytes");
        r.durUs = EventFormat::integer(e, "dur_us");
        r.endUs = e.tUs;
        r.responseHeaders = EventFormat::text(e, "headers");
        r.finished = true;
        break;
    case EventKind::PhaseBegin: {
        RequestRecord::Phase p;
        p.phase = EventFormat::text(e, "phase");
        p.name = EventFormat::text(e, "name");
        p.beginUs = e.tUs;
        p.nesting = static_cast<int>(r.openPhases.size());
        r.openPhases.push_back(static_cast<int>(r.phases.size()));
        r.phases.push_back(std::move(p));
        break;
    }
    case EventKind::PhaseEnd: {
        const QString phase = EventFormat::text(e, "phase");
        const QString name = EventFormat::text(e, "name");
        // The innermost open phase of that name; those opened inside it and never ended close too.
        for (auto it = r.openPhases.rbegin(); it != r.openPhases.rend(); ++it) {
            RequestRecord::Phase &p = r.phases[static_cast<std::size_t>(*it)];
            if (p.phase == phase && p.name == name) {
                p.endUs = e.tUs;
                p.durUs = EventFormat::integer(e, "dur_us");
                r.openPhases.erase(std::next(it).base(), r.openPhases.end());
                break;
            }
        }
        break;
    }
    case EventKind::SessionOpen:
        r.sessionOpened = true;
        r.sessionInterface = EventFormat::text(e, "interface");
        r.sessionOutcome = EventFormat::text(e, "outcome");
        r.sessionSid = EventFormat::text(e, "sid");
        r.sessionDataAtOpen = EventFormat::text(e, "data");
        break;
    case EventKind::SessionRead:
    case EventKind::SessionWrite:
    case EventKind::SessionDelete: {
        RequestRecord::SessionEvent s;
        s.kind = e.kind == EventKind::SessionRead    ? QStringLiteral("read")
                 : e.kind == EventKind::SessionWrite ? QStringLiteral("write")
                                                     : QStringLiteral("delete");
        s.key = EventFormat::text(e, "key");
        s.value = EventFormat::text(e, "value");
        s.modified = EventFormat::flag(e, "modified");
        s.accessed = EventFormat::flag(e, "accessed");
        s.permanent = EventFormat::flag(e, "permanent");
        s.tUs = e.tUs;
        for (auto it = r.session.rbegin(); it != r.session.rend(); ++it) {
            if (it->key == s.key) {
                s.before = it->kind == QLatin1String("delete") ? QString() : it->value;
                break;
            }
        }
        r.session.push_back(std::move(s));
        break;
    }
    case EventKind::SessionSave:
        r.sessionSaved = true;
        r.saveDecision = EventFormat::text(e, "decision");
        r.saveReason = EventFormat::text(e, "reason");
        r.saveBytes = EventFormat::integer(e, "bytes");
        r.sessionDataAtSave = EventFormat::text(e, "data");
        break;
    case EventKind::StoreOp:
        r.storeOps.push_back({EventFormat::text(e, "backend"), EventFormat::text(e, "op"),
                              EventFormat::text(e, "key"), EventFormat::flag(e, "ok"),
                              EventFormat::integer(e, "ttl"), EventFormat::integer(e, "us"), e.tUs});
        break;
    case EventKind::Error:
        r.errors.push_back({EventFormat::text(e, "where"), EventFormat::text(e, "type"),
                            EventFormat::text(e, "message"), e.tUs});
        break;
    case EventKind::FlashAdd:
    case EventKind::FlashConsume:
        r.flashes.push_back(
            {e.kind == EventKind::FlashAdd ? QStringLiteral("add") : QStringLiteral("consume"),
             EventFormat::text(e, "category"), EventFormat::text(e, "message"), e.tUs});
        break;
    case EventKind::CoroutineSuspend:
        r.suspensions.push_back({EventFormat::text(e, "reason"), e.tUs, 0});
        break;
    case EventKind::CoroutineResume:
        if (!r.suspensions.empty() && r.suspensions.back().endUs == 0)
            r.suspensions.back().endUs = e.tUs;
        break;
    case EventKind::GSet:
    case EventKind::GGet:
        r.g.push_back({e.kind == EventKind::GSet ? QStringLiteral("set") : QStringLiteral("get"),
                       EventFormat::text(e, "key"), EventFormat::text(e, "value"), e.tUs});
        break;
    default: break;
    }
}

} // namespace rs::ui
