#pragma once

#include <QString>

namespace rs::ui {

// Durations in words short enough for a table cell: "45 s", "12 min 5 s", "3 h 20 min",
// "31 d 0 h". Any thread.
class DurationText {
public:
    static QString format(qint64 seconds);
    // A countdown that visibly ticks every second: "45 s", "1:40", "23:59:58", "30 d 23:59:58".
    static QString countdown(qint64 seconds);
};

} // namespace rs::ui
