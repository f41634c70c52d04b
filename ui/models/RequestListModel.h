#pragma once

#include <QAbstractTableModel>

namespace rs::ui {

class RequestStore;

// The requests a RequestStore keeps, one row each, oldest first: id, method, path, status,
// duration, thread and the session save decision. Follows the store's signals; it holds no data
// of its own. Every function: GUI thread.
class RequestListModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        IdColumn,
        MethodColumn,
        PathColumn,
        StatusColumn,
        DurationColumn,
        ThreadColumn,
        SaveColumn,
        ColumnCount
    };
    enum Role {
        RequestIdRole = Qt::UserRole + 1, // quint64
        FinishedRole,                     // bool
        DurationRole,                     // qint64 dur_us, -1 while running
        SaveReasonRole                    // QString
    };

    // The store must outlive the model.
    explicit RequestListModel(RequestStore *store, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    RequestStore *store() const { return store_; }

private:
    RequestStore *store_;
};

} // namespace rs::ui
