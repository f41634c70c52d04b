#pragma once

#include <QWidget>

class QAction;
class QLabel;
class QMenu;
class QPushButton;
class QTableView;
class QToolButton;

namespace rs::ui {

class HistoryModel;

// The client's history as a table: double-click or Resend sends a row again, Compare shows the
// two selected rows side by side, Clear empties it; the context menu also copies a row as a curl
// command; Export/Import HAR when the panel gives the actions. A line counts the rows dropped because the
// history was full. Every function: GUI thread.
class HistoryView : public QWidget {
    Q_OBJECT
public:
    explicit HistoryView(HistoryModel *model, QWidget *parent = nullptr);

    QTableView *table() const { return table_; }
    QPushButton *resendButton() const { return resend_; }
    QPushButton *compareButton() const { return compare_; }
    QList<int> selectedRows() const;
    // The right-click menu for `row` (Resend, Copy as cURL, Compare when two are selected);
    // the caller owns it. With row -1 (no row under the mouse) only the HAR actions.
    QMenu *contextMenuFor(int row);
    // Export/Import HAR (ClientPanel owns them): a "HAR" button with both, and the context menu.
    void setHarActions(QAction *exportHar, QAction *importHar);
    QToolButton *harButton() const { return har_; }
    // A line under the table for what an export or import did (problems in a warning colour).
    void showNotice(const QString &text, bool problem);
    QLabel *noticeLabel() const { return notice_; }

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
    QLabel *notice_;
    QToolButton *har_;
    QAction *exportHar_ = nullptr;
    QAction *importHar_ = nullptr;
};

} // namespace rs::ui
