#pragma once

#include "ui/client/HistoryEntry.h"

#include <QDialog>

class QLabel;
class QPlainTextEdit;

namespace rs::ui {

// Two responses from the history side by side (request line, status, headers, body), with the
// lines that differ marked on both sides. Every function: GUI thread.
class CompareDialog : public QDialog {
    Q_OBJECT
public:
    CompareDialog(const HistoryEntry &left, const HistoryEntry &right, QWidget *parent = nullptr);

    // The text a side shows, as lines.
    static QStringList describe(const HistoryEntry &entry);

    int differingLines() const { return differing_; }
    QString leftText() const;
    QString rightText() const;
    // Line numbers (0-based) marked as different on each side.
    QList<int> markedLeft() const { return markedLeft_; }
    QList<int> markedRight() const { return markedRight_; }

private:
    QPlainTextEdit *left_;
    QPlainTextEdit *right_;
    QLabel *summary_;
    int differing_ = 0;
    QList<int> markedLeft_;
    QList<int> markedRight_;
};

} // namespace rs::ui
