#include "ui/views/PhaseColors.h"

#include <QHash>

namespace rs::ui {

namespace {
struct PhaseHue {
    const char *phase;
    QRgb rgb;
};

// Mid-saturation, mid-lightness hues: text in the palette's colour stays readable next to them
// on a light or a dark base. Neighbouring phases of a request get clearly different hues.
constexpr PhaseHue kHues[] = {
    {"middleware", 0x9e9e9e},          {"wsgi_app", 0x78909c},
    {"open_session", 0x26a69a},        {"match_request", 0x7e57c2},
    {"request_started", 0x8d6e63},     {"url_value_preprocessor", 0xab47bc},
    {"before_request", 0xffa726},      {"view", 0x42a5f5},
    {"error_handler", 0xef5350},       {"after_this_request", 0xd4e157},
    {"after_request", 0x9ccc65},       {"save_session", 0x26c6da},
    {"request_finished", 0xa1887f},    {"teardown_request", 0xf06292},
    {"teardown_appcontext", 0xba68c8}, {"body", 0x5c6bc0},
};
} // namespace

QColor PhaseColors::forPhase(const QString &phase)
{
    static const QHash<QString, QRgb> hues = [] {
        QHash<QString, QRgb> h;
        for (const PhaseHue &p : kHues)
            h.insert(QString::fromLatin1(p.phase), p.rgb);
        return h;
    }();
    const auto it = hues.constFind(phase);
    if (it != hues.cend())
        return QColor::fromRgb(*it);
    return QColor::fromHsv(static_cast<int>(qHash(phase) % 360), 110, 200);
}

const QStringList &PhaseColors::knownPhases()
{
    static const QStringList phases = [] {
        QStringList l;
        for (const PhaseHue &p : kHues)
            l.append(QString::fromLatin1(p.phase));
        return l;
    }();
    return phases;
}

QColor PhaseColors::blend(const QColor &base, const QColor &color, double amount)
{
    const double keep = 1.0 - amount;
    return QColor::fromRgbF(static_cast<float>(base.redF() * keep + color.redF() * amount),
                            static_cast<float>(base.greenF() * keep + color.greenF() * amount),
                            static_cast<float>(base.blueF() * keep + color.blueF() * amount));
}

} // namespace rs::ui
