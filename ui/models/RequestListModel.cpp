#include "ui/models/RequestListModel.h"

#include "ui/models/RequestStore.h"

namespace rs::ui {

RequestListModel::RequestListModel(RequestStore *store, QObject *parent)
    : QAbstractTableModel(parent), store_(store)
{
    connect(store_, &RequestStore::aboutToAppend, this,
            [this](int first, int last) { beginInsertRows({}, first, last); });
    connect(store_, &RequestStore::appended, this, [this] { endInsertRows(); });
    connect(store_, &RequestStore::aboutToEvict, this,
            [this](int count) { beginRemoveRows({}, 0, count - 1); });
    connect(store_, &RequestStore::evictedRows, this, [this] { endRemoveRows(); });
    connect(store_, &RequestStore::changed, this,
            [this](int first, int last) { emit dataChanged(index(first, 0), index(last, ColumnCount - 1)); });
    connect(store_, &RequestStore::aboutToReset, this, [this] { beginResetModel(); });
    connect(store_, &RequestStore::reset, this, [this] { endResetModel(); });
}

int RequestListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : store_->count();
}

int RequestListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RequestListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const RequestRecord &r = store_->at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case IdColumn: return QString::number(r.id);
        case MethodColumn: return r.method;
        case PathColumn: return r.path;
        case StatusColumn: return r.status ? QString::number(r.status) : QString();
        case DurationColumn:
            return r.durUs >= 0
                       ? QStringLiteral("%1 ms").arg(static_cast<double>(r.durUs) / 1000.0, 0, 'f', 2)
                       : QString();
        case ThreadColumn: return r.thread;
        case SaveColumn: return r.saveDecision;
        default: return {};
        }
    case Qt::ToolTipRole: return index.column() == SaveColumn ? r.saveReason : QVariant();
    case RequestIdRole: return QVariant::fromValue<quint64>(r.id);
    case FinishedRole: return r.finished;
    case DurationRole: return QVariant::fromValue<qint64>(r.durUs);
    case SaveReasonRole: return r.saveReason;
    default: return {};
    }
}

QVariant RequestListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case IdColumn: return tr("id");
    case MethodColumn: return tr("method");
    case PathColumn: return tr("path");
    case StatusColumn: return tr("status");
    case DurationColumn: return tr("duration");
    case ThreadColumn: return tr("thread");
    case SaveColumn: return tr("session save");
    default: return {};
    }
}

} // namespace rs::ui
