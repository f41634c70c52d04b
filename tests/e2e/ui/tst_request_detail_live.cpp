// The request detail against a real engine: the demo app serves on a free port, its events go
// through the dispatcher into an EventFeed and the ModelHub's RequestStore. /cart/add/y then
// /cart/add/x with the cookie from the first: the detail of the second says the change was not
// saved and why (the cart changed in place), and its waterfall lists the hooks that ran. The
// timeline shows both requests and a click on the second opens it.
#include "app/demo/DemoApp.h"
#include "core/http/HttpServer.h"
#include "core/trace/EventDispatcher.h"
#include "tests/support/CookieJar.h"
#include "tests/support/TestHttpClient.h"
#include "ui/EventFeed.h"
#include "ui/models/ModelHub.h"
#include "ui/models/RequestListModel.h"
#include "ui/models/RequestStore.h"
#include "ui/views/RequestDetailView.h"
#include "ui/views/RequestListView.h"
#include "ui/views/TimelineView.h"

#include <QSignalSpy>
#include <QTableView>
#include <QtTest>

#include <memory>

using namespace rs;

namespace {
// The id of the newest finished request for `path`, 0 when none.
quint64 finishedRequest(const ui::RequestStore &store, const QString &path)
{
    for (int row = store.count() - 1; row >= 0; --row)
        if (store.at(row).path == path && store.at(row).finished)
            return store.at(row).id;
    return 0;
}

bool hasLineWith(const QString &text, const QStringList &parts)
{
    for (const QString &line : text.split(QLatin1Char('\n'))) {
        qsizetype from = 0;
        for (const QString &part : parts) {
            from = from < 0 ? from : line.indexOf(part, from);
            if (from >= 0)
                from += part.size();
        }
        if (from >= 0)
            return true;
    }
    return false;
}
} // namespace

class RequestDetailLiveTest : public QObject {
    Q_OBJECT

private slots:
    void cartChangeNotSavedAndWhy()
    {
        auto feed = std::make_shared<ui::EventFeed>();
        trace::EventDispatcher dispatcher;
        dispatcher.addSink(feed);
        dispatcher.start();
        ui::ModelHub hub(feed);
        ui::RequestStore &store = *hub.requests();

        demo::DemoApp demo;
        demo.app().config().set(QStringLiteral("SECRET_KEY"), QStringLiteral("request-detail-live"));
        http::ServerConfig config;
        config.port = 0;
        http::HttpServer server(config, demo.app().httpHandler());
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));

        test::TestHttpClient client(server.port());
        test::CookieJar jar;
        test::TestResponse first = client.get("/cart/add/y", jar.headers());
        QCOMPARE(first.status, 200);
        jar.update(first);
        QVERIFY2(jar.contains("session"), "the first request creates the cart and sets the cookie");
        test::TestResponse second = client.get("/cart/add/x", jar.headers());
        QCOMPARE(second.status, 200);

        QTRY_VERIFY((hub.tick(), finishedRequest(store, QStringLiteral("/cart/add/x")) != 0));
        const quint64 y = finishedRequest(store, QStringLiteral("/cart/add/y"));
        const quint64 x = finishedRequest(store, QStringLiteral("/cart/add/x"));
        QVERIFY(y != 0 && x != 0 && x != y);

        ui::RequestDetailView detail(store);
        detail.resize(1000, 1300);
        detail.showRequest(x);
        const QString text = detail.toPlainText();
        QVERIFY2(text.contains(QStringLiteral("GET /cart/add/x → 200")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("Not saved")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("The contents did change")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("['y']")) && text.contains(QStringLiteral("['y', 'x']")),
                 qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("session.modified = True")));
        QVERIFY(text.contains(QStringLiteral("opened: loaded")));
        QVERIFY(hasLineWith(text, {QStringLiteral("read"), QStringLiteral("cart")}));
        // The waterfall, in the order Flask runs it.
        const QStringList order = {QStringLiteral("before_request check_login"), QStringLiteral("view"),
                                   QStringLiteral("after_request add_request_id"),
                                   QStringLiteral("save_session")};
        int from = 0;
        for (const QString &step : order) {
            const QStringList words = step.split(QLatin1Char(' '));
            bool found = false;
            const QStringList lines = text.split(QLatin1Char('\n'));
            for (int i = from; i < lines.size() && !found; ++i) {
                if (std::all_of(words.begin(), words.end(),
                                [&](const QString &w) { return lines[i].contains(w); })) {
                    found = true;
                    from = i + 1;
                }
            }
            QVERIFY2(found, qPrintable(step + QStringLiteral(" not found in order in\n") + text));
        }
        // The first request saved the new cart.
        detail.showRequest(y);
        QVERIFY2(detail.toPlainText().contains(QStringLiteral("Saved:")), qPrintable(detail.toPlainText()));

        // The timeline shows both; a click on the second opens it in the detail.
        ui::TimelineView timeline(store);
        timeline.resize(1000, 260);
        timeline.show();
        QVERIFY(QTest::qWaitForWindowExposed(&timeline));
        timeline.refresh();
        timeline.zoomToFit();
        QObject::connect(&timeline, &ui::TimelineView::requestActivated, &detail,
                         &ui::RequestDetailView::showRequest);
        const QRect bar = timeline.barRect(x);
        QVERIFY(bar.isValid());
        QTest::mouseClick(timeline.viewport(), Qt::LeftButton, {}, bar.center());
        QCOMPARE(detail.currentRequest(), x);

        // The list selects it too.
        ui::RequestListView list(*hub.requestList());
        QSignalSpy activated(&list, &ui::RequestListView::requestActivated);
        list.table()->selectRow(store.rowOf(y));
        QCOMPARE(activated.count(), 1);
        QCOMPARE(activated.at(0).at(0).toULongLong(), y);

        const QString dir = qEnvironmentVariable("RS_UI_SNAPSHOT_DIR");
        if (!dir.isEmpty()) {
            detail.showRequest(x);
            QVERIFY(detail.grab().save(dir + QStringLiteral("/request-detail-live.png")));
            QVERIFY(timeline.grab().save(dir + QStringLiteral("/timeline-live.png")));
            list.resize(800, 200);
            QVERIFY(list.grab().save(dir + QStringLiteral("/request-list-live.png")));
        }
        server.stop();
        dispatcher.stop();
    }
};

QTEST_MAIN(RequestDetailLiveTest)
#include "tst_request_detail_live.moc"
