#include "ui/client/HistoryModel.h"

#include <QLocale>

namespace rs::ui {

namespace {
QString sizeText(qint64 bytes)
{
    return QLocale::system().formattedDataSize(bytes, 1, QLocale::DataSizeTraditionalFormat);
}
} // namespace

HistoryModel::HistoryModel(int capacity, QObject *parent)
    : QAbstractTableModel(parent), capacity_(std::max(1, capacity))
{
}

int HistoryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(entries_.size());
}

int HistoryModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant HistoryModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const HistoryEntry &e = entries_.at(std::size_t(index.row()));
    switch (role) {
    case RequestIdRole: return QVariant::fromValue(e.requestId);
    case StatusRole: return e.status;
    case Qt::ToolTipRole: return e.hasResponse() ? e.statusLine() : e.error;
    case Qt::TextAlignmentRole:
        if (index.column() == TimeColumn || index.column() == SizeColumn || index.column() == RequestIdColumn)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::DisplayRole:
        switch (index.column()) {
        case SentColumn: return e.sentAt.toLocalTime().toString(QStringLiteral("HH:mm:ss.zzz"));
        case MethodColumn: return e.method;
        case UrlColumn: return e.url.toString();
        case StatusColumn: return e.hasResponse() ? QString::number(e.status) : QStringLiteral("error");
        case TimeColumn: return QStringLiteral("%1 ms").arg(e.elapsedMs, 0, 'f', 1);
        case SizeColumn: return e.hasResponse() ? sizeText(e.bodyBytes) : QString();
        case RequestIdColumn: return e.requestId ? QString::number(e.requestId) : QString();
        default: return {};
        }
    default: return {};
    }
}

QVariant HistoryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case SentColumn: return QStringLiteral("Sent");
    case MethodColumn: return QStringLiteral("Method");
    case UrlColumn: return QStringLiteral("URL");
    case StatusColumn: return QStringLiteral("Status");
    case TimeColumn: return QStringLiteral("Time");
    case SizeColumn: return QStringLiteral("Size");
    case RequestIdColumn: return QStringLiteral("Request");
    default: return {};
    }
}

int HistoryModel::append(HistoryEntry entry)
{
    if (int(entries_.size()) >= capacity_) {
        beginRemoveRows({}, 0, 0);
        entries_.pop_front();
        endRemoveRows();
        ++evicted_;
        emit evictedChanged(evicted_);
    }
    const int row = int(entries_.size());
    beginInsertRows({}, row, row);
    entries_.push_back(std::move(entry));
    endInsertRows();
    return row;
}

void HistoryModel::clear()
{
    if (entries_.empty())
        return;
    beginResetModel();
    entries_.clear();
    endResetModel();
}

} // namespace rs::ui
