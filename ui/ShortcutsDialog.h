#pragma once

#include <QDialog>
#include <QList>

class QAction;

namespace rs::ui {

// Help → Shortcuts: every action that has a keyboard shortcut, with what it does.
// GUI thread.
class ShortcutsDialog : public QDialog {
    Q_OBJECT
public:
    ShortcutsDialog(const QList<QAction *> &actions, QWidget *parent = nullptr);

    // The rows shown: "Ctrl+Return\tSend", sorted by action text (for tests).
    QStringList rows() const { return rows_; }

private:
    QStringList rows_;
};

} // namespace rs::ui
