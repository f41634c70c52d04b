// ModelHub: one batch per tick handed to every model (one insert per model per tick, however many
// times the feed was filled), the 16 ms timer, the counters (engine ring drops, feed drops, model
// evictions), and the whole chain live: engine → dispatcher → EventFeed → hub → models.
#include "UiModelTestSupport.h"
#include "core/trace/EventBus.h"
#include "core/trace/EventDispatcher.h"
#include "ui/EventFeed.h"
#include "ui/models/ContextStackModel.h"
#include "ui/models/EventFilterProxyModel.h"
#include "ui/models/EventLogModel.h"
#include "ui/models/LocalStorageModel.h"
#include "ui/models/ModelHub.h"
#include "ui/models/RequestListModel.h"
#include "ui/models/RequestStore.h"

#include <QElapsedTimer>
#include <QSignalSpy>

using namespace rs;
using trace::EventKind;
using ui::ModelHub;
using uitest::makeEvent;

namespace {
// Requests `first`..`first+count-1`, each with a begin, a local set, a push, a pop, a release, an end.
std::vector<trace::Event> requests(std::uint64_t first, std::uint64_t count, std::uint64_t &seq)
{
    std::vector<trace::Event> out;
    for (std::uint64_t req = first; req < first + count; ++req) {
        const std::uint64_t ident = 100 + req;
        out.push_back(
            makeEvent(EventKind::RequestBegin, seq++, req, ident, {{"method", "GET"}, {"path", "/"}}));
        out.push_back(makeEvent(EventKind::LocalSet, seq++, req, ident,
                                {{"local", "request_stack"}, {"key", "stack"}, {"value", "[]"}}));
        out.push_back(makeEvent(EventKind::StackPush, seq++, req, ident,
                                {{"stack", "request"}, {"depth", 1}, {"obj", "RequestContext#1"}}));
        out.push_back(makeEvent(EventKind::StackPop, seq++, req, ident,
                                {{"stack", "request"}, {"depth", 0}, {"obj", "RequestContext#1"}}));
        out.push_back(makeEvent(EventKind::LocalRelease, seq++, req, ident,
                                {{"local", "request_stack"}, {"key", "stack"}, {"value", "released"}}));
        out.push_back(makeEvent(EventKind::RequestEnd, seq++, req, ident,
                                {{"status", 200}, {"bytes", 1}, {"dur_us", 5}}));
    }
    return out;
}

void attachTesters(ModelHub &hub)
{
    uitest::attachTester(hub.eventLog());
    uitest::attachTester(hub.eventFilter());
    uitest::attachTester(hub.localStorage());
    uitest::attachTester(hub.contextStacks());
    uitest::attachTester(hub.requestList());
}
} // namespace

class ModelHubTest : public QObject {
    Q_OBJECT

private slots:
    void oneBatchPerTick()
    {
        auto feed = std::make_shared<ui::EventFeed>();
        ModelHub hub(feed);
        attachTesters(hub);
        QSignalSpy logInserts(hub.eventLog(), &QAbstractItemModel::rowsInserted);
        QSignalSpy filterInserts(hub.eventFilter(), &QAbstractItemModel::rowsInserted);
        QSignalSpy listInserts(hub.requestList(), &QAbstractItemModel::rowsInserted);
        QSignalSpy applied(&hub, &ModelHub::batchApplied);

        // The dispatcher delivers three times before the GUI's next tick.
        std::uint64_t seq = 1;
        for (std::uint64_t first : {1, 4, 7}) {
            const auto events = requests(first, 3, seq);
            feed->consume(events.data(), events.size());
        }
        QCOMPARE(hub.tick(), 54);
        QCOMPARE(logInserts.count(), 1);
        QCOMPARE(filterInserts.count(), 1);
        QCOMPARE(listInserts.count(), 1);
        QCOMPARE(applied.count(), 1);
        QCOMPARE(applied.at(0).at(0).toInt(), 54);
        QCOMPARE(hub.eventLog()->rowCount(), 54);
        QCOMPARE(hub.requestList()->rowCount(), 9);
        QCOMPARE(hub.localStorage()->rowCount(hub.localStorage()->localIndex("request_stack")), 0);
        QCOMPARE(hub.contextStacks()->rowCount(), 0);
        QCOMPARE(hub.eventsSeen(), quint64(54));
        QCOMPARE(hub.batches(), quint64(1));

        // Nothing new: no update at all.
        QCOMPARE(hub.tick(), 0);
        QCOMPARE(logInserts.count(), 1);
        QCOMPARE(applied.count(), 1);
        QCOMPARE(hub.batches(), quint64(1));
    }

    void aFloodIsSpreadOverTicksWithinTheBudget()
    {
        auto feed = std::make_shared<ui::EventFeed>(1'000'000);
        ModelHub hub(feed);
        std::uint64_t seq = 1;
        // 30 000 requests, 180 000 events: far more model work than one tick's budget.
        const auto events = requests(1, 30'000, seq);
        feed->consume(events.data(), events.size());
        QElapsedTimer first;
        first.start();
        const int firstTick = hub.tick();
        const qint64 firstMs = first.elapsed();
        QVERIFY(firstTick > 0);
        QVERIFY2(firstTick < static_cast<int>(events.size()), "one tick must not take the whole flood");
        QCOMPARE(feed->pending(), events.size() - static_cast<std::size_t>(firstTick));
        // One chunk may run past the budget, never the whole backlog.
        QVERIFY2(firstMs < 1000, qPrintable(QString::number(firstMs)));
        int ticks = 1;
        while (feed->pending() > 0 && ticks < 100'000) {
            hub.tick();
            ++ticks;
        }
        QCOMPARE(feed->pending(), std::size_t(0));
        QVERIFY(ticks > 1);
        QCOMPARE(hub.eventsSeen(), quint64(events.size()));
        QCOMPARE(hub.batches(), quint64(ticks));
        QCOMPARE(feed->dropped(), std::uint64_t(0));
        QCOMPARE(hub.contextStacks()->rowCount(), 0); // every request was applied whole, in order
    }

    void timerTicksEvery16ms()
    {
        auto feed = std::make_shared<ui::EventFeed>();
        ModelHub hub(feed);
        attachTesters(hub);
        QSignalSpy logInserts(hub.eventLog(), &QAbstractItemModel::rowsInserted);
        QSignalSpy applied(&hub, &ModelHub::batchApplied);
        QVERIFY(!hub.isRunning());
        hub.start();
        QVERIFY(hub.isRunning());

        std::uint64_t seq = 1;
        std::uint64_t total = 0;
        for (std::uint64_t first = 1; first <= 40; first += 4) {
            const auto events = requests(first, 4, seq);
            feed->consume(events.data(), events.size());
            total += events.size();
            QTest::qWait(5);
        }
        QTRY_COMPARE(hub.eventsSeen(), total);
        hub.stop();
        QVERIFY(!hub.isRunning());
        // One update per tick that had events: as many inserts (and batches) as ticks that delivered.
        QVERIFY(hub.batches() >= 1);
        QCOMPARE(quint64(applied.count()), hub.batches());
        QCOMPARE(quint64(logInserts.count()), hub.batches());
        QVERIFY(hub.batches() < 10 * 4); // batched, not one update per event or per delivery-sized chunk
        QCOMPARE(hub.requests()->count(), 40);
    }

    void counters()
    {
        trace::EventBus bus(8);
        bus.setEnabled(true);
        for (int i = 0; i < 20; ++i) {
            trace::Event e(EventKind::GSet);
            bus.publish(e);
        }
        QVERIFY(bus.dropped() > 0);

        auto feed = std::make_shared<ui::EventFeed>(5);
        ModelHub hub(feed, bus);
        attachTesters(hub);
        QCOMPARE(hub.droppedByEngine(), bus.dropped());

        std::uint64_t seq = 1;
        const auto events = requests(1, 2, seq); // 12 events into a feed of 5
        feed->consume(events.data(), events.size());
        QCOMPARE(hub.droppedByFeed(), quint64(7));
        hub.eventLog()->setCapacity(2);
        QCOMPARE(hub.tick(), 5);
        QCOMPARE(hub.eventsSeen(), quint64(5));
        QCOMPARE(hub.evictedByModels(), quint64(3));
        hub.requests()->setCapacity(1);
        const auto more = requests(3, 2, seq);
        feed->consume(more.data(), 5);
        hub.tick();
        QCOMPARE(hub.evictedByModels(), hub.eventLog()->evicted() + hub.requests()->evicted());
        QVERIFY(hub.requests()->evicted() >= 1);
        QCOMPARE(hub.requests()->count(), 1);
    }

    void liveThroughTheDispatcher()
    {
        auto feed = std::make_shared<ui::EventFeed>();
        trace::EventDispatcher dispatcher;
        dispatcher.addSink(feed);
        dispatcher.start();
        ModelHub hub(feed);
        attachTesters(hub);
        hub.start();

        {
            uitest::DemoServer server;
            QVERIFY2(server.started(), qPrintable(server.error()));
            QCOMPARE(server.get("/login").status, 200);
            QCOMPARE(server.get("/home").status, 200);
            QTRY_VERIFY(hub.requests()->count() == 2 && hub.requests()->at(1).finished);
        }
        dispatcher.stop();

        const ui::RequestRecord &login = hub.requests()->at(0);
        QCOMPARE(login.path, QStringLiteral("/login"));
        QCOMPARE(login.saveDecision, QStringLiteral("set_cookie"));
        QCOMPARE(hub.requests()->at(1).path, QStringLiteral("/home"));
        QCOMPARE(hub.requestList()->rowCount(), 2);
        QVERIFY(hub.eventLog()->rowCount() > 20);
        QCOMPARE(hub.eventsSeen(), quint64(hub.eventLog()->rowCount()));
        QCOMPARE(hub.droppedByFeed(), quint64(0));
        // After the requests every slot is released and every stack popped.
        auto *locals = hub.localStorage();
        QVERIFY(locals->localIndex("request_stack").isValid());
        QCOMPARE(locals->rowCount(locals->localIndex("request_stack")), 0);
        QCOMPARE(hub.contextStacks()->rowCount(), 0);
        hub.eventFilter()->setRequest(login.id);
        QCOMPARE(hub.eventFilter()->index(0, ui::EventLogModel::KindColumn).data().toString(),
                 QStringLiteral("request.begin"));
    }
};

QTEST_GUILESS_MAIN(ModelHubTest)
#include "tst_model_hub.moc"
