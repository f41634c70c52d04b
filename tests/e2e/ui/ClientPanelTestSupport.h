#pragma once

#include "ui/client/ClientPanel.h"
#include "ui/client/CookieJarModel.h"
#include "ui/client/CookiePersistence.h"
#include "ui/client/HistoryModel.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QSignalSpy>

#include <memory>

namespace rs::test {

// A ClientPanel aimed at `base` whose saved cookie jar has been read (so a late load cannot change
// what the test sees), its history and cookie models under QAbstractItemModelTester. With
// `freshJar` the saved jar is removed first.
inline std::unique_ptr<ui::ClientPanel> makeTestedPanel(const QString &base, bool freshJar = true)
{
    if (freshJar)
        QFile::remove(ui::CookieJarModel::defaultFilePath());
    auto panel = std::make_unique<ui::ClientPanel>(base);
    new QAbstractItemModelTester(panel->history(), QAbstractItemModelTester::FailureReportingMode::Fatal,
                                 panel.get());
    new QAbstractItemModelTester(panel->cookies(), QAbstractItemModelTester::FailureReportingMode::Fatal,
                                 panel.get());
    QSignalSpy loaded(panel->cookiePersistence(), &ui::CookiePersistence::loaded);
    if (!loaded.wait(5000))
        qWarning("the cookie jar did not load");
    panel->resize(1000, 720);
    return panel;
}

} // namespace rs::test
