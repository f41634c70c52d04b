#pragma once

#include <QWidget>

class QLabel;
class QPushButton;
class QTableView;

namespace rs::ui {

class HistoryModel;

// The client's history as a table: double-click or Resend sends a row again, Compare shows the
// two selected rows side by side, Clear empties it; a line counts the rows dropped because the
// history was full. Every function: GUI thread.
class HistoryView : public QWidget {
    Q_OBJECT
public:
    explicit HistoryView(HistoryModel *model, QWidget *parent = nullptr);

    QTableView *table() const { return table_; }
    QPushButton *resendButton() const { return resend_; }
    QPushButton *compareButton() const { return compare_; }
    QList<int> selectedRows() const;

signals:
    void resendRequested(int row);
    void compareRequested(int firstRow, int secondRow);

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
