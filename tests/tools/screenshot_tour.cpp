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
#include "ui/session/SessionInspector.h"

#include <QApplication>
#include <QDateTime>
#include <QDir>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QScreen>
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

    window.close();
    engine.stopNow();
    dispatcher.stop();
    return ok == 3 ? 0 : 1;
}
