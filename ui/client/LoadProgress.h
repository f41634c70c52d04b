#pragma once

#include <QMetaType>

namespace rs::ui {

// A LoadRunner's counters while it runs (sent at most every ~50 ms).
struct LoadProgress {
    int total = 0;
    int done = 0;   // answered or failed
    int errors = 0; // failed, and answers with status >= 500
    qint64 elapsedMs = 0;
};

} // namespace rs::ui

Q_DECLARE_METATYPE(rs::ui::LoadProgress)
