#pragma once

#include "core/trace/Event.h"

#include <QAbstractTableModel>
#include <QString>

#include <deque>
#include <vector>

namespace rs::ui {

// Every event, as a table: the last `capacity` events are kept, older ones are evicted (and
// counted). Events arrive in batches: one beginInsertRows per batch, one beginRemoveRows for the
// eviction it causes. Every function: GUI thread.
class EventLogModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        SeqColumn,
        TimeColumn,
        ThreadColumn,
        IdentColumn,
        RequestColumn,
        KindColumn,
        DetailsColumn,
        ColumnCount
    };
    enum Role {
        SeqRole = Qt::UserRole + 1,
        TimeRole,    // t_us (qint64)
        ThreadRole,  // QString
        IdentRole,   // quint64
        RequestRole, // quint64, 0 when none
        KindRole,    // int (trace::EventKind)
        KindNameRole,
        DetailsRole
    };

    explicit EventLogModel(QObject *parent = nullptr, std::size_t capacity = 100'000);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void appendEvents(const std::vector<trace::Event> &events);
    // Shrinking evicts at once (counted).
    void setCapacity(std::size_t capacity);
    std::size_t capacity() const { return capacity_; }
    // Events evicted because of the bound since construction (or the last clear()).
    quint64 evicted() const { return evicted_; }
    // Events ever appended (kept or evicted).
    quint64 appended() const { return appended_; }
    void clear();

    // While paused the table does not move: new events wait (within the same bound) and are
    // appended as one batch on resume, so the user can read a frozen log without losing the tail.
    void setPaused(bool paused);
    bool isPaused() const { return paused_; }
    std::size_t pendingCount() const { return pending_.size(); }

private:
    // Only what the table shows: a fraction of an Event's size.
    struct Row {
        quint64 seq;
        qint64 tUs;
        quint64 ident;
        quint64 req;
        const char *thread;
        trace::EventKind kind;
        QString details;
    };

    void evictFront(std::size_t count);
    void appendRows(std::deque<Row> &incoming);
    static Row rowOf(const trace::Event &e);

    std::deque<Row> rows_;
    std::deque<Row> pending_; // while paused
    bool paused_ = false;
    std::size_t capacity_;
    quint64 evicted_ = 0;
    quint64 appended_ = 0;
};

} // namespace rs::ui
