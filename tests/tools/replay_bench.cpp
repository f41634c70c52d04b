// Not a test: tests/bench/replay.sh runs it. Opens a recording the way the replay window does,
// then moves the replay window (offscreen, every panel visible) to random positions and times
// each move: the models alone, and the models plus a full repaint of the window. Prints one JSON
// object: events, requests, load_ms, max_rss_kb, and the p50/p90/p99/max of both timings.
//
//   replay_bench FILE [SEEKS]
#include "ui/models/ModelHub.h"
#include "ui/replay/Recording.h"
#include "ui/replay/ReplaySession.h"
#include "ui/replay/ReplayWindow.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QRandomGenerator>

#include <sys/resource.h>

#include <algorithm>
#include <cstdio>
#include <vector>

namespace {
double percentile(std::vector<double> v, double p)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    return v[static_cast<std::size_t>(p * static_cast<double>(v.size() - 1))];
}

long maxRssKb()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;
}
} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    if (argc < 2) {
        std::fputs("usage: replay_bench FILE [SEEKS]\n", stderr);
        return 2;
    }
    const int seeks = argc > 2 ? std::atoi(argv[2]) : 200;
    QString error;
    QElapsedTimer clock;
    clock.start();
    std::shared_ptr<const rs::ui::Recording> rec =
        rs::ui::Recording::load(QString::fromLocal8Bit(argv[1]), &error);
    const qint64 loadMs = clock.elapsed();
    if (!rec) {
        std::fprintf(stderr, "replay_bench: %s\n", qPrintable(error));
        return 1;
    }
    const long rssAfterLoad = maxRssKb();

    rs::ui::ReplayWindow window(rec);
    window.show();
    QApplication::processEvents();
    rs::ui::ReplaySession &session = window.session();
    QRandomGenerator random(42);
    std::vector<double> modelMs;
    std::vector<double> paintMs;
    std::vector<double> stepMs;
    for (int i = 0; i < seeks; ++i) {
        const auto to = static_cast<std::size_t>(random.bounded(static_cast<quint64>(rec->size() + 1)));
        QElapsedTimer t;
        t.start();
        session.seek(to);
        modelMs.push_back(static_cast<double>(t.nsecsElapsed()) / 1e6);
        QApplication::processEvents(); // timers the views set (their refresh once a frame)
        window.grab();                 // every panel painted
        paintMs.push_back(static_cast<double>(t.nsecsElapsed()) / 1e6);
        // Then a drag: 20 small moves forward from there, as a slider does.
        for (int j = 1; j <= 20; ++j) {
            QElapsedTimer s;
            s.start();
            session.seek(to + static_cast<std::size_t>(j) * 50);
            QApplication::processEvents();
            window.grab();
            stepMs.push_back(static_cast<double>(s.nsecsElapsed()) / 1e6);
        }
    }
    std::printf(
        "{\"events\":%zu,\"requests\":%zu,\"load_ms\":%lld,\"rss_after_load_kb\":%ld,\"max_rss_kb\":%ld,"
        "\"archive_mb\":%.0f,\"seeks\":%d,"
        "\"jump_models_ms\":{\"p50\":%.2f,\"p90\":%.2f,\"p99\":%.2f,\"max\":%.2f},"
        "\"jump_painted_ms\":{\"p50\":%.2f,\"p90\":%.2f,\"p99\":%.2f,\"max\":%.2f},"
        "\"drag_step_painted_ms\":{\"p50\":%.2f,\"p90\":%.2f,\"p99\":%.2f,\"max\":%.2f}}\n",
        rec->size(), rec->requests().size(), static_cast<long long>(loadMs), rssAfterLoad, maxRssKb(),
        static_cast<double>(rec->events().memoryBytes()) / (1 << 20), seeks, percentile(modelMs, 0.5),
        percentile(modelMs, 0.9), percentile(modelMs, 0.99), percentile(modelMs, 1.0),
        percentile(paintMs, 0.5), percentile(paintMs, 0.9), percentile(paintMs, 0.99),
        percentile(paintMs, 1.0), percentile(stepMs, 0.5), percentile(stepMs, 0.9), percentile(stepMs, 0.99),
        percentile(stepMs, 1.0));
    return 0;
}
