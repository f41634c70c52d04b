#pragma once

#include <QSortFilterProxyModel>
#include <QStringList>

namespace rs::ui {

// The rows of a RequestListModel that match a filter text: every word must match the method
// (exactly, any case), the status (a prefix: "5" is any 5xx) or the path (a substring). Also
// colours the status (5xx red, 4xx orange) and shows running requests in italics. GUI thread.
class RequestListViewFilter : public QSortFilterProxyModel {
    Q_OBJECT
public:
    explicit RequestListViewFilter(QObject *parent = nullptr);

    void setFilterText(const QString &text);
    QString filterText() const { return terms_.join(QLatin1Char(' ')); }

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QStringList terms_;
};

} // namespace rs::ui
