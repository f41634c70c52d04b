// EventLogView over a ModelHub fed by hand: filters by kind (list and presets), text, request
// and thread; Pause freezes the rows shown while the count of new events grows and Resume catches
// up; the dropped counts come from the hub (engine ring, GUI feed, evictions); the details pane
// splits the selected event into its fields; double-click asks for the row's request.
#include "UiModelTestSupport.h"
#include "core/trace/EventBus.h"
#include "ui/EventFeed.h"
#include "ui/models/EventFilterProxyModel.h"
#include "ui/models/EventFormat.h"
#include "ui/models/EventLogModel.h"
#include "ui/models/ModelHub.h"
#include "ui/views/EventLogView.h"

#include <QApplication>
#include <QComboBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTableView>
#include <QTreeWidget>

using namespace rs;
using trace::EventKind;
using ui::EventLogModel;
using ui::EventLogView;
using ui::ModelHub;
using uitest::makeEvent;

namespace {
// One small request's worth of events: 8 events, 2 of them local.get.
std::vector<trace::Event> request(std::uint64_t firstSeq, std::uint64_t req, const char *thread,
                                  const QString &path)
{
    std::uint64_t s = firstSeq;
    const std::uint64_t ident = 1000 + req;
    return {makeEvent(EventKind::RequestBegin, s++, req, ident, {{"method", "GET"}, {"path", path}}, thread),
            makeEvent(EventKind::LocalSet, s++, req, ident, {{"local", "request_stack"}, {"key", "stack"}},
                      thread),
            makeEvent(EventKind::LocalGet, s++, req, ident, {{"local", "request_stack"}, {"key", "stack"}},
                      thread),
            makeEvent(EventKind::SessionWrite, s++, req, ident, {{"key", "cart"}, {"value", "['apple']"}},
                      thread),
            makeEvent(EventKind::LocalGet, s++, req, ident, {{"local", "request_stack"}, {"key", "stack"}},
                      thread),
            makeEvent(EventKind::SessionSave, s++, req, ident,
                      {{"decision", "skip"}, {"reason", "session not modified"}}, thread),
            makeEvent(EventKind::LocalRelease, s++, req, ident, {{"local", "request_stack"}}, thread),
            makeEvent(EventKind::RequestEnd, s++, req, ident, {{"status", 200}}, thread)};
}

class Fixture {
public:
    Fixture(std::size_t feedCapacity = 10'000)
        : bus(64), feed(std::make_shared<ui::EventFeed>(feedCapacity)), hub(feed, bus)
    {
        uitest::attachTester(hub.eventLog());
        uitest::attachTester(hub.eventFilter());
    }
    // As the dispatcher would: into the feed, then one hub tick.
    int deliver(const std::vector<trace::Event> &events)
    {
        feed->consume(events.data(), events.size());
        return hub.tick();
    }

    trace::EventBus bus;
    std::shared_ptr<ui::EventFeed> feed;
    ModelHub hub;
};

int shown(const EventLogView &view)
{
    return view.table()->model()->rowCount();
}

void setKindChecked(EventLogView &view, const QString &kind, bool on)
{
    const auto items = view.kindList()->findItems(kind, Qt::MatchExactly);
    QCOMPARE(items.size(), 1);
    items.first()->setCheckState(on ? Qt::Checked : Qt::Unchecked);
}
} // namespace

class EventLogViewTest : public QObject {
    Q_OBJECT

private slots:
    void filtersByKindTextRequestAndThread()
    {
        Fixture f;
        EventLogView view(f.hub);
        QCOMPARE(f.deliver(request(1, 7, "worker-1", "/cart/add/apple")), 8);
        QCOMPARE(f.deliver(request(9, 8, "worker-2", "/hello")), 8);
        QCOMPARE(shown(view), 16);
        QCOMPARE(view.kindList()->count(), int(EventKind::Count));

        // Kind: the list, then the presets.
        setKindChecked(view, "local.get", false);
        QCOMPARE(shown(view), 12);
        setKindChecked(view, "local.set", false);
        QCOMPARE(shown(view), 10);
        view.applyPreset(EventLogView::Preset::All);
        QCOMPARE(shown(view), 16);
        QVERIFY(view.selectedKinds().isEmpty());
        view.applyPreset(EventLogView::Preset::NoLocalGet);
        QCOMPARE(shown(view), 12);
        for (int row = 0; row < shown(view); ++row)
            QVERIFY(view.table()->model()->index(row, EventLogModel::KindColumn).data().toString() !=
                    "local.get");
        view.applyPreset(EventLogView::Preset::Session);
        QCOMPARE(shown(view), 8); // request.begin/end, session.write, session.save ×2
        for (int i = 0; i < view.kindList()->count(); ++i)
            view.kindList()->item(i)->setCheckState(Qt::Unchecked);
        QCOMPARE(shown(view), 0);
        view.applyPreset(EventLogView::Preset::All);

        // Text: the kind name or any field, case-insensitive, applied after typing pauses.
        view.textFilter()->setText("CART");
        QTRY_COMPARE(shown(view), 3); // request.begin of /cart/add/apple and both session.writes
        view.textFilter()->setText("/cart/ADD");
        QTRY_COMPARE(shown(view), 1);
        view.textFilter()->setText("session not modified");
        view.applyFilters();
        QCOMPARE(shown(view), 2);
        view.textFilter()->clear();

        // Request: a number (or #number); anything else is refused where it was typed.
        view.requestFilter()->setText("#8");
        view.applyFilters();
        QCOMPARE(shown(view), 8);
        view.requestFilter()->setText("eight");
        view.applyFilters();
        QCOMPARE(shown(view), 8); // the last good filter stays
        bool errorShown = false;
        for (const QLabel *l : view.findChildren<QLabel *>())
            errorShown = errorShown || (l->isVisibleTo(&view) && l->text().contains("not a request id"));
        QVERIFY(errorShown);
        view.requestFilter()->clear();
        view.applyFilters();
        QCOMPARE(shown(view), 16);

        // Thread: the combo offers the threads seen.
        QVERIFY(view.threadFilter()->findText("worker-1") >= 0);
        QVERIFY(view.threadFilter()->findText("worker-2") >= 0);
        view.threadFilter()->setCurrentText("worker-1");
        view.applyFilters();
        QCOMPARE(shown(view), 8);
        view.threadFilter()->setCurrentText(QString());
        view.applyFilters();
        QCOMPARE(shown(view), 16);
    }

    void pauseFreezesWhileCounting()
    {
        Fixture f;
        EventLogView view(f.hub);
        f.deliver(request(1, 1, "worker-1", "/a"));
        QCOMPARE(shown(view), 8);
        QVERIFY(!view.pausedLabel()->isVisibleTo(&view));

        view.pauseAction()->trigger();
        QVERIFY(view.isPaused());
        QCOMPARE(view.pauseAction()->text(), QStringLiteral("Resume"));
        f.deliver(request(9, 2, "worker-1", "/b"));
        QCOMPARE(shown(view), 8);
        QCOMPARE(view.newWhilePaused(), quint64(8));
        QVERIFY(view.pausedLabel()->isVisibleTo(&view));
        QCOMPARE(view.pausedLabel()->text(), QStringLiteral("paused: 8 new events"));
        f.deliver(request(17, 3, "worker-1", "/c"));
        QCOMPARE(shown(view), 8);
        QCOMPARE(view.pausedLabel()->text(), QStringLiteral("paused: 16 new events"));
        QCOMPARE(f.hub.eventsSeen(), quint64(24)); // the other models kept taking them

        view.pauseAction()->trigger();
        QVERIFY(!view.isPaused());
        QCOMPARE(shown(view), 24);
        QVERIFY(!view.pausedLabel()->isVisibleTo(&view));
        QCOMPARE(view.newWhilePaused(), quint64(0));
    }

    void followKeepsTheNewestInView()
    {
        Fixture f;
        EventLogView view(f.hub);
        view.resize(800, 400);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QVERIFY(view.follows());
        for (int i = 0; i < 20; ++i)
            f.deliver(request(1 + 8 * i, i + 1, "worker-1", "/x"));
        QScrollBar *bar = view.table()->verticalScrollBar();
        QVERIFY(bar->maximum() > 0);
        QCOMPARE(bar->value(), bar->maximum());

        // Scrolling up by hand stops following; new rows then leave the view where it is.
        bar->triggerAction(QAbstractSlider::SliderToMinimum);
        QVERIFY(!view.follows());
        f.deliver(request(500, 99, "worker-1", "/y"));
        QCOMPARE(bar->value(), 0);
        view.followAction()->trigger();
        QVERIFY(view.follows());
        QCOMPARE(bar->value(), bar->maximum());
    }

    void droppedCountsComeFromTheHub()
    {
        Fixture f(10); // a feed of 10 events: the GUI "falls behind"
        EventLogView view(f.hub);
        QCOMPARE(view.droppedLabel()->text(),
                 QStringLiteral("dropped: 0 by engine · 0 by GUI feed · 0 evicted"));

        // The engine's ring (64 cells) overflows while nobody drains it.
        f.bus.setEnabled(true);
        for (int i = 0; i < 70; ++i) {
            trace::Event e(EventKind::GGet);
            f.bus.publish(e);
        }
        f.bus.setEnabled(false);
        QCOMPARE(f.bus.dropped(), quint64(6));
        // 16 events into a feed of 10: 6 dropped; the log keeps 4 of the 10 it gets.
        f.hub.eventLog()->setCapacity(4);
        std::vector<trace::Event> events = request(1, 1, "worker-1", "/a");
        const std::vector<trace::Event> more = request(9, 2, "worker-1", "/b");
        events.insert(events.end(), more.begin(), more.end());
        QCOMPARE(f.deliver(events), 10);
        QCOMPARE(f.hub.droppedByFeed(), quint64(6));
        QCOMPARE(f.hub.evictedByModels(), quint64(6));
        const QString text = view.droppedLabel()->text();
        QVERIFY2(text.contains("6 by engine · 6 by GUI feed · 6 evicted"), qPrintable(text));
        QVERIFY(view.droppedLabel()->isVisibleTo(&view));
    }

    void detailsAndActivation()
    {
        Fixture f;
        EventLogView view(f.hub);
        view.resize(900, 500);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        f.deliver(request(1, 7, "worker-3", "/cart/add/apple"));
        f.deliver({makeEvent(EventKind::StackPush, 20, 0, 5,
                             {{"stack", "app"}, {"depth", 1}, {"obj", "AppContext#1 (demo)"}})});

        QTableView *table = view.table();
        table->setCurrentIndex(table->model()->index(3, 0)); // the session.write
        const QTreeWidget *details = view.detailsPane();
        QMap<QString, QString> fields;
        for (int i = 0; i < details->topLevelItemCount(); ++i)
            fields.insert(details->topLevelItem(i)->text(0), details->topLevelItem(i)->text(1));
        QCOMPARE(fields.value("kind"), QStringLiteral("session.write"));
        QCOMPARE(fields.value("thread"), QStringLiteral("worker-3"));
        QCOMPARE(fields.value("seq"), QStringLiteral("4"));
        QCOMPARE(fields.value("key"), QStringLiteral("cart"));
        QCOMPARE(fields.value("value"), QStringLiteral("['apple']"));
        QCOMPARE(fields.value("modified"), QStringLiteral("false"));
        QVERIFY(fields.value("req").startsWith("7"));

        QSignalSpy activated(&view, &EventLogView::requestActivated);
        const auto doubleClickRow = [&](int row) {
            const QRect r = table->visualRect(table->model()->index(row, EventLogModel::KindColumn));
            QVERIFY(r.isValid());
            // A real double-click starts with a press: the view only activates the row it pressed.
            QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, r.center());
            QTest::mouseDClick(table->viewport(), Qt::LeftButton, {}, r.center());
        };
        doubleClickRow(3);
        QCOMPARE(activated.count(), 1);
        QCOMPARE(activated.at(0).at(0).toULongLong(), quint64(7));
        doubleClickRow(8); // outside any request: nothing to open
        QCOMPARE(activated.count(), 1);
    }

    void splitsDetailsByTheKindsFields()
    {
        using Fields = QList<QPair<QString, QString>>;
        QCOMPARE(
            EventLogView::splitDetails(EventKind::LocalSet, "local=request_stack key=stack value=[<A b=1>]"),
            (Fields{{"local", "request_stack"}, {"key", "stack"}, {"value", "[<A b=1>]"}}));
        // Values with spaces and line breaks stay whole.
        QCOMPARE(
            EventLogView::splitDetails(EventKind::RequestBegin,
                                       "method=GET path=/a b query=x=1 headers=Host: h\nX: y"),
            (Fields{{"method", "GET"}, {"path", "/a b"}, {"query", "x=1"}, {"headers", "Host: h\nX: y"}}));
        QCOMPARE(EventLogView::splitDetails(EventKind::StackPush, "stack=app depth=1 obj="),
                 (Fields{{"stack", "app"}, {"depth", "1"}, {"obj", ""}}));
        // What the model really writes splits back into the same fields.
        const trace::Event e =
            makeEvent(EventKind::SessionSave, 1, 1, 1,
                      {{"decision", "skip"}, {"reason", "not modified"}, {"bytes", 0}, {"data", "{'a': 1}"}});
        const Fields fields = EventLogView::splitDetails(e.kind, ui::EventFormat::details(e));
        QCOMPARE(fields.size(), 4);
        for (const auto &[name, value] : fields)
            QCOMPARE(value, e.field(name.toStdString()).toString());
    }
};

QTEST_MAIN(EventLogViewTest)
#include "tst_event_log_view.moc"
