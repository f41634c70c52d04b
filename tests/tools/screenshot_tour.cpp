// The README's screenshots, taken from the real window on a real display (Xvfb under
// scripts/screenshots.sh): the same engine and window as `requestscope`, driven through the
// window's own API the way a user would click, then grabbed from the screen.
//
//   screenshot_tour OUT_DIR [RECORDING]
//
// Steps 1 and 2 are recorded (File → Record events) to RECORDING (default: a temporary file);
// step 5 replays that recording.
#include "app/engine/EngineHost.h"
#include "core/session/codec/CookieSessionCodec.h"
#include "core/session/codec/Signer.h"
#include "core/trace/EventDispatcher.h"
#include "core/trace/RecordingSink.h"
#include "ui/EventFeed.h"
#include "ui/MainWindow.h"
#include "ui/client/ClientPanel.h"
#include "ui/client/HistoryModel.h"
#include "ui/client/LoadPlan.h"
#include "ui/client/LoadTestView.h"
#include "ui/models/ModelHub.h"
#include "ui/models/RequestRecord.h"
#include "ui/models/RequestStore.h"
#include "ui/panels/AppPanel.h"
#include "ui/replay/Recording.h"
#include "ui/replay/ReplayScrubber.h"
#include "ui/replay/ReplaySession.h"
#include "ui/replay/ReplayWindow.h"
#include "ui/session/SessionInspector.h"
#include "ui/views/TimelineView.h"

#include <QApplication>
#include <QDateTime>
#include <QDir>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QScreen>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTimer>

#include <cstdio>
#include <functional>

using namespace rs;

namespace {
// Runs the event loop for `ms` (the window keeps updating meanwhile).
void settle(int ms)
{
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < ms)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
}

bool waitFor(const std::function<bool()> &done, int ms)
{
    QElapsedTimer t;
    t.start();
    while (!done() && t.elapsed() < ms)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
    return done();
}

bool shoot(QWidget &window, const QString &path)
{
    const QPixmap pixmap = window.screen()->grabWindow(window.winId());
    const bool ok = pixmap.save(path);
    std::fprintf(stderr, "%s %s (%dx%d)\n", ok ? "wrote" : "could not write", qPrintable(path),
                 pixmap.width(), pixmap.height());
    return ok;
}
} // namespace

int main(int argc, char **argv)
{
    QApplication qapp(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("RequestScopeScreenshots"));
    QApplication::setApplicationName(QStringLiteral("RequestScope"));
    if (argc != 2 && argc != 3) {
        std::fprintf(stderr, "usage: screenshot_tour OUT_DIR [RECORDING]\n");
        return 2;
    }
    const QDir out(QString::fromLocal8Bit(argv[1]));
    QTemporaryDir scratch;
    const QString recordingPath =
        argc == 3 ? QString::fromLocal8Bit(argv[2]) : scratch.filePath(QStringLiteral("tour.jsonl.gz"));

    auto feed = std::make_shared<ui::EventFeed>();
    auto recorder = std::make_shared<trace::RecordingSink>();
    trace::EventDispatcher dispatcher;
    dispatcher.addSink(feed);
    dispatcher.addSink(recorder);
    dispatcher.start();
    app::EngineHost engine;
    control::EngineSettings settings;
    settings.port = 0;
    engine.start(settings);
    waitFor([&] { return !engine.busy(); }, 10000);
    if (engine.status().state != control::EngineControl::State::Running) {
        std::fprintf(stderr, "screenshot_tour: %s\n", qPrintable(engine.status().error));
        return 1;
    }
    const QString base = engine.status().address;

    ui::MainWindow window(engine, feed);
    window.setRecorder(recorder);
    window.resize(1600, 1000);
    window.show();
    settle(800);
    QString recordError;
    if (!window.startRecording(recordingPath, &recordError)) {
        std::fprintf(stderr, "screenshot_tour: %s\n", qPrintable(recordError));
        return 1;
    }
    ui::ClientPanel *client = window.client();
    int ok = 0;

    // 1. The main window during a concurrent run: /slow?ms=20, 1000 requests over 8 connections.
    client->sendRequest(QStringLiteral("GET"), base + QStringLiteral("/login"));
    waitFor([&] { return client->history()->rowCount() >= 1; }, 5000);
    client->sendRequest(QStringLiteral("GET"), base + QStringLiteral("/slow?ms=20"));
    waitFor([&] { return client->history()->rowCount() >= 2; }, 5000);
    client->sendConcurrently();
    settle(1300);
    ok += shoot(window, out.filePath(QStringLiteral("main-window.png")));
    settle(2500);

    // 2. The request detail of /cart/add/x after /cart/add/y: why the change was not saved.
    client->sendRequest(QStringLiteral("GET"), base + QStringLiteral("/cart/add/y"));
    waitFor([&] { return client->history()->rowCount() >= 3; }, 5000);
    client->sendRequest(QStringLiteral("GET"), base + QStringLiteral("/cart/add/x"));
    waitFor([&] { return client->history()->rowCount() >= 4; }, 5000);
    settle(600);
    ok += shoot(window, out.filePath(QStringLiteral("request-detail-cart.png")));
    dispatcher.sync();
    window.stopRecording();

    // 3. The session inspector on a tampered cookie: a valid cookie with one letter of its
    //    payload changed, so the signature no longer matches.
    QByteArray cookie = codec::CookieSessionCodec::sign(
        Value::dict({{QStringLiteral("user"), QStringLiteral("alex")},
                     {QStringLiteral("cart"), Value::list({QStringLiteral("y")})}}),
        QDateTime::currentSecsSinceEpoch(), codec::Signer::keysFromStrings({engine.secretKey()}));
    cookie[3] = cookie[3] == 'A' ? 'B' : 'A';
    window.dock(QStringLiteral("dock.inspector"))->raise();
    window.inspector()->setCookieText(QStringLiteral("session=") + QString::fromLatin1(cookie));
    settle(600);
    ok += shoot(window, out.filePath(QStringLiteral("inspector-tampered.png")));

    // 4. The coroutine lesson, broken on purpose: coroutine workers with a thread-keyed Local.
    //    /whoami?ms=50 over 40 connections on 2 workers, shot in the middle of the run: each
    //    worker's one slot holds many requests' contexts, the timeline flags each cross-request
    //    read, the detail explains one.
    control::EngineSettings broken = engine.settings();
    broken.workers = QStringLiteral("coroutines");
    broken.ident = QStringLiteral("thread");
    broken.threads = 2;
    // As a user does it: the App panel's form, then Apply & restart.
    window.appPanel()->setFormSettings(broken);
    window.appPanel()->applyAndRestart();
    settle(50);
    waitFor([&] { return !engine.busy(); }, 15000);
    if (engine.status().state != control::EngineControl::State::Running) {
        std::fprintf(stderr, "screenshot_tour: %s\n", qPrintable(engine.status().error));
        return 1;
    }
    const QString brokenBase = engine.status().address;
    bool finished = false;
    QObject::connect(client->loadTestView(), &ui::LoadTestView::runFinished, [&] { finished = true; });
    client->loadTestView()->requestsBox()->setValue(2000);
    client->loadTestView()->connectionsBox()->setValue(40);
    ui::LoadPlan plan;
    plan.url = QUrl(brokenBase + QStringLiteral("/whoami?ms=50"));
    window.dock(QStringLiteral("dock.app"))->raise();
    client->loadTestView()->start(plan);
    settle(1200);
    // A finished request that read another one's context, in the detail and selected in the
    // timeline: the one in the topmost coroutine lane (worker-1's lowest ident), so it is in view.
    const ui::RequestStore &store = *window.hub().requests();
    quint64 leaked = 0;
    quint64 lowestIdent = 0;
    for (int row = 0; row < store.count(); ++row) {
        const ui::RequestRecord &r = store.at(row);
        if (r.crossReads().empty() || !r.finished || r.thread != QLatin1String("worker-1"))
            continue;
        if (!leaked || r.ident < lowestIdent) {
            leaked = r.id;
            lowestIdent = r.ident;
        }
    }
    if (leaked) {
        window.showRequest(leaked);
        window.timeline()->setSelectedRequest(leaked);
        const ui::RequestRecord &r = *store.find(leaked);
        window.timeline()->setVisibleRange(r.startUs - 20'000, r.endUs + 40'000);
    }
    window.dock(QStringLiteral("dock.timeline"))->raise();
    settle(300);
    ok += shoot(window, out.filePath(QStringLiteral("coroutines-broken.png")));
    waitFor([&] { return finished; }, 30000);

    window.close();
    engine.stopNow();
    dispatcher.stop();

    // 5. The recording of steps 1 and 2 replayed, at the moment the most requests were in flight,
    //    with a /slow one in the detail.
    QString error;
    std::shared_ptr<const ui::Recording> recording = ui::Recording::load(recordingPath, &error);
    if (!recording) {
        std::fprintf(stderr, "screenshot_tour: %s\n", qPrintable(error));
        return 1;
    }
    // The middle one of the moments with the most requests in flight, at a phase beginning.
    std::vector<std::size_t> busiest;
    int inFlight = 0;
    int most = -1;
    for (std::size_t i = 0; i < recording->size(); ++i) {
        const trace::EventKind kind = recording->events().kind(i);
        inFlight += kind == trace::EventKind::RequestBegin ? 1
                    : kind == trace::EventKind::RequestEnd ? -1
                                                           : 0;
        if (kind != trace::EventKind::PhaseBegin || inFlight < most)
            continue;
        if (inFlight > most)
            busiest.clear();
        most = inFlight;
        busiest.push_back(i + 1);
    }
    ui::ReplayWindow replay(recording);
    replay.resize(1600, 1000);
    replay.show();
    replay.session().seek(busiest.empty() ? recording->size() : busiest[busiest.size() / 2]);
    // In the detail: the request in flight the longest (in its view, sleeping).
    const ui::RequestStore &replayed = *replay.session().hub().requests();
    for (int row = 0; row < replayed.count(); ++row)
        if (!replayed.at(row).finished) {
            replay.showRequest(replayed.at(row).id);
            break;
        }
    settle(800);
    ok += shoot(replay, out.filePath(QStringLiteral("replay.png")));
    replay.close();
    return ok == 5 && leaked ? 0 : 1;
}
