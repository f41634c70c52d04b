#pragma once

#include <QString>
#include <QStringList>

namespace rs::ui {

// Light and dark. "system" keeps the palette the platform gives (what follows the desktop's
// setting); "light" and "dark" set a Fusion palette. Views draw with palette roles, so they follow.
// GUI thread.
class Theme {
public:
    static QStringList names()
    {
        return {QStringLiteral("system"), QStringLiteral("light"), QStringLiteral("dark")};
    }
    // Unknown names act as "system".
    static void apply(const QString &name);
    static QString current();
};

} // namespace rs::ui
