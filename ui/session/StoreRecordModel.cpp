#include "ui/session/StoreRecordModel.h"

#include "core/value/PyJson.h"
#include "core/value/TaggedJson.h"
#include "ui/models/RequestStore.h"
#include "ui/session/DurationText.h"

#include <QDateTime>
#include <QHash>
#include <QSet>

#include <algorithm>

namespace rs::ui {

namespace {
QString elided(const QString &text, int max)
{
    return text.size() <= max ? text : text.left(max - 1) + QChar(0x2026);
}
} // namespace

StoreRecordModel::Row StoreRecordModel::makeRow(const SessionStore::ListedRecord &record,
                                                const QByteArray &prefix)
{
    Row row;
    row.key = record.key;
    row.sid = QString::fromUtf8(record.key.startsWith(prefix) ? record.key.mid(prefix.size()) : record.key);
    row.value = record.value;
    row.ttlSeconds = record.ttlSeconds;
    QString error;
    const Value session = TaggedJson::loads(record.value, &error);
    if (error.isEmpty()) {
        row.decoded = true;
        row.repr = session.repr();
        PyJson::Options o;
        o.indent = 2;
        o.ensureAscii = false;
        row.pretty = QString::fromUtf8(PyJson::dumps(PyJson::loads(record.value), o));
    } else {
        row.repr = QStringLiteral("(not tagged JSON: %1)").arg(error);
        row.pretty = QString::fromUtf8(record.value);
    }
    return row;
}

StoreRecordModel::StoreRecordModel(RequestStore *requests, QObject *parent)
    : QAbstractTableModel(parent), requests_(requests),
      nowMs_([] { return QDateTime::currentMSecsSinceEpoch(); })
{
}

int StoreRecordModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(rows_.size());
}

int StoreRecordModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

qint64 StoreRecordModel::ttlLeft(int r) const
{
    const Row &row = rows_[std::size_t(r)];
    if (row.ttlSeconds < 0)
        return -1;
    const qint64 elapsedMs = std::max<qint64>(0, nowMs_() - listedAtMs_);
    // Whole seconds left, rounded up, as the stores report them.
    return std::max<qint64>(0, (row.ttlSeconds * 1000 - elapsedMs + 999) / 1000);
}

QString StoreRecordModel::requestsText(int r) const
{
    const QList<Touch> &touches = touches_[std::size_t(r)];
    QStringList parts;
    // The newest few; the role and the detail pane have them all.
    const qsizetype first = std::max<qsizetype>(0, touches.size() - 6);
    if (first > 0)
        parts.append(QStringLiteral("…"));
    for (qsizetype i = first; i < touches.size(); ++i)
        parts.append(QStringLiteral("#%1 %2").arg(touches[i].id).arg(touches[i].verb));
    return parts.join(QStringLiteral(", "));
}

QVariant StoreRecordModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const int r = index.row();
    const Row &row = rows_[std::size_t(r)];
    switch (role) {
    case KeyRole: return row.key;
    case TtlLeftRole: return ttlLeft(r);
    case RawValueRole: return row.value;
    case PrettyValueRole: return row.pretty;
    case RequestIdsRole: {
        QVariantList ids;
        for (const Touch &t : touches_[std::size_t(r)])
            ids.append(QVariant::fromValue(t.id));
        return ids;
    }
    case Qt::DisplayRole:
        switch (index.column()) {
        case KeyColumn: return QString::fromUtf8(row.key);
        case SidColumn: return row.sid;
        case SizeColumn: return QStringLiteral("%1 B").arg(row.value.size());
        case TtlColumn: {
            const qint64 left = ttlLeft(r);
            if (left < 0)
                return QStringLiteral("no expiry");
            return left == 0 ? QStringLiteral("expired") : DurationText::countdown(left);
        }
        case ValueColumn: return elided(row.repr, 200);
        case RequestsColumn: return requestsText(r);
        }
        break;
    case Qt::ToolTipRole:
        switch (index.column()) {
        case TtlColumn: return QStringLiteral("%1 s left").arg(ttlLeft(r));
        case ValueColumn: return row.pretty;
        case RequestsColumn: return requestsText(r);
        default: return QString::fromUtf8(row.key);
        }
    case Qt::TextAlignmentRole:
        if (index.column() == SizeColumn || index.column() == TtlColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        break;
    }
    return {};
}

QVariant StoreRecordModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case KeyColumn: return tr("Key");
    case SidColumn: return tr("Sid");
    case SizeColumn: return tr("Size");
    case TtlColumn: return tr("TTL");
    case ValueColumn: return tr("Value");
    case RequestsColumn: return tr("Requests");
    }
    return {};
}

int StoreRecordModel::rowOfKey(const QByteArray &key) const
{
    const auto it = std::lower_bound(rows_.begin(), rows_.end(), key,
                                     [](const Row &row, const QByteArray &k) { return row.key < k; });
    return it != rows_.end() && it->key == key ? int(it - rows_.begin()) : -1;
}

void StoreRecordModel::setRows(std::vector<Row> rows, qint64 listedAtMs)
{
    std::sort(rows.begin(), rows.end(), [](const Row &a, const Row &b) { return a.key < b.key; });
    rows.erase(
        std::unique(rows.begin(), rows.end(), [](const Row &a, const Row &b) { return a.key == b.key; }),
        rows.end());
    listedAtMs_ = listedAtMs;

    // Rows that are gone, in contiguous blocks from the end.
    QSet<QByteArray> keys;
    for (const Row &row : rows)
        keys.insert(row.key);
    for (int last = int(rows_.size()) - 1; last >= 0;) {
        if (keys.contains(rows_[std::size_t(last)].key)) {
            --last;
            continue;
        }
        int first = last;
        while (first > 0 && !keys.contains(rows_[std::size_t(first - 1)].key))
            --first;
        beginRemoveRows({}, first, last);
        rows_.erase(rows_.begin() + first, rows_.begin() + last + 1);
        touches_.erase(touches_.begin() + first, touches_.begin() + last + 1);
        endRemoveRows();
        last = first - 1;
    }
    // What is left is a sorted subset of `rows`: update in place, insert the new ones.
    for (std::size_t n = 0; n < rows.size(); ++n) {
        const int at = int(n);
        if (n < rows_.size() && rows_[n].key == rows[n].key) {
            rows_[n] = std::move(rows[n]);
            emit dataChanged(index(at, 0), index(at, ColumnCount - 1));
            continue;
        }
        beginInsertRows({}, at, at);
        rows_.insert(rows_.begin() + at, std::move(rows[n]));
        touches_.insert(touches_.begin() + at, QList<Touch>{});
        endInsertRows();
    }
    refreshRequests();
}

void StoreRecordModel::clear()
{
    if (rows_.empty())
        return;
    beginResetModel();
    rows_.clear();
    touches_.clear();
    endResetModel();
}

void StoreRecordModel::tick()
{
    if (!rows_.empty())
        emit dataChanged(index(0, TtlColumn), index(int(rows_.size()) - 1, TtlColumn),
                         {Qt::DisplayRole, Qt::ToolTipRole, TtlLeftRole});
}

void StoreRecordModel::refreshRequests()
{
    if (rows_.empty())
        return;
    // key → the requests that touched it, oldest first.
    QHash<QByteArray, QList<Touch>> byKey;
    if (requests_) {
        for (int i = 0; i < requests_->count(); ++i) {
            const RequestRecord &r = requests_->at(i);
            QSet<QByteArray> seen;
            for (const RequestRecord::StoreOp &op : r.storeOps) {
                const QByteArray key = op.key.toUtf8();
                QString verb;
                if (op.op == QLatin1String("get"))
                    verb = QStringLiteral("read");
                else if (op.op == QLatin1String("set"))
                    verb = QStringLiteral("wrote");
                else if (op.op == QLatin1String("delete"))
                    verb = QStringLiteral("deleted");
                else
                    continue;
                if (!op.ok)
                    verb += QStringLiteral(" (failed)");
                seen.insert(key);
                QList<Touch> &list = byKey[key];
                // One entry per request: "read, wrote" reads better as the last thing it did.
                if (!list.isEmpty() && list.last().id == r.id)
                    list.last().verb += QStringLiteral("+") + verb;
                else
                    list.append({r.id, verb});
            }
            // A request that opened the session without a store operation of its own.
            if (!r.sessionSid.isEmpty()) {
                const QByteArray key = prefix_ + r.sessionSid.toUtf8();
                if (!seen.contains(key) && r.sessionOutcome == QLatin1String("loaded"))
                    byKey[key].append({r.id, QStringLiteral("opened")});
            }
        }
    }
    for (std::size_t i = 0; i < rows_.size(); ++i) {
        QList<Touch> next = byKey.value(rows_[i].key);
        const bool same =
            next.size() == touches_[i].size() &&
            std::equal(next.begin(), next.end(), touches_[i].begin(),
                       [](const Touch &a, const Touch &b) { return a.id == b.id && a.verb == b.verb; });
        if (same)
            continue;
        touches_[i] = std::move(next);
        const int at = int(i);
        emit dataChanged(index(at, RequestsColumn), index(at, RequestsColumn));
    }
}

} // namespace rs::ui
