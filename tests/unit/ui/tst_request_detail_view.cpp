// RequestDetailView: the waterfall of phases, the hooks and a short-circuiting before_request, the
// session operations with the value before and after and the flags, the save decision in words
// (the nested-mutation explanation when the contents changed unsaved), live updates while the
// request runs, unknown and dropped ids. RequestListView: filter words, follow newest, selection
// emits the request id.
#include "UiModelTestSupport.h"
#include "ui/models/RequestListModel.h"
#include "ui/models/RequestStore.h"
#include "ui/views/RequestDetailView.h"
#include "ui/views/RequestListView.h"
#include "ui/views/RequestListViewFilter.h"

#include <QCheckBox>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTableView>

using namespace rs;
using trace::EventKind;
using ui::RequestDetailView;
using ui::RequestListModel;
using ui::RequestListView;
using ui::RequestStore;
using uitest::makeEvent;

namespace {
// GET /cart/add/x after /cart/add/y as the engine reports it: the cart grows in place, nothing
// is saved. Cut after `count` events (all when negative).
std::vector<trace::Event> cartAddX(std::uint64_t req, int count = -1)
{
    const std::uint64_t id = 7;
    const char *t = "worker-2";
    std::uint64_t seq = req * 100;
    std::vector<trace::Event> all = {
        makeEvent(EventKind::RequestBegin, seq++, req, id,
                  {{"method", "GET"},
                   {"path", "/cart/add/x"},
                   {"query", "src=test"},
                   {"headers", "Host: 127.0.0.1\nCookie: session=abc"}},
                  t, 1000),
        makeEvent(EventKind::PhaseBegin, seq++, req, id, {{"phase", "middleware"}, {"name", "MiddleWare"}}, t,
                  1010),
        makeEvent(EventKind::PhaseBegin, seq++, req, id, {{"phase", "wsgi_app"}, {"name", "demo"}}, t, 1020),
        makeEvent(EventKind::PhaseBegin, seq++, req, id, {{"phase", "open_session"}, {"name", "cookie"}}, t,
                  1030),
        makeEvent(EventKind::SessionOpen, seq++, req, id,
                  {{"interface", "cookie"}, {"outcome", "loaded"}, {"data", "{'cart': ['y']}"}}, t, 1040),
        makeEvent(EventKind::PhaseEnd, seq++, req, id,
                  {{"phase", "open_session"}, {"name", "cookie"}, {"dur_us", 30}}, t, 1060),
        makeEvent(EventKind::PhaseBegin, seq++, req, id,
                  {{"phase", "before_request"}, {"name", "check_login"}}, t, 1100),
        makeEvent(EventKind::PhaseEnd, seq++, req, id,
                  {{"phase", "before_request"}, {"name", "check_login"}, {"dur_us", 20}}, t, 1120),
        makeEvent(EventKind::PhaseBegin, seq++, req, id, {{"phase", "view"}, {"name", "cart_add"}}, t, 1200),
        makeEvent(EventKind::SessionRead, seq++, req, id,
                  {{"key", "cart"}, {"value", "['y']"}, {"accessed", true}}, t, 1250),
        makeEvent(EventKind::SessionWrite, seq++, req, id,
                  {{"key", "visits"}, {"value", "1"}, {"accessed", true}, {"modified", false}}, t, 1260),
        makeEvent(EventKind::SessionWrite, seq++, req, id,
                  {{"key", "visits"}, {"value", "2"}, {"accessed", true}, {"permanent", true}}, t, 1270),
        makeEvent(EventKind::GSet, seq++, req, id, {{"key", "user"}, {"value", "'alex'"}}, t, 1280),
        makeEvent(EventKind::PhaseEnd, seq++, req, id,
                  {{"phase", "view"}, {"name", "cart_add"}, {"dur_us", 300}}, t, 1500),
        makeEvent(EventKind::PhaseBegin, seq++, req, id,
                  {{"phase", "after_request"}, {"name", "add_request_id"}}, t, 1520),
        makeEvent(EventKind::PhaseEnd, seq++, req, id,
                  {{"phase", "after_request"}, {"name", "add_request_id"}, {"dur_us", 10}}, t, 1530),
        makeEvent(EventKind::PhaseBegin, seq++, req, id, {{"phase", "save_session"}, {"name", "cookie"}}, t,
                  1540),
        makeEvent(EventKind::SessionSave, seq++, req, id,
                  {{"decision", "skip"},
                   {"reason", "the session was not modified"},
                   {"data", "{'cart': ['y', 'x']}"}},
                  t, 1550),
        makeEvent(EventKind::PhaseEnd, seq++, req, id,
                  {{"phase", "save_session"}, {"name", "cookie"}, {"dur_us", 20}}, t, 1560),
        makeEvent(EventKind::PhaseEnd, seq++, req, id,
                  {{"phase", "wsgi_app"}, {"name", "demo"}, {"dur_us", 580}}, t, 1600),
        makeEvent(EventKind::PhaseEnd, seq++, req, id,
                  {{"phase", "middleware"}, {"name", "MiddleWare"}, {"dur_us", 600}}, t, 1610),
        makeEvent(EventKind::RequestEnd, seq++, req, id,
                  {{"status", 200},
                   {"bytes", 14},
                   {"dur_us", 620},
                   {"headers", "HTTP/1.1 200 OK\nX-Request-Id: 9"}},
                  t, 1620),
    };
    if (count >= 0)
        all.resize(static_cast<std::size_t>(count));
    return all;
}

// A before_request hook answers: the view never runs.
std::vector<trace::Event> shortCircuited(std::uint64_t req)
{
    const char *t = "worker-1";
    std::uint64_t seq = req * 100;
    return {
        makeEvent(EventKind::RequestBegin, seq++, req, 3, {{"method", "POST"}, {"path", "/xx/index"}}, t,
                  5000),
        makeEvent(EventKind::PhaseBegin, seq++, req, 3, {{"phase", "before_request"}, {"name", "us_guard"}},
                  t, 5010),
        makeEvent(EventKind::PhaseEnd, seq++, req, 3,
                  {{"phase", "before_request"}, {"name", "us_guard"}, {"dur_us", 5}}, t, 5015),
        makeEvent(EventKind::Error, seq++, req, 3,
                  {{"where", "view"}, {"type", "Oops"}, {"message", "<bad>"}}, t, 5016),
        makeEvent(EventKind::RequestEnd, seq++, req, 3, {{"status", 503}, {"bytes", 3}, {"dur_us", 30}}, t,
                  5030),
    };
}

QPalette darkPalette()
{
    QPalette p;
    p.setColor(QPalette::Window, QColor(0x2b, 0x2b, 0x2b));
    p.setColor(QPalette::WindowText, QColor(0xe8, 0xea, 0xed));
    p.setColor(QPalette::Base, QColor(0x1e, 0x1f, 0x22));
    p.setColor(QPalette::AlternateBase, QColor(0x26, 0x27, 0x2b));
    p.setColor(QPalette::Text, QColor(0xe8, 0xea, 0xed));
    p.setColor(QPalette::PlaceholderText, QColor(0x9a, 0xa0, 0xa6));
    p.setColor(QPalette::Mid, QColor(0x55, 0x55, 0x55));
    p.setColor(QPalette::Button, QColor(0x33, 0x33, 0x33));
    p.setColor(QPalette::ButtonText, QColor(0xe8, 0xea, 0xed));
    p.setColor(QPalette::Highlight, QColor(0x3d, 0x8b, 0xd9));
    return p;
}

// A line of `text` holds every one of `parts`, in that order.
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

class RequestDetailViewTest : public QObject {
    Q_OBJECT

private slots:
    void showsEverything()
    {
        RequestStore store;
        store.applyEvents(cartAddX(5));
        RequestDetailView view(store);
        view.resize(900, 900);
        view.showRequest(5);
        QCOMPARE(view.currentRequest(), quint64(5));
        const QString text = view.toPlainText();

        QVERIFY2(text.contains(QStringLiteral("GET /cart/add/x?src=test → 200")), qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("14 bytes")));
        QVERIFY(text.contains(QStringLiteral("620 µs")));
        QVERIFY2(text.contains(QStringLiteral("thread 7 (worker-2)")), qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("ident 7")));

        // The waterfall: one row per phase, in order, with its hook and duration.
        const int middleware = text.indexOf(QStringLiteral("MiddleWare"));
        const int check = text.indexOf(QStringLiteral("check_login"));
        const int cartAdd = text.indexOf(QStringLiteral("cart_add"));
        const int requestId = text.indexOf(QStringLiteral("add_request_id"));
        const int save = text.indexOf(QStringLiteral("save_session"));
        QVERIFY(middleware >= 0 && middleware < check && check < cartAdd && cartAdd < requestId &&
                requestId < save);
        QVERIFY2(
            hasLineWith(text, {QStringLiteral("view"), QStringLiteral("cart_add"), QStringLiteral("300 µs")}),
            qPrintable(text));
        QVERIFY(hasLineWith(text, {QStringLiteral("before_request"), QStringLiteral("check_login"),
                                   QStringLiteral("+100 µs"), QStringLiteral("20 µs")}));
        QVERIFY(text.contains(QChar(0x2588))); // the bars are text: they copy with the rest

        // Hooks: no short-circuit.
        QVERIFY(text.contains(QStringLiteral("No before_request hook short-circuited: the view ran.")));

        // Session: opened, each operation with before → after and the flags after it.
        QVERIFY(text.contains(QStringLiteral("Interface cookie · opened: loaded")));
        QVERIFY(text.contains(QStringLiteral("Data at open: {'cart': ['y']}")));
        QVERIFY(hasLineWith(text, {QStringLiteral("read"), QStringLiteral("cart"), QStringLiteral("['y']"),
                                   QStringLiteral("(unchanged)")}));
        QVERIFY2(hasLineWith(text, {QStringLiteral("write"), QStringLiteral("visits"),
                                    QStringLiteral("(not seen)"), QStringLiteral("→"), QStringLiteral("1")}),
                 qPrintable(text));
        QVERIFY(hasLineWith(text, {QStringLiteral("write"), QStringLiteral("visits"), QStringLiteral("1"),
                                   QStringLiteral("→"), QStringLiteral("2")}));
        // The flags after that write: not modified, accessed, permanent.
        QVERIFY(hasLineWith(text, {QStringLiteral("visits"), QStringLiteral("→"), QStringLiteral("2"),
                                   QStringLiteral("·"), QStringLiteral("✓"), QStringLiteral("✓")}));
        QVERIFY(text.contains(QStringLiteral("Data at save: {'cart': ['y', 'x']}")));

        // The save decision in words, with the nested-mutation explanation.
        QVERIFY(text.contains(QStringLiteral("Not saved: the session was not modified.")));
        QVERIFY(text.contains(
            QStringLiteral("The contents did change ({'cart': ['y']} → {'cart': ['y', 'x']})")));
        QVERIFY(text.contains(QStringLiteral("session.modified = True")));

        // Headers in and out, g, the empty sections say so.
        QVERIFY(text.contains(QStringLiteral("Cookie: session=abc")));
        QVERIFY(text.contains(QStringLiteral("X-Request-Id: 9")));
        QVERIFY(text.contains(QStringLiteral("g.set user = 'alex'")));
        QVERIFY(hasLineWith(text, {QStringLiteral("None (a cookie session")}));

        const QString dir = qEnvironmentVariable("RS_UI_SNAPSHOT_DIR");
        if (!dir.isEmpty()) {
            QVERIFY(view.grab().save(dir + QStringLiteral("/request-detail.png")));
            view.setPalette(darkPalette());
            QVERIFY(view.grab().save(dir + QStringLiteral("/request-detail-dark.png")));
        }
    }

    void shortCircuitAndErrors()
    {
        RequestStore store;
        store.applyEvents(shortCircuited(9));
        RequestDetailView view(store);
        view.showRequest(9);
        const QString text = view.toPlainText();
        QVERIFY(text.contains(QStringLiteral("POST /xx/index → 503")));
        QVERIFY2(text.contains(
                     QStringLiteral("before_request us_guard returned a response: the view did not run.")),
                 qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("Oops in view: <bad>")));
        QVERIFY(text.contains(QStringLiteral("No session was opened for this request.")));
    }

    void followsARunningRequest()
    {
        RequestStore store;
        const auto events = cartAddX(5);
        store.applyEvents({events.begin(), events.begin() + 10}); // inside the view
        RequestDetailView view(store);
        view.showRequest(5);
        QVERIFY(view.toPlainText().contains(QStringLiteral("running for 250 µs so far")));
        QVERIFY(view.toPlainText().contains(QStringLiteral("The request has not reached save_session yet.")));
        QVERIFY(hasLineWith(view.toPlainText(), {QStringLiteral("cart_add"), QStringLiteral("running")}));

        store.applyEvents({events.begin() + 10, events.end()});
        QTRY_VERIFY(view.toPlainText().contains(QStringLiteral("Not saved: the session was not modified.")));
        QVERIFY(view.toPlainText().contains(QStringLiteral("GET /cart/add/x?src=test → 200")));

        // Another request's changes do not re-render (a reader's selection survives).
        store.applyEvents(shortCircuited(6));
        QVERIFY(view.toPlainText().contains(QStringLiteral("/cart/add/x")));
    }

    void unknownAndDropped()
    {
        RequestStore store(nullptr, 1);
        RequestDetailView view(store);
        QVERIFY(view.toPlainText().contains(QStringLiteral("Click a request")));
        view.showRequest(42);
        QVERIFY(view.toPlainText().contains(QStringLiteral("Request #42 is not in the store")));

        store.applyEvents(cartAddX(5));
        view.showRequest(5);
        QVERIFY(view.toPlainText().contains(QStringLiteral("Not saved")));
        store.applyEvents(shortCircuited(6)); // capacity 1: request 5 is dropped
        QVERIFY(!store.find(5));
        QTRY_VERIFY(
            view.toPlainText().contains(QStringLiteral("Request #5 is not in the store: it was dropped")));
        QVERIFY(view.toPlainText().contains(QStringLiteral("Not saved"))); // what was shown stays readable
        view.showRequest(6);
        QVERIFY(view.toPlainText().contains(QStringLiteral("/xx/index")));
        QVERIFY(!view.toPlainText().contains(QStringLiteral("not in the store")));
    }

    void requestList()
    {
        RequestStore store;
        RequestListModel model(&store);
        RequestListView list(model);
        uitest::attachTester(list.filterModel());
        list.resize(700, 300);
        list.show();
        QVERIFY(QTest::qWaitForWindowExposed(&list));
        QSignalSpy activated(&list, &RequestListView::requestActivated);

        store.applyEvents(cartAddX(5));
        store.applyEvents(shortCircuited(6));
        QCOMPARE(list.table()->model()->rowCount(), 2);

        list.filterEdit()->setText(QStringLiteral("post"));
        QCOMPARE(list.table()->model()->rowCount(), 1);
        QCOMPARE(list.table()->model()->index(0, RequestListModel::PathColumn).data().toString(),
                 QStringLiteral("/xx/index"));
        list.filterEdit()->setText(QStringLiteral("2 /cart"));
        QCOMPARE(list.table()->model()->rowCount(), 1);
        QCOMPARE(list.table()->model()->index(0, RequestListModel::StatusColumn).data().toString(),
                 QStringLiteral("200"));
        list.filterEdit()->setText(QStringLiteral("5 /cart"));
        QCOMPARE(list.table()->model()->rowCount(), 0);
        list.filterEdit()->clear();
        QCOMPARE(list.table()->model()->rowCount(), 2);
        QCOMPARE(list.table()
                     ->model()
                     ->index(1, RequestListModel::StatusColumn)
                     .data(Qt::ForegroundRole)
                     .value<QColor>(),
                 QColor(0xd3, 0x2f, 0x2f));

        // Clicking a row emits its id; so does activating (double-click / Enter).
        const QModelIndex second = list.table()->model()->index(1, RequestListModel::PathColumn);
        QTest::mouseClick(list.table()->viewport(), Qt::LeftButton, {},
                          list.table()->visualRect(second).center());
        QCOMPARE(activated.count(), 1);
        QCOMPARE(activated.takeFirst().at(0).toULongLong(), quint64(6));
        QTest::mouseDClick(list.table()->viewport(), Qt::LeftButton, {},
                           list.table()->visualRect(second).center());
        QVERIFY(activated.count() >= 1);
        QCOMPARE(activated.last().at(0).toULongLong(), quint64(6));
        activated.clear();
        list.selectRequest(5); // mirrors a choice made elsewhere: no signal
        QCOMPARE(activated.count(), 0);
        QCOMPARE(list.table()->currentIndex().row(), 0);

        // Filtering away the current row moves the current index by itself: no signal.
        list.table()->selectRow(1);
        activated.clear();
        list.filterEdit()->setText(QStringLiteral("/cart"));
        QCOMPARE(list.table()->model()->rowCount(), 1);
        list.filterEdit()->clear();
        QCOMPARE(activated.count(), 0);

        // Follow newest keeps the last row in view.
        QVERIFY(list.followNewest());
        for (std::uint64_t req = 10; req < 60; ++req)
            store.applyEvents(shortCircuited(req));
        const QModelIndex last = list.table()->model()->index(list.table()->model()->rowCount() - 1, 0);
        QVERIFY(list.table()->viewport()->rect().intersects(list.table()->visualRect(last)));
        list.findChild<QCheckBox *>()->setChecked(false);
        list.table()->scrollToTop();
        store.applyEvents(shortCircuited(60));
        const QModelIndex newest = list.table()->model()->index(list.table()->model()->rowCount() - 1, 0);
        QVERIFY(!list.table()->viewport()->rect().intersects(list.table()->visualRect(newest)));
    }

    void listEvictionEmitsNothing()
    {
        RequestStore store(nullptr, 2);
        RequestListModel model(&store);
        RequestListView list(model);
        uitest::attachTester(list.filterModel());
        store.applyEvents(cartAddX(5));
        store.applyEvents(shortCircuited(6));
        QSignalSpy activated(&list, &RequestListView::requestActivated);
        list.table()->selectRow(0);
        QCOMPARE(activated.count(), 1);
        QCOMPARE(activated.takeFirst().at(0).toULongLong(), quint64(5));
        store.applyEvents(shortCircuited(7)); // request 5 is dropped: the current row goes with it
        QCOMPARE(list.table()->model()->rowCount(), 2);
        QCOMPARE(activated.count(), 0);
        list.table()->selectRow(1);
        QCOMPARE(activated.count(), 1);
        QCOMPARE(activated.takeFirst().at(0).toULongLong(), quint64(7));
    }
};

QTEST_MAIN(RequestDetailViewTest)
#include "tst_request_detail_view.moc"
