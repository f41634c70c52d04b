#include "ui/models/EventFilterProxyModel.h"

#include "ui/models/EventLogModel.h"

namespace rs::ui {

EventFilterProxyModel::EventFilterProxyModel(QObject *parent) : QSortFilterProxyModel(parent) {}

void EventFilterProxyModel::setKinds(const QSet<trace::EventKind> &kinds)
{
    kinds_ = kinds;
    invalidateFilter();
}

void EventFilterProxyModel::setRequest(std::optional<quint64> req)
{
    req_ = req;
    invalidateFilter();
}

void EventFilterProxyModel::setThread(const QString &thread)
{
    thread_ = thread;
    invalidateFilter();
}

void EventFilterProxyModel::setText(const QString &text)
{
    text_ = text;
    invalidateFilter();
}

bool EventFilterProxyModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QAbstractItemModel *src = sourceModel();
    if (!src)
        return false;
    const QModelIndex idx = src->index(sourceRow, 0, sourceParent);
    // Cheapest criteria first: the log may hold 100k rows.
    if (!kinds_.isEmpty() &&
        !kinds_.contains(static_cast<trace::EventKind>(idx.data(EventLogModel::KindRole).toInt())))
        return false;
    if (req_ && idx.data(EventLogModel::RequestRole).toULongLong() != *req_)
        return false;
    if (!thread_.isEmpty() && idx.data(EventLogModel::ThreadRole).toString() != thread_)
        return false;
    if (!text_.isEmpty()) {
        const bool hit =
            idx.data(EventLogModel::DetailsRole).toString().contains(text_, Qt::CaseInsensitive) ||
            idx.data(EventLogModel::KindNameRole).toString().contains(text_, Qt::CaseInsensitive);
        if (!hit)
            return false;
    }
    return true;
}

} // namespace rs::ui
