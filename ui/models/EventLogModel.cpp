#include "ui/models/EventLogModel.h"

#include "ui/models/EventFormat.h"

#include "core/fiber/IdentMode.h"

#include <algorithm>

namespace rs::ui {

EventLogModel::EventLogModel(QObject *parent, std::size_t capacity)
    : QAbstractTableModel(parent), capacity_(std::max<std::size_t>(capacity, 1))
{
}

int EventLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

int EventLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant EventLogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &r = rows_[static_cast<std::size_t>(index.row())];
    switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
        if (index.column() == IdentColumn) {
            // A coroutine reads better by its number; the tooltip says what the ident stands for.
            if (role == Qt::ToolTipRole)
                return EventFormat::ident(r.ident, QString::fromUtf8(r.thread));
            return fiber::isCoroutineIdent(r.ident)
                       ? QStringLiteral("coroutine #%1").arg(r.ident - fiber::kCoroutineIdentBase)
                   : r.ident == fiber::kSharedIdent ? QStringLiteral("shared dict")
                                                    : QString::number(r.ident);
        }
        switch (index.column()) {
        case SeqColumn: return QString::number(r.seq);
        case TimeColumn: return QString::number(r.tUs);
        case ThreadColumn: return QString::fromUtf8(r.thread);
        case IdentColumn: return QString::number(r.ident);
        case RequestColumn: return r.req ? QString::number(r.req) : QString();
        case KindColumn: return EventFormat::kind(r.kind);
        case DetailsColumn: return r.details;
        default: return {};
        }
    case SeqRole: return QVariant::fromValue<quint64>(r.seq);
    case TimeRole: return QVariant::fromValue<qint64>(r.tUs);
    case ThreadRole: return QString::fromUtf8(r.thread);
    case IdentRole: return QVariant::fromValue<quint64>(r.ident);
    case RequestRole: return QVariant::fromValue<quint64>(r.req);
    case KindRole: return static_cast<int>(r.kind);
    case KindNameRole: return EventFormat::kind(r.kind);
    case DetailsRole: return r.details;
    default: return {};
    }
}

QVariant EventLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case SeqColumn: return tr("seq");
    case TimeColumn: return tr("t_us");
    case ThreadColumn: return tr("thread");
    case IdentColumn: return tr("ident");
    case RequestColumn: return tr("req");
    case KindColumn: return tr("kind");
    case DetailsColumn: return tr("details");
    default: return {};
    }
}

EventLogModel::Row EventLogModel::rowOf(const trace::Event &e)
{
    return Row{e.seq, e.tUs, e.ident, e.req, e.thread, e.kind, EventFormat::details(e)};
}

void EventLogModel::appendEvents(const std::vector<trace::Event> &events)
{
    if (events.empty())
        return;
    appended_ += events.size();
    // Of a batch larger than the bound only its tail can survive: skip the rest outright.
    const std::size_t skip = events.size() > capacity_ ? events.size() - capacity_ : 0;
    evicted_ += skip;
    std::deque<Row> incoming;
    for (std::size_t i = skip; i < events.size(); ++i)
        incoming.push_back(rowOf(events[i]));
    if (paused_) {
        for (Row &r : incoming)
            pending_.push_back(std::move(r));
        if (pending_.size() > capacity_) {
            const std::size_t over = pending_.size() - capacity_;
            pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(over));
            evicted_ += over;
        }
        return;
    }
    appendRows(incoming);
}

void EventLogModel::appendRows(std::deque<Row> &incoming)
{
    if (incoming.empty())
        return;
    if (rows_.size() + incoming.size() > capacity_)
        evictFront(rows_.size() + incoming.size() - capacity_);
    const int first = static_cast<int>(rows_.size());
    beginInsertRows({}, first, first + static_cast<int>(incoming.size()) - 1);
    for (Row &r : incoming)
        rows_.push_back(std::move(r));
    endInsertRows();
    incoming.clear();
}

void EventLogModel::setPaused(bool paused)
{
    if (paused == paused_)
        return;
    paused_ = paused;
    if (!paused_)
        appendRows(pending_);
}

void EventLogModel::setCapacity(std::size_t capacity)
{
    capacity_ = std::max<std::size_t>(capacity, 1);
    if (pending_.size() > capacity_) {
        const std::size_t over = pending_.size() - capacity_;
        pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(over));
        evicted_ += over;
    }
    if (rows_.size() > capacity_)
        evictFront(rows_.size() - capacity_);
}

void EventLogModel::clear()
{
    beginResetModel();
    rows_.clear();
    pending_.clear();
    evicted_ = 0;
    appended_ = 0;
    endResetModel();
}

void EventLogModel::evictFront(std::size_t count)
{
    count = std::min(count, rows_.size());
    if (count == 0)
        return;
    beginRemoveRows({}, 0, static_cast<int>(count) - 1);
    rows_.erase(rows_.begin(), rows_.begin() + static_cast<std::ptrdiff_t>(count));
    evicted_ += count;
    endRemoveRows();
}

} // namespace rs::ui
