#include "ui/DockedPanel.h"

#include <QDockWidget>
#include <QMainWindow>

namespace rs::ui {

QDockWidget *DockedPanel::add(QMainWindow &window, QWidget *widget, const QString &title,
                              const QString &objectName, Qt::DockWidgetArea area)
{
    auto *dock = new QDockWidget(title, &window);
    dock->setObjectName(objectName);
    dock->setWidget(widget);
    dock->setFeatures(QDockWidget::DockWidgetClosable | QDockWidget::DockWidgetMovable |
                      QDockWidget::DockWidgetFloatable);
    window.addDockWidget(area, dock);
    return dock;
}

} // namespace rs::ui
