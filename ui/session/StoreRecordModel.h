#pragma once

#include "core/session/store/SessionStore.h"

#include <QAbstractTableModel>
#include <QByteArray>
#include <QList>
#include <QString>

#include <functional>
#include <vector>

namespace rs::ui {

class RequestStore;

// The records of a server-side session store as the store browser last listed them, sorted by
// key: key, sid, size, the TTL counting down from the listing, the decoded value, and the requests
// (from a RequestStore) that read or wrote each session. A new listing is merged row by row, so
// a selection survives a refresh. Every function: GUI thread, except makeRow (any thread).
class StoreRecordModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { KeyColumn, SidColumn, SizeColumn, TtlColumn, ValueColumn, RequestsColumn, ColumnCount };
    enum Role {
        KeyRole = Qt::UserRole + 1, // QByteArray: the store key
        TtlLeftRole,                // qint64: seconds left now; -1 when it never expires
        RawValueRole,               // QByteArray: the value as stored
        PrettyValueRole,            // QString: the decoded value, pretty (tagged JSON read as Python would)
        RequestIdsRole,             // QVariantList of quint64, oldest first
    };

    // One listed record, decoded: made off the GUI thread by the browser's worker.
    struct Row {
        QByteArray key;
        QString sid;      // the key without the prefix
        QByteArray value; // as stored
        QString repr;     // Python's repr of the session, or why the value is not tagged JSON
        QString pretty;   // indented JSON, or the raw text
        bool decoded = false;
        qint64 ttlSeconds = -1; // at listing time
    };
    // Any thread: decodes the value (Flask's tagged JSON).
    static Row makeRow(const SessionStore::ListedRecord &record, const QByteArray &prefix);

    // `requests` may be null (then the Requests column stays empty); it must outlive the model.
    explicit StoreRecordModel(RequestStore *requests, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // A new listing, made at listedAtMs (the clock's milliseconds), sorted by key.
    void setRows(std::vector<Row> rows, qint64 listedAtMs);
    void clear();
    // Once a second: the TTL column counts down.
    void tick();
    // Re-reads the RequestStore (when it changed) for the Requests column.
    void refreshRequests();
    // SESSION_KEY_PREFIX: how a request's sid becomes a key.
    void setPrefix(const QByteArray &prefix) { prefix_ = prefix; }
    // Milliseconds since the epoch; tests pass their own clock.
    void setClock(std::function<qint64()> nowMs) { nowMs_ = std::move(nowMs); }

    const Row &row(int r) const { return rows_[std::size_t(r)]; }
    int rowOfKey(const QByteArray &key) const;
    qint64 ttlLeft(int r) const;

    // A request that touched a row's session.
    struct Touch {
        quint64 id;
        QString verb; // read, wrote, read+wrote, deleted, opened; "(failed)" after a failed operation
    };
    // Oldest first.
    const QList<Touch> &touches(int r) const { return touches_[std::size_t(r)]; }

private:
    QString requestsText(int r) const;

    RequestStore *requests_;
    QByteArray prefix_ = "session:";
    std::vector<Row> rows_;
    std::vector<QList<Touch>> touches_; // per row
    qint64 listedAtMs_ = 0;
    std::function<qint64()> nowMs_;
};

} // namespace rs::ui
