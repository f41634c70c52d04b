#pragma once

#include <QWidget>

class QCheckBox;
class QLabel;
class QLineEdit;
class QTableView;

namespace rs::ui {

class RequestListModel;
class RequestListViewFilter;

// The requests kept, one row each, in a table: a filter line (words matched against method,
// status prefix and path, e.g. "POST 5" or "/cart") and "Follow newest", which keeps the newest
// row in view. Selecting a row or double-clicking it emits requestActivated. GUI thread.
class RequestListView : public QWidget {
    Q_OBJECT
public:
    // The model must outlive the view.
    explicit RequestListView(RequestListModel &model, QWidget *parent = nullptr);

    QTableView *table() const { return table_; }
    QLineEdit *filterEdit() const { return filter_; }
    RequestListViewFilter *filterModel() const { return proxy_; }
    bool followNewest() const;

public slots:
    void setFollowNewest(bool on);
    // Selects the row of `id` if it is shown (no signal); used to mirror a choice made elsewhere.
    void selectRequest(quint64 id);

signals:
    void requestActivated(quint64 requestId);

private:
    void updateCount();

    RequestListModel &model_;
    RequestListViewFilter *proxy_;
    QLineEdit *filter_;
    QCheckBox *follow_;
    QLabel *count_;
    QTableView *table_;
    bool selectingProgrammatically_ = false;
    bool modelChanging_ = false;
};

} // namespace rs::ui
