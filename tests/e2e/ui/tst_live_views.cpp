// The live views against a real engine: the demo app serves on a free port, its events go through
// the dispatcher into an EventFeed and the ModelHub. While GET /slow?ms=300 runs on a worker, the
// Local tree has that worker's slot (expanded) and the stack view shows its app and request boxes;
// clicking the request box shows the request in ContextDetail; the event log lists its events.
// Once it has finished, the slot is gone and the stacks are empty.
// With RS_SCREENSHOT_DIR set, each view is saved there as a PNG during the request.
#include "app/demo/DemoApp.h"
#include "core/http/HttpServer.h"
#include "core/trace/EventDispatcher.h"
#include "tests/support/CookieJar.h"
#include "tests/support/TestHttpClient.h"
#include "ui/EventFeed.h"
#include "ui/models/ContextStackModel.h"
#include "ui/models/LocalStorageModel.h"
#include "ui/models/ModelHub.h"
#include "ui/models/RequestStore.h"
#include "ui/views/ContextDetail.h"
#include "ui/views/ContextStackView.h"
#include "ui/views/ContextStackViewCanvas.h"
#include "ui/views/EventLogView.h"
#include "ui/views/LocalStorageView.h"

#include <QApplication>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QTableView>
#include <QTreeView>
#include <QtTest>

#include <atomic>
#include <memory>
#include <thread>

using namespace rs;

namespace {
const QString kRequestStack = QStringLiteral("request_stack");
const QString kAppStack = QStringLiteral("app_stack");

// The running or finished request for `path` with `query`; nullptr when not seen yet.
const ui::RequestRecord *findRequest(const ui::RequestStore &store, const QString &path, const QString &query)
{
    for (int row = store.count() - 1; row >= 0; --row)
        if (store.at(row).path == path && store.at(row).query == query)
            return &store.at(row);
    return nullptr;
}

void saveShot(QWidget &widget, const QString &name)
{
    const QString dir = qEnvironmentVariable("RS_SCREENSHOT_DIR");
    if (dir.isEmpty())
        return;
    QDir().mkpath(dir);
    QVERIFY(widget.grab().save(dir + QLatin1Char('/') + name));
}
} // namespace

class LiveViewsTest : public QObject {
    Q_OBJECT

private slots:
    void slowRequestFillsAndEmptiesTheViews()
    {
        auto feed = std::make_shared<ui::EventFeed>();
        trace::EventDispatcher dispatcher;
        dispatcher.addSink(feed);
        dispatcher.start();
        ui::ModelHub hub(feed);
        hub.start();

        demo::DemoApp demo;
        demo.app().config().set(QStringLiteral("SECRET_KEY"), QStringLiteral("live-views-secret"));
        http::ServerConfig config;
        config.port = 0;
        http::HttpServer server(config, demo.app().httpHandler());
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));

        if (qEnvironmentVariable("RS_SCREENSHOT_PALETTE") == QLatin1String("dark")) {
            // To look at the views in a dark theme too.
            QApplication::setStyle(QStringLiteral("Fusion"));
            QPalette dark;
            dark.setColor(QPalette::Window, QColor(45, 45, 48));
            dark.setColor(QPalette::WindowText, QColor(220, 220, 220));
            dark.setColor(QPalette::Base, QColor(30, 30, 32));
            dark.setColor(QPalette::AlternateBase, QColor(38, 38, 42));
            dark.setColor(QPalette::Text, QColor(220, 220, 220));
            dark.setColor(QPalette::Button, QColor(50, 50, 54));
            dark.setColor(QPalette::ButtonText, QColor(220, 220, 220));
            dark.setColor(QPalette::Highlight, QColor(42, 130, 218));
            dark.setColor(QPalette::Mid, QColor(80, 80, 86));
            dark.setColor(QPalette::PlaceholderText, QColor(140, 140, 146));
            QApplication::setPalette(dark);
        }
        ui::LocalStorageView locals(hub.localStorage());
        ui::ContextStackView stacks(hub.contextStacks(), hub.requests());
        ui::EventLogView log(hub);
        locals.resize(760, 560);
        stacks.resize(1040, 720);
        log.resize(1100, 560);
        locals.show();
        stacks.show();
        log.show();
        QVERIFY(QTest::qWaitForWindowExposed(&stacks));

        // A session first, so that the slow request opens one with data in it.
        test::CookieJar jar;
        {
            test::TestHttpClient client(server.port());
            const test::TestResponse login = client.get("/login");
            QCOMPARE(login.status, 200);
            jar.update(login);
        }
        QTRY_VERIFY(hub.contextStacks()->rowCount() == 0 &&
                    findRequest(*hub.requests(), "/login", QString()) &&
                    findRequest(*hub.requests(), "/login", QString())->finished);

        // Screenshots want time to look; the test itself wants the short request the issue names.
        const bool shots = !qEnvironmentVariableIsEmpty("RS_SCREENSHOT_DIR");
        const QString query = shots ? QStringLiteral("ms=1500") : QStringLiteral("ms=300");
        std::atomic<int> status{0};
        const test::TestHeaders cookies = jar.headers();
        std::thread slow([&] {
            test::TestHttpClient client(server.port());
            client.setTimeout(10'000);
            status = client.get("/slow?" + query.toUtf8(), cookies).status;
        });
        std::thread other; // a second worker busy at the same time, for the pictures
        if (shots)
            other = std::thread([&] {
                test::TestHttpClient client(server.port());
                client.get("/slow?ms=1200&user=sam");
            });

        QTRY_VERIFY(findRequest(*hub.requests(), "/slow", query));
        const ui::RequestRecord *record = findRequest(*hub.requests(), "/slow", query);
        const quint64 ident = record->ident;
        const quint64 req = record->id;
        QVERIFY(ident != 0);

        // While it runs: the worker's slot in request_stack, expanded, holding its stack.
        QTRY_VERIFY(hub.localStorage()->slotIndex(kRequestStack, ident).isValid());
        QTreeView *tree = locals.treeFor(kRequestStack);
        QVERIFY(tree);
        QVERIFY(tree->model()->rowCount(tree->rootIndex()) >= 1);
        QVERIFY(tree->isExpanded(hub.localStorage()->slotIndex(kRequestStack, ident)));
        QVERIFY(hub.localStorage()->valueIndex(kRequestStack, ident, QStringLiteral("stack")).isValid());
        QVERIFY(locals.treeFor(kAppStack));
        QTRY_VERIFY(hub.localStorage()->slotIndex(kAppStack, ident).isValid());

        // … and its app and request boxes on the stacks.
        ui::ContextStackViewCanvas *canvas = stacks.canvas();
        QTRY_VERIFY(canvas->boxCount(ident, "app") == 1 && canvas->boxCount(ident, "request") == 1);
        QVERIFY(canvas->idents().contains(ident));
        QVERIFY(status == 0); // still running: all of the above was live

        QTest::mouseClick(canvas, Qt::LeftButton, {}, canvas->boxRect(ident, "request", 0).center());
        QCOMPARE(canvas->selected().req, req);
        QCOMPARE(stacks.detail()->value("request", "path"), QStringLiteral("/slow"));
        QCOMPARE(stacks.detail()->value("request", "args"), query);
        QTRY_VERIFY(!stacks.detail()->value("session", "at open").isEmpty());

        log.textFilter()->setText(QStringLiteral("/slow"));
        log.applyFilters();
        QVERIFY(log.table()->model()->rowCount() >= 1);
        log.textFilter()->clear();
        log.applyFilters();

        if (shots) {
            QTest::qWait(250); // let the push animations settle for the picture
            saveShot(locals, "local-storage.png");
            saveShot(stacks, "context-stacks.png");
            saveShot(log, "event-log.png");
        }

        QTRY_VERIFY_WITH_TIMEOUT(status != 0, 15'000);
        slow.join();
        if (other.joinable())
            other.join();
        QCOMPARE(int(status), 200);

        // Finished: the slot is released, the stacks are empty and the ident's lane has gone.
        QTRY_VERIFY(!hub.localStorage()->slotIndex(kRequestStack, ident).isValid());
        QTRY_VERIFY(!hub.localStorage()->slotIndex(kAppStack, ident).isValid());
        QTRY_COMPARE(tree->model()->rowCount(tree->rootIndex()), 0);
        QTRY_VERIFY(canvas->idents().isEmpty());
        QCOMPARE(canvas->boxCount(ident, "request"), 0);
        QCOMPARE(canvas->boxCount(ident, "app"), 0);
        QTRY_VERIFY(!canvas->isAnimating());
        // The detail still shows the finished request.
        QCOMPARE(stacks.detail()->value("request", "path"), QStringLiteral("/slow"));
        QVERIFY(log.droppedLabel()->text().contains(QStringLiteral("0 by engine")));

        server.stop();
        hub.stop();
        dispatcher.stop();
    }
};

QTEST_MAIN(LiveViewsTest)
#include "tst_live_views.moc"
