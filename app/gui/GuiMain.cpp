#include "app/gui/GuiMain.h"

#include "app/cli/SignalWatcher.h"
#include "app/engine/EngineHost.h"
#include "core/trace/EventBus.h"
#include "core/trace/EventDispatcher.h"
#include "core/trace/RecordingSink.h"
#include "ui/EventFeed.h"
#include "ui/EventLoopProbe.h"
#include "ui/MainWindow.h"
#include "ui/models/ModelHub.h"
#include "ui/replay/Recording.h"
#include "ui/replay/ReplaySession.h"
#include "ui/replay/ReplayWindow.h"

#include <QApplication>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

#include <sys/resource.h>

#include <csignal>
#include <cstdio>
#include <memory>

namespace rs::app {

namespace {
// RS_LOOP_PROBE_FILE=path: the GUI flood benchmark (tests/bench/gui_flood.sh) reads event-loop
// latency and drop counters from this file, written when the window closes.
void writeProbeReport(const QString &path, const ui::EventLoopProbe &probe, const ui::ModelHub &hub)
{
    const auto s = probe.stats();
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    const QJsonObject report{{QStringLiteral("samples"), s.samples},
                             {QStringLiteral("p50_ms"), s.p50Ms},
                             {QStringLiteral("p99_ms"), s.p99Ms},
                             {QStringLiteral("max_ms"), s.maxMs},
                             {QStringLiteral("events_seen"), static_cast<qint64>(hub.eventsSeen())},
                             {QStringLiteral("batches"), static_cast<qint64>(hub.batches())},
                             {QStringLiteral("dropped_engine"), static_cast<qint64>(hub.droppedByEngine())},
                             {QStringLiteral("dropped_gui"), static_cast<qint64>(hub.droppedByFeed())},
                             {QStringLiteral("evicted"), static_cast<qint64>(hub.evictedByModels())},
                             {QStringLiteral("max_rss_kb"), static_cast<qint64>(usage.ru_maxrss)}};
    QFile file(path);
    if (file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        file.write(QJsonDocument(report).toJson(QJsonDocument::Compact) + '\n');
    else
        std::fprintf(stderr, "requestscope: cannot write %s\n", qPrintable(path));
}
} // namespace

int guiMain(int argc, char **argv)
{
    // Past a file-size limit (ulimit -f) a session file or recording write must fail with EFBIG,
    // which the store reports as 503, instead of SIGXFSZ ending the window.
    std::signal(SIGXFSZ, SIG_IGN);
    QApplication qapp(argc, argv);
    QApplication::setApplicationName(QStringLiteral("RequestScope"));
    QApplication::setOrganizationName(QStringLiteral("RequestScope"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/requestscope.png")));

    auto feed = std::make_shared<ui::EventFeed>();
    auto recorder = std::make_shared<trace::RecordingSink>();
    trace::EventDispatcher dispatcher;
    dispatcher.addSink(feed);
    dispatcher.addSink(recorder);
    dispatcher.start();

    EngineHost engine;
    // 127.0.0.1:5000, or the next free port when it is taken; a failure is shown in the window.
    // It starts while the window is built; the first outcome is printed (scripts wait for it).
    auto firstOutcome = std::make_shared<QMetaObject::Connection>();
    *firstOutcome = QObject::connect(&engine, &control::EngineControl::settled, [&engine, firstOutcome] {
        QObject::disconnect(*firstOutcome);
        if (engine.status().state == control::EngineControl::State::Running)
            std::fprintf(stderr, "listening on %s\n", qPrintable(engine.status().address));
        else
            std::fprintf(stderr, "requestscope: the demo app did not start: %s\n",
                         qPrintable(engine.status().error));
        std::fflush(stderr);
    });
    engine.start(control::EngineSettings{});

    ui::MainWindow window(engine, feed);
    window.setRecorder(recorder);
    window.show();

    cli::SignalWatcher signalWatcher;
    QObject::connect(&signalWatcher, &cli::SignalWatcher::stopRequested, &window, &QWidget::close);
    const QString probePath = qEnvironmentVariable("RS_LOOP_PROBE_FILE");
    ui::EventLoopProbe probe;
    if (!probePath.isEmpty())
        probe.start();

    const int rc = QApplication::exec();
    if (!probePath.isEmpty())
        writeProbeReport(probePath, probe, window.hub());
    engine.stopNow(); // the window is gone: nothing left to freeze
    dispatcher.stop();
    return rc;
}

int replayMain(int argc, char **argv, const QString &path)
{
    QApplication qapp(argc, argv);
    QApplication::setApplicationName(QStringLiteral("RequestScope"));
    QApplication::setOrganizationName(QStringLiteral("RequestScope"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/requestscope.png")));
    // Until the replay window is up, the progress dialog closing must not end the program.
    QApplication::setQuitOnLastWindowClosed(false);
    int rc = 0;
    ui::ReplayWindow::openFile(path, nullptr, [&rc](ui::ReplayWindow *window, const QString &error) {
        if (!window) {
            std::fprintf(stderr, "requestscope: cannot replay: %s\n", qPrintable(error));
            rc = 1;
            QApplication::exit(1);
            return;
        }
        const ui::Recording &rec = window->session().recording();
        std::fprintf(stderr, "replaying %zu events (%zu requests), read in %lld ms\n", rec.size(),
                     rec.requests().size(), static_cast<long long>(rec.loadMs()));
        if (rec.damage())
            std::fprintf(stderr, "requestscope: the recording is damaged: %s\n",
                         qPrintable(rec.damage()->message));
        std::fflush(stderr);
        QApplication::setQuitOnLastWindowClosed(true);
    });
    cli::SignalWatcher signalWatcher;
    QObject::connect(&signalWatcher, &cli::SignalWatcher::stopRequested, &qapp,
                     &QApplication::closeAllWindows);
    QObject::connect(&signalWatcher, &cli::SignalWatcher::stopRequested, &qapp, &QApplication::quit);
    const int code = QApplication::exec();
    return rc != 0 ? rc : code;
}

} // namespace rs::app
