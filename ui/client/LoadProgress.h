#pragma once

#include "ui/client/LoadSummary.h"

#include <QList>
#include <QMetaType>

namespace rs::ui {

// A LoadRunner's counters while it runs (sent at most every ~50 ms).
struct LoadProgress {
    int total = 0;
    int done = 0;   // answered or failed
    int errors = 0; // failed, and answers with status >= 500
    qint64 elapsedMs = 0;
    int answered = 0;
    QList<LoadSummary::Bucket> histogram; // the answers so far, in the final summary's buckets
};

} // namespace rs::ui

Q_DECLARE_METATYPE(rs::ui::LoadProgress)
