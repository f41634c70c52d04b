#pragma once

#include <QList>
#include <QString>
#include <Qt>

class QDockWidget;
class QMainWindow;
class QWidget;

namespace rs::ui {

// The panels of a window (the main one or a replay), each in a dock: closable, movable and
// floatable, named for the saved layout. GUI thread.
class DockSet {
public:
    explicit DockSet(QMainWindow &window) : window_(window) {}

    // Wraps `widget` in a dock of the window at `area` and returns the dock.
    QDockWidget *add(QWidget *widget, const QString &title, const QString &objectName,
                     Qt::DockWidgetArea area);
    // The dock named `objectName`, or null.
    QDockWidget *find(const QString &objectName) const;
    const QList<QDockWidget *> &all() const { return docks_; }
    // Deletes the docks with their panels. A window calls it first thing in its destructor: the
    // panels read models the window owns, and Qt would delete them as children only after those.
    void deleteAll();

private:
    QMainWindow &window_;
    QList<QDockWidget *> docks_;
};

} // namespace rs::ui
