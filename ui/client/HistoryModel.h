#pragma once

#include "ui/client/HistoryEntry.h"

#include <QAbstractTableModel>

#include <deque>

namespace rs::ui {

// Every request the client sent, oldest first: when, method, URL, status, time, size and the
// engine's request id. Bounded: beyond `capacity` rows the oldest is dropped and counted.
// Every function: GUI thread.
class HistoryModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        SentColumn,
        MethodColumn,
        UrlColumn,
        StatusColumn,
        TimeColumn,
        SizeColumn,
        RequestIdColumn,
        ColumnCount
    };
    enum Role {
        RequestIdRole = Qt::UserRole + 1, // quint64, 0 when the response had no X-Request-Id
        StatusRole,                       // int, 0 when no response
    };

    static constexpr int kDefaultCapacity = 500;

    explicit HistoryModel(int capacity = kDefaultCapacity, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Appends and returns the new row (after any eviction).
    int append(HistoryEntry entry);
    const HistoryEntry &entry(int row) const { return entries_.at(std::size_t(row)); }
    void clear();

    int capacity() const { return capacity_; }
    // Rows dropped because the history was full, since construction (clear() does not reset it).
    quint64 evicted() const { return evicted_; }

signals:
    void evictedChanged(quint64 evicted);

private:
    int capacity_;
    quint64 evicted_ = 0;
    std::deque<HistoryEntry> entries_;
};

} // namespace rs::ui
