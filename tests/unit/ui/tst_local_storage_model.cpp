// LocalStorageModel: the `__storage__` tree built from local.* events, by hand (set/get/del/
// release, touch marks) and from a real request of the demo app replayed event by event: the
// request's ident gains a slot in request_stack and app_stack during the request and loses it after.
#include "UiModelTestSupport.h"
#include "ui/models/LocalStorageModel.h"

using namespace rs;
using trace::EventKind;
using ui::LocalStorageModel;
using uitest::makeEvent;

namespace {
const QString kReq = QStringLiteral("request_stack");
const QString kApp = QStringLiteral("app_stack");

trace::Event local(EventKind kind, std::uint64_t seq, std::uint64_t ident, const QString &name,
                   const QString &key, const QString &value = {})
{
    return makeEvent(kind, seq, 1, ident, {{"local", name}, {"key", key}, {"value", value}});
}
} // namespace

class LocalStorageModelTest : public QObject {
    Q_OBJECT

private slots:
    // After lost events the GUI prunes to the engine's live slots: a slot whose release was
    // dropped goes, a live one stays with its contents.
    void retainSlotsDropsWhatTheEngineReleased()
    {
        LocalStorageModel m;
        uitest::attachTester(&m);
        m.applyEvents({local(EventKind::LocalSet, 1, 5, kReq, "stack", "[]"),
                       local(EventKind::LocalSet, 2, 6, kReq, "stack", "[]"),
                       local(EventKind::LocalSet, 3, 7, kReq, "stack", "[]"),
                       local(EventKind::LocalSet, 4, 5, kApp, "stack", "[]")});
        QCOMPARE(m.rowCount(m.localIndex(kReq)), 3);
        m.retainSlots(kReq, {6});
        QCOMPARE(m.rowCount(m.localIndex(kReq)), 1);
        QVERIFY(m.slotIndex(kReq, 6).isValid());
        QVERIFY(!m.slotIndex(kReq, 5).isValid());
        QCOMPARE(m.index(m.localIndex(kReq).row(), LocalStorageModel::ValueColumn).data().toString(),
                 QStringLiteral("1 ident"));
        QVERIFY(m.slotIndex(kApp, 5).isValid());   // another Local is left alone
        m.retainSlots(QStringLiteral("nope"), {}); // an unknown Local: nothing happens
        m.retainSlots(kApp, {});
        QCOMPARE(m.rowCount(m.localIndex(kApp)), 0);
    }

    void setGetDelRelease()
    {
        LocalStorageModel m;
        uitest::attachTester(&m);
        // A get or a release before any set shows nothing.
        m.applyEvents({local(EventKind::LocalGet, 1, 5, kReq, "stack", "<missing>"),
                       local(EventKind::LocalRelease, 2, 5, kReq, "", "released")});
        QCOMPARE(m.rowCount(), 0);

        m.applyEvents({local(EventKind::LocalSet, 3, 5, kReq, "stack", "[]"),
                       local(EventKind::LocalSet, 4, 6, kReq, "stack", "[]"),
                       local(EventKind::LocalSet, 5, 5, kReq, "user", "alex"),
                       local(EventKind::LocalSet, 6, 5, kApp, "stack", "[]")});
        QCOMPARE(m.rowCount(), 2);
        const QModelIndex req = m.localIndex(kReq);
        QCOMPARE(req.data().toString(), kReq);
        QCOMPARE(m.index(req.row(), LocalStorageModel::ValueColumn).data().toString(),
                 QStringLiteral("2 idents"));
        QCOMPARE(m.rowCount(req), 2);
        const QModelIndex slot5 = m.slotIndex(kReq, 5);
        QCOMPARE(slot5.data().toString(), QStringLiteral("5"));
        QCOMPARE(slot5.data(LocalStorageModel::NumberRole).toULongLong(), quint64(5));
        QCOMPARE(m.index(slot5.row(), 1, req).data().toString(),
                 QStringLiteral("thread 5 (worker-1)")); // its thread
        QCOMPARE(m.rowCount(slot5), 2);
        QModelIndex user = m.valueIndex(kReq, 5, "user");
        QCOMPARE(m.index(user.row(), 1, slot5).data().toString(), QStringLiteral("alex"));
        QCOMPARE(user.data(LocalStorageModel::TouchKindRole).toString(), QStringLiteral("set"));
        QCOMPARE(user.data(LocalStorageModel::LastTouchedRole).toLongLong(), qint64(50));

        // A get marks the cell and refreshes its text (a stack changes in place); set overwrites.
        m.applyEvents({local(EventKind::LocalGet, 7, 5, kReq, "stack", "[<RequestContext#1>]"),
                       local(EventKind::LocalSet, 8, 5, kReq, "user", "sam")});
        const QModelIndex stack = m.valueIndex(kReq, 5, "stack");
        QCOMPARE(stack.data(LocalStorageModel::TouchKindRole).toString(), QStringLiteral("get"));
        QCOMPARE(stack.data(LocalStorageModel::LastTouchedRole).toLongLong(), qint64(70));
        QCOMPARE(stack.data(LocalStorageModel::ValueRole).toString(), QStringLiteral("[<RequestContext#1>]"));
        QCOMPARE(m.valueIndex(kReq, 5, "user").data(LocalStorageModel::ValueRole).toString(),
                 QStringLiteral("sam"));
        QCOMPARE(m.rowCount(slot5), 2);
        QCOMPARE(m.latestTUs(), qint64(80));

        // del removes the name and marks the ident's slot.
        m.applyEvents({local(EventKind::LocalDel, 9, 5, kReq, "user")});
        QVERIFY(!m.valueIndex(kReq, 5, "user").isValid());
        QCOMPARE(m.rowCount(m.slotIndex(kReq, 5)), 1);
        QCOMPARE(m.slotIndex(kReq, 5).data(LocalStorageModel::TouchKindRole).toString(),
                 QStringLiteral("del"));

        // release drops the whole slot; the Local stays, with its other idents.
        m.applyEvents({local(EventKind::LocalRelease, 10, 5, kReq, "stack", "released")});
        QVERIFY(!m.slotIndex(kReq, 5).isValid());
        QVERIFY(m.slotIndex(kReq, 6).isValid());
        QVERIFY(m.slotIndex(kApp, 5).isValid());
        QCOMPARE(m.localIndex(kReq).data(LocalStorageModel::TouchKindRole).toString(),
                 QStringLiteral("release"));
        QCOMPARE(m.index(m.localIndex(kReq).row(), 1).data().toString(), QStringLiteral("1 ident"));

        m.clear();
        QCOMPARE(m.rowCount(), 0);
    }

    void liveRequestGainsAndLosesTheSlot()
    {
        test::EventRecorder recorder;
        uitest::DemoServer server;
        QVERIFY2(server.started(), qPrintable(server.error()));
        QCOMPARE(server.get("/login").status, 200);
        QCOMPARE(server.get("/hello").status, 200);
        const std::vector<trace::Event> events = uitest::eventsAfterRequests(recorder, 2);
        QVERIFY(!events.empty());
        const std::uint64_t hello = uitest::requestFor(events, QStringLiteral("/hello"));
        QVERIFY(hello != 0);
        std::uint64_t ident = 0;
        for (const trace::Event &e : events)
            if (e.req == hello && e.kind == EventKind::RequestBegin)
                ident = e.ident;

        LocalStorageModel m;
        uitest::attachTester(&m);
        bool sawRequestSlot = false;
        bool sawAppSlot = false;
        bool sawRelease = false;
        bool inHello = false;
        for (const trace::Event &e : events) {
            m.applyEvents({e});
            if (e.req == hello)
                inHello = true;
            if (!inHello || e.ident != ident)
                continue;
            const QString name = e.field("local").toString();
            if (e.kind == EventKind::LocalSet && name == kReq) {
                const QModelIndex slot = m.slotIndex(kReq, ident);
                QVERIFY(slot.isValid());
                sawRequestSlot = true;
                const QModelIndex cell = m.valueIndex(kReq, ident, e.field("key").toString());
                QVERIFY(cell.isValid());
                QCOMPARE(cell.data(LocalStorageModel::LastTouchedRole).toLongLong(), e.tUs);
                QCOMPARE(cell.data(LocalStorageModel::TouchKindRole).toString(), QStringLiteral("set"));
                QCOMPARE(cell.data(LocalStorageModel::RequestRole).toULongLong(), e.req);
            }
            if (e.kind == EventKind::LocalSet && name == kApp)
                sawAppSlot = m.slotIndex(kApp, ident).isValid();
            if (e.kind == EventKind::LocalGet && name == kReq) {
                const QModelIndex cell = m.valueIndex(kReq, ident, e.field("key").toString());
                if (cell.isValid())
                    QCOMPARE(cell.data(LocalStorageModel::TouchKindRole).toString(), QStringLiteral("get"));
            }
            if (e.kind == EventKind::LocalRelease && name == kReq) {
                QVERIFY(!m.slotIndex(kReq, ident).isValid());
                sawRelease = true;
            }
        }
        QVERIFY(sawRequestSlot);
        QVERIFY(sawAppSlot);
        QVERIFY(sawRelease);
        QVERIFY(!m.slotIndex(kReq, ident).isValid());
        QVERIFY(!m.slotIndex(kApp, ident).isValid());
        QVERIFY(m.localIndex(kReq).isValid()); // the Local itself stays, empty
        QCOMPARE(m.rowCount(m.localIndex(kReq)), 0);
    }
};

QTEST_GUILESS_MAIN(LocalStorageModelTest)
#include "tst_local_storage_model.moc"
