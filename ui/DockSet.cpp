#include "ui/DockSet.h"

#include <QDockWidget>
#include <QMainWindow>

namespace rs::ui {

QDockWidget *DockSet::add(QWidget *widget, const QString &title, const QString &objectName,
                          Qt::DockWidgetArea area)
{
    auto *dock = new QDockWidget(title, &window_);
    dock->setObjectName(objectName);
    dock->setWidget(widget);
    dock->setFeatures(QDockWidget::DockWidgetClosable | QDockWidget::DockWidgetMovable |
                      QDockWidget::DockWidgetFloatable);
    window_.addDockWidget(area, dock);
    docks_.append(dock);
    return dock;
}

QDockWidget *DockSet::find(const QString &objectName) const
{
    for (QDockWidget *d : docks_)
        if (d->objectName() == objectName)
            return d;
    return nullptr;
}

void DockSet::deleteAll()
{
    qDeleteAll(docks_);
    docks_.clear();
}

} // namespace rs::ui
