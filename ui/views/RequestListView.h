#pragma once

#include <QWidget>

class QAction;
class QCheckBox;
class QLabel;
class QLineEdit;
class QTableView;

namespace rs::ui {

class RequestListModel;
class RequestStore;
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
    // The selected request as a curl command line, to the clipboard (the table's context menu and
    // Ctrl+Shift+C). False when no request is selected.
    bool copySelectedAsCurl();
    QAction *copyCurlAction() const { return copyCurlAction_; }

public slots:
    void setFollowNewest(bool on);
    // Selects the row of `id` if it is shown (no signal); used to mirror a choice made elsewhere.
    void selectRequest(quint64 id);

signals:
    void requestActivated(quint64 requestId);
    // After a copy: what it could not include ("its 12-byte body is not recorded"), or empty.
    void curlCopied(const QString &note);

private:
    void updateCount();

    RequestListModel &model_;
    RequestListViewFilter *proxy_;
    QLineEdit *filter_;
    QCheckBox *follow_;
    QLabel *count_;
    QTableView *table_;
    QAction *copyCurlAction_;
    bool selectingProgrammatically_ = false;
    bool modelChanging_ = false;
};

} // namespace rs::ui
