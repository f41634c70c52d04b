// The README's screenshots, taken from the real window on a real display (Xvfb under
// scripts/screenshots.sh): the same engine and window as `requestscope`, driven through the
// window's own API the way a user would click, then grabbed from the screen.
//
//   screenshot_tour OUT_DIR
#include "app/engine/EngineHost.h"
#include "core/session/codec/CookieSessionCodec.h"
#include "core/session/codec/Signer.h"
#include "core/trace/EventDispatcher.h"
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
#include "ui/session/SessionInspector.h"
#include "ui/views/TimelineView.h"

#include <QApplication>
#include <QDateTime>
#include <QDir>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QScreen>
#include <QSpinBox>
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
    if (argc != 2) {
        std::fprintf(stderr, "usage: screenshot_tour OUT_DIR\n");
        return 2;
    }
    const QDir out(QString::fromLocal8Bit(argv[1]));

    auto feed = std::make_shared<ui::EventFeed>();
    trace::EventDispatcher dispatcher;
    dispatcher.addSink(feed);
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
    window.resize(1600, 1000);
    window.show();
    settle(800);
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
    return ok == 4 && leaked ? 0 : 1;
}
