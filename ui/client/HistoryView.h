#pragma once

#include <QWidget>

class QLabel;
class QMenu;
class QPushButton;
class QTableView;

namespace rs::ui {

class HistoryModel;

// The client's history as a table: double-click or Resend sends a row again, Compare shows the
// two selected rows side by side, Clear empties it; the context menu also copies a row as a curl
// command. A line counts the rows dropped because the history was full. Every function: GUI thread.
class HistoryView : public QWidget {
    Q_OBJECT
public:
    explicit HistoryView(HistoryModel *model, QWidget *parent = nullptr);

    QTableView *table() const { return table_; }
    QPushButton *resendButton() const { return resend_; }
    QPushButton *compareButton() const { return compare_; }
    QList<int> selectedRows() const;
    // The right-click menu for `row` (Resend, Copy as cURL, Compare when two are selected);
    // the caller owns it.
    QMenu *contextMenuFor(int row);

signals:
    void resendRequested(int row);
    void compareRequested(int firstRow, int secondRow);
    void copyCurlRequested(int row);

private:
    void updateButtons();
    void updateEvicted();

    HistoryModel *model_;
    QTableView *table_;
    QPushButton *resend_;
    QPushButton *compare_;
    QLabel *evicted_;
};

} // namespace rs::ui
