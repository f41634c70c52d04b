#pragma once

#include <QColor>
#include <QString>
#include <QStringList>

namespace rs::ui {

// One fixed hue per request phase (DESIGN.md's phase names), chosen to read on light and dark
// palettes alike, shared by the timeline and the request detail. Pure functions: any thread.
class PhaseColors {
public:
    // The colour of `phase`; unknown phases get a stable hue derived from the name.
    static QColor forPhase(const QString &phase);
    // Every phase the engine emits, in the order a request runs them.
    static const QStringList &knownPhases();
    // Markers drawn over a request bar.
    static QColor serverError() { return QColor(0xd3, 0x2f, 0x2f); }
    static QColor clientError() { return QColor(0xef, 0x8a, 0x00); }
    static QColor shortCircuit() { return QColor(0x8e, 0x44, 0xad); }
    // `color` blended into `base` by `amount` (0..1): tints that follow the palette.
    static QColor blend(const QColor &base, const QColor &color, double amount);
};

} // namespace rs::ui
