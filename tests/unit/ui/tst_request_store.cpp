// RequestStore and RequestListModel: per-request detail gathered from events (phases with nesting,
// session reads/writes, open outcome, save decision and reason, store ops, errors, flashes), the
// bound on kept requests, and the demo app's cart gotcha: /cart/add/x after /cart/add/y is not
// saved, and the store says why.
#include "UiModelTestSupport.h"
#include "ui/models/RequestListModel.h"
#include "ui/models/RequestStore.h"

#include <QSignalSpy>

using namespace rs;
using trace::EventKind;
using ui::RequestListModel;
using ui::RequestRecord;
using ui::RequestStore;
using uitest::makeEvent;

namespace {
// A whole request by hand: begin, nested phases, session, store, flash, error, end.
std::vector<trace::Event> handRequest(std::uint64_t req, std::uint64_t seq)
{
    const std::uint64_t id = 40 + req;
    return {
        makeEvent(EventKind::RequestBegin, seq, req, id, {{"method", "POST"}, {"path", "/p"}}, "worker-3",
                  100),
        makeEvent(EventKind::PhaseBegin, seq + 1, req, id, {{"phase", "wsgi_app"}, {"name", "app"}},
                  "worker-3", 110),
        makeEvent(EventKind::SessionOpen, seq + 2, req, id,
                  {{"interface", "redis"}, {"outcome", "loaded"}, {"sid", "abc"}}, "worker-3", 115),
        makeEvent(EventKind::StoreOp, seq + 3, req, id,
                  {{"backend", "redis"},
                   {"op", "get"},
                   {"key", "session:abc"},
                   {"ok", true},
                   {"ttl", 60},
                   {"us", 80}},
                  "worker-3", 116),
        makeEvent(EventKind::PhaseBegin, seq + 4, req, id, {{"phase", "view"}, {"name", "p"}}, "worker-3",
                  120),
        makeEvent(EventKind::SessionRead, seq + 5, req, id,
                  {{"key", "n"}, {"value", "1"}, {"accessed", true}}, "worker-3", 121),
        makeEvent(EventKind::SessionWrite, seq + 6, req, id,
                  {{"key", "n"}, {"value", "2"}, {"modified", true}, {"accessed", true}}, "worker-3", 122),
        makeEvent(EventKind::FlashAdd, seq + 7, req, id, {{"category", "info"}, {"message", "hi"}},
                  "worker-3", 123),
        makeEvent(EventKind::Error, seq + 8, req, id, {{"where", "view"}, {"type", "E"}, {"message", "m"}},
                  "worker-3", 124),
        makeEvent(EventKind::PhaseEnd, seq + 9, req, id, {{"phase", "view"}, {"name", "p"}, {"dur_us", 10}},
                  "worker-3", 130),
        makeEvent(EventKind::SessionSave, seq + 10, req, id,
                  {{"decision", "set_cookie"}, {"reason", "modified"}, {"bytes", 77}}, "worker-3", 135),
        makeEvent(EventKind::PhaseEnd, seq + 11, req, id,
                  {{"phase", "wsgi_app"}, {"name", "app"}, {"dur_us", 40}}, "worker-3", 150),
        makeEvent(EventKind::RequestEnd, seq + 12, req, id, {{"status", 201}, {"bytes", 5}, {"dur_us", 60}},
                  "worker-3", 160),
    };
}
} // namespace

class RequestStoreTest : public QObject {
    Q_OBJECT

private slots:
    void gathersEverything()
    {
        RequestStore store;
        RequestListModel list(&store);
        uitest::attachTester(&list);
        auto events = handRequest(1, 1);
        events.push_back(makeEvent(EventKind::GSet, 99, 0, 1, {{"key", "x"}})); // outside requests
        // Split mid-request: the record fills over two batches.
        store.applyEvents({events.begin(), events.begin() + 6});
        QCOMPARE(store.count(), 1);
        QVERIFY(!store.at(0).finished);
        QCOMPARE(list.index(0, RequestListModel::StatusColumn).data().toString(), QString());
        store.applyEvents({events.begin() + 6, events.end()});
        QCOMPARE(store.count(), 1);

        const RequestRecord *r = store.find(1);
        QVERIFY(r);
        QCOMPARE(r->method, QStringLiteral("POST"));
        QCOMPARE(r->path, QStringLiteral("/p"));
        QCOMPARE(r->status, 201);
        QCOMPARE(r->bytes, qint64(5));
        QCOMPARE(r->durUs, qint64(60));
        QCOMPARE(r->thread, QStringLiteral("worker-3"));
        QCOMPARE(r->ident, quint64(41));
        QCOMPARE(r->startUs, qint64(100));
        QCOMPARE(r->endUs, qint64(160));
        QVERIFY(r->finished);
        QCOMPARE(int(r->phases.size()), 2);
        QCOMPARE(r->phases[0].phase, QStringLiteral("wsgi_app"));
        QCOMPARE(r->phases[0].nesting, 0);
        QCOMPARE(r->phases[0].durUs, qint64(40));
        QCOMPARE(r->phases[1].name, QStringLiteral("p"));
        QCOMPARE(r->phases[1].nesting, 1);
        QCOMPARE(r->phases[1].beginUs, qint64(120));
        QCOMPARE(r->phases[1].endUs, qint64(130));
        QVERIFY(r->openPhases.empty());
        QCOMPARE(r->sessionOutcome, QStringLiteral("loaded"));
        QCOMPARE(r->sessionInterface, QStringLiteral("redis"));
        QCOMPARE(r->sessionSid, QStringLiteral("abc"));
        QCOMPARE(int(r->session.size()), 2);
        QCOMPARE(r->session[0].kind, QStringLiteral("read"));
        QVERIFY(!r->session[0].modified);
        QCOMPARE(r->session[1].kind, QStringLiteral("write"));
        QCOMPARE(r->session[1].value, QStringLiteral("2"));
        QVERIFY(r->session[1].modified);
        QCOMPARE(r->saveDecision, QStringLiteral("set_cookie"));
        QCOMPARE(r->saveReason, QStringLiteral("modified"));
        QCOMPARE(r->saveBytes, qint64(77));
        QCOMPARE(int(r->storeOps.size()), 1);
        QCOMPARE(r->storeOps[0].key, QStringLiteral("session:abc"));
        QVERIFY(r->storeOps[0].ok);
        QCOMPARE(r->storeOps[0].ttl, qint64(60));
        QCOMPARE(int(r->errors.size()), 1);
        QCOMPARE(int(r->flashes.size()), 1);
        QCOMPARE(r->flashes[0].kind, QStringLiteral("add"));

        QCOMPARE(list.rowCount(), 1);
        QCOMPARE(list.index(0, RequestListModel::StatusColumn).data().toString(), QStringLiteral("201"));
        QCOMPARE(list.index(0, RequestListModel::DurationColumn).data().toString(),
                 QStringLiteral("0.06 ms"));
        QCOMPARE(list.index(0, RequestListModel::SaveColumn).data().toString(), QStringLiteral("set_cookie"));
        QCOMPARE(list.index(0, 0).data(RequestListModel::RequestIdRole).toULongLong(), quint64(1));
    }

    void keepsTheLastN()
    {
        RequestStore store(nullptr, 3);
        RequestListModel list(&store);
        uitest::attachTester(&list);
        QSignalSpy inserted(&list, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&list, &QAbstractItemModel::rowsRemoved);
        std::vector<trace::Event> batch;
        for (std::uint64_t req = 1; req <= 5; ++req)
            for (const trace::Event &e : handRequest(req, req * 100))
                batch.push_back(e);
        store.applyEvents(batch);
        QCOMPARE(inserted.count(), 1); // one insert and one removal for the whole batch
        QCOMPARE(removed.count(), 1);
        QCOMPARE(store.count(), 3);
        QCOMPARE(store.seen(), quint64(5));
        QCOMPARE(store.evicted(), quint64(2));
        QVERIFY(!store.find(2));
        QCOMPARE(store.rowOf(3), 0);
        QCOMPARE(store.find(5)->status, 201);

        // A late event of a dropped request does not bring it back.
        store.applyEvents({makeEvent(EventKind::RequestEnd, 600, 2, 42, {{"status", 200}})});
        QCOMPARE(store.count(), 3);
        QVERIFY(!store.find(2));
        QCOMPARE(store.lateEvents(), quint64(1));

        for (const trace::Event &e : handRequest(6, 1000))
            store.applyEvents({e});
        QCOMPARE(store.count(), 3);
        QCOMPARE(store.at(0).id, quint64(4));
        QCOMPARE(store.at(2).id, quint64(6));
        QCOMPARE(store.at(2).path, QStringLiteral("/p"));
        QCOMPARE(list.index(2, 0).data().toString(), QStringLiteral("6"));

        store.setCapacity(1);
        QCOMPARE(list.rowCount(), 1);
        QCOMPARE(store.evicted(), quint64(5));
        store.clear();
        QCOMPARE(list.rowCount(), 0);
    }

    void cartChangeNotSavedAndWhy()
    {
        test::EventRecorder recorder;
        uitest::DemoServer server;
        QVERIFY2(server.started(), qPrintable(server.error()));
        QCOMPARE(server.get("/cart/add/y").status, 200);
        QCOMPARE(server.get("/cart/add/x").status, 200);
        const std::vector<trace::Event> events = uitest::eventsAfterRequests(recorder, 2);
        QVERIFY(!events.empty());

        RequestStore store;
        RequestListModel list(&store);
        uitest::attachTester(&list);
        for (const auto &batch : uitest::batches(events, 5))
            store.applyEvents(batch);
        QCOMPARE(store.count(), 2);

        const RequestRecord *y = store.find(uitest::requestFor(events, QStringLiteral("/cart/add/y")));
        const RequestRecord *x = store.find(uitest::requestFor(events, QStringLiteral("/cart/add/x")));
        QVERIFY(y && x);
        QCOMPARE(y->saveDecision, QStringLiteral("set_cookie")); // the cart was created
        QCOMPARE(y->sessionOutcome, QStringLiteral("new"));

        QCOMPARE(x->method, QStringLiteral("GET"));
        QCOMPARE(x->status, 200);
        QVERIFY(x->finished);
        QCOMPARE(x->sessionOutcome, QStringLiteral("loaded"));
        QVERIFY(x->sessionSaved);
        QCOMPARE(x->saveDecision, QStringLiteral("skip"));
        QVERIFY2(!x->saveReason.isEmpty(), "the skip must say why");
        QVERIFY2(x->saveReason.contains(QStringLiteral("not modified")), qPrintable(x->saveReason));
        // The view read the cart and never wrote it: that is why nothing was saved.
        QVERIFY(std::any_of(x->session.begin(), x->session.end(), [](const RequestRecord::SessionEvent &s) {
            return s.kind == QStringLiteral("read") && s.key == QStringLiteral("cart");
        }));
        QVERIFY(std::none_of(x->session.begin(), x->session.end(), [](const RequestRecord::SessionEvent &s) {
            return s.kind == QStringLiteral("write");
        }));
        QVERIFY(std::any_of(x->phases.begin(), x->phases.end(), [](const RequestRecord::Phase &p) {
            return p.phase == QStringLiteral("view") && p.nesting > 0 && p.durUs >= 0;
        }));
        QVERIFY(std::any_of(x->phases.begin(), x->phases.end(), [](const RequestRecord::Phase &p) {
            return p.phase == QStringLiteral("save_session");
        }));
        for (const RequestRecord::Phase &p : x->phases)
            QVERIFY2(p.durUs >= 0, qPrintable(p.phase + QLatin1Char(':') + p.name + " never ended"));

        const int row = store.rowOf(x->id);
        QCOMPARE(list.index(row, RequestListModel::SaveColumn).data().toString(), QStringLiteral("skip"));
        QCOMPARE(list.index(row, RequestListModel::PathColumn).data().toString(),
                 QStringLiteral("/cart/add/x"));
        QCOMPARE(list.index(row, RequestListModel::SaveColumn).data(Qt::ToolTipRole).toString(),
                 x->saveReason);
    }
};

QTEST_GUILESS_MAIN(RequestStoreTest)
#include "tst_request_store.moc"
