#pragma once

#include <QList>
#include <QMap>
#include <QMetaType>
#include <QString>

namespace rs::ui {

// The result of a LoadRunner run. Latencies are in microseconds, over the requests that got an
// answer (whatever its status).
struct LoadSummary {
    struct Bucket {
        qint64 upperUs = 0; // this bucket counts latencies <= upperUs (the last one: everything above)
        int count = 0;
    };

    int total = 0;        // requests planned
    int done = 0;         // answered or failed
    int answered = 0;     // a complete HTTP response came back
    int serverErrors = 0; // answered with status >= 500
    int connectionRefused = 0;
    int timeouts = 0;
    QMap<QString, int> otherErrors; // reason → count (host not found, closed early, bad response…)
    QMap<int, int> statusCounts;
    QString firstError; // the first failure in words, for the summary line
    bool cancelled = false;

    qint64 elapsedMs = 0;
    double requestsPerSecond = 0;
    qint64 p50Us = 0, p90Us = 0, p99Us = 0, maxUs = 0;
    qint64 bytesReceived = 0; // response bodies
    QList<Bucket> histogram;

    int failed() const; // no answer: refused, timeouts and the others
    int errors() const { return failed() + serverErrors; }
};

} // namespace rs::ui

Q_DECLARE_METATYPE(rs::ui::LoadSummary)
