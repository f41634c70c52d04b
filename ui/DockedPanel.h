#pragma once

#include <QString>
#include <Qt>

class QDockWidget;
class QMainWindow;
class QWidget;

namespace rs::ui {

// How the main window and the replay window make a panel a dock: closable, movable and
// floatable, named for the saved layout. GUI thread.
class DockedPanel {
public:
    // Wraps `widget` in a dock of `window` at `area` and returns the dock.
    static QDockWidget *add(QMainWindow &window, QWidget *widget, const QString &title,
                            const QString &objectName, Qt::DockWidgetArea area);
};

} // namespace rs::ui
