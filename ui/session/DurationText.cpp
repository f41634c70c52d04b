#include "ui/session/DurationText.h"

#include <algorithm>

namespace rs::ui {

QString DurationText::format(qint64 seconds)
{
    const bool negative = seconds < 0;
    qint64 s = negative ? -seconds : seconds;
    QString text;
    if (s < 60)
        text = QStringLiteral("%1 s").arg(s);
    else if (s < 3600)
        text = QStringLiteral("%1 min %2 s").arg(s / 60).arg(s % 60);
    else if (s < 86400)
        text = QStringLiteral("%1 h %2 min").arg(s / 3600).arg((s % 3600) / 60);
    else
        text = QStringLiteral("%1 d %2 h").arg(s / 86400).arg((s % 86400) / 3600);
    return negative ? QStringLiteral("-") + text : text;
}

QString DurationText::countdown(qint64 seconds)
{
    const qint64 s = std::max<qint64>(0, seconds);
    if (s < 60)
        return QStringLiteral("%1 s").arg(s);
    const auto two = [](qint64 v) { return QStringLiteral("%1").arg(v, 2, 10, QLatin1Char('0')); };
    if (s < 3600)
        return QStringLiteral("%1:%2").arg(s / 60).arg(two(s % 60));
    const QString clock =
        QStringLiteral("%1:%2:%3").arg((s % 86400) / 3600).arg(two((s % 3600) / 60), two(s % 60));
    return s < 86400 ? clock : QStringLiteral("%1 d %2").arg(s / 86400).arg(clock);
}

} // namespace rs::ui
