// ContextStackModel: per ident, the app and request stacks as ordered boxes that follow
// stack.push/stack.pop, by hand (nesting, a dropped event, a pop never pushed) and from real
// requests of the demo app replayed event by event (the depth always equals the event's).
#include "UiModelTestSupport.h"
#include "ui/models/ContextStackModel.h"

using namespace rs;
using trace::EventKind;
using ui::ContextStackModel;
using uitest::makeEvent;

namespace {
const QString kApp = QStringLiteral("app");
const QString kRequest = QStringLiteral("request");

trace::Event stack(EventKind kind, std::uint64_t seq, std::uint64_t ident, const QString &name, int depth,
                   const QString &obj)
{
    return makeEvent(kind, seq, 1, ident, {{"stack", name}, {"depth", depth}, {"obj", obj}});
}
} // namespace

class ContextStackModelTest : public QObject {
    Q_OBJECT

private slots:
    // After lost events: the idents the engine no longer has a slot for go.
    void retainIdentsDropsDeadIdents()
    {
        ContextStackModel m;
        uitest::attachTester(&m);
        m.applyEvents({stack(EventKind::StackPush, 1, 9, kApp, 1, "AppContext#1"),
                       stack(EventKind::StackPush, 2, 9, kRequest, 1, "RequestContext#1"),
                       stack(EventKind::StackPush, 3, 4, kApp, 1, "AppContext#2"),
                       stack(EventKind::StackPush, 4, 3, kApp, 1, "AppContext#3")});
        QCOMPARE(m.rowCount(), 3);
        m.retainIdents({4});
        QCOMPARE(m.rowCount(), 1);
        QVERIFY(m.identIndex(4).isValid());
        QVERIFY(!m.identIndex(9).isValid());
        QCOMPARE(m.depth(4, kApp), 1);
    }

    void pushAndPop()
    {
        ContextStackModel m;
        uitest::attachTester(&m);
        m.applyEvents({stack(EventKind::StackPush, 1, 9, kApp, 1, "AppContext#1"),
                       stack(EventKind::StackPush, 2, 9, kRequest, 1, "RequestContext#1"),
                       stack(EventKind::StackPush, 3, 9, kRequest, 2, "RequestContext#2"),
                       stack(EventKind::StackPush, 4, 4, kApp, 1, "AppContext#2")});
        QCOMPARE(m.rowCount(), 2);
        QCOMPARE(m.depth(9, kApp), 1);
        QCOMPARE(m.depth(9, kRequest), 2);
        QCOMPARE(m.objects(9, kRequest), (QStringList{"RequestContext#1", "RequestContext#2"}));
        const QModelIndex req = m.stackIndex(9, kRequest);
        QCOMPARE(m.index(req.row(), ContextStackModel::ValueColumn, req.parent()).data().toString(),
                 QStringLiteral("depth 2"));
        QCOMPARE(m.index(1, 0, req).data(ContextStackModel::NumberRole).toULongLong(), quint64(2));
        QCOMPARE(m.index(1, 0, req).data(ContextStackModel::TouchKindRole).toString(),
                 QStringLiteral("push"));
        QCOMPARE(m.identIndex(9).data(ContextStackModel::TouchKindRole).toString(), QStringLiteral("push"));

        m.applyEvents({stack(EventKind::StackPop, 5, 9, kRequest, 1, "RequestContext#2")});
        QCOMPARE(m.objects(9, kRequest), QStringList{"RequestContext#1"});
        QCOMPARE(m.stackIndex(9, kRequest).data(ContextStackModel::TouchKindRole).toString(),
                 QStringLiteral("pop"));

        // The last pop of a stack removes it; of the last stack, the ident.
        m.applyEvents({stack(EventKind::StackPop, 6, 9, kRequest, 0, "RequestContext#1")});
        QVERIFY(!m.stackIndex(9, kRequest).isValid());
        QCOMPARE(m.depth(9, kRequest), 0);
        QVERIFY(m.identIndex(9).isValid());
        m.applyEvents({stack(EventKind::StackPop, 7, 9, kApp, 0, "AppContext#1")});
        QVERIFY(!m.identIndex(9).isValid());
        QCOMPARE(m.rowCount(), 1);

        // A pop of a stack never seen pushed changes nothing.
        m.applyEvents({stack(EventKind::StackPop, 8, 77, kApp, 0, "AppContext#9")});
        QCOMPARE(m.rowCount(), 1);
    }

    void depthFromTheEventWins()
    {
        ContextStackModel m;
        uitest::attachTester(&m);
        // The push to depth 2 and the pop back to 1 were dropped: the model follows the next push.
        m.applyEvents({stack(EventKind::StackPush, 1, 3, kRequest, 1, "RequestContext#1"),
                       stack(EventKind::StackPush, 4, 3, kRequest, 2, "RequestContext#3")});
        QCOMPARE(m.objects(3, kRequest), (QStringList{"RequestContext#1", "RequestContext#3"}));
        m.applyEvents({stack(EventKind::StackPush, 5, 3, kRequest, 2, "RequestContext#4")});
        QCOMPARE(m.objects(3, kRequest), (QStringList{"RequestContext#1", "RequestContext#4"}));
        m.applyEvents({stack(EventKind::StackPop, 6, 3, kRequest, 0, "RequestContext#1")});
        QVERIFY(!m.identIndex(3).isValid());
    }

    void liveDepthFollowsPushAndPop()
    {
        test::EventRecorder recorder;
        uitest::DemoServer server;
        QVERIFY2(server.started(), qPrintable(server.error()));
        QCOMPARE(server.get("/hello").status, 200);
        QCOMPARE(server.get("/g").status, 200);
        QCOMPARE(server.get("/boom").status, 500);
        const std::vector<trace::Event> events = uitest::eventsAfterRequests(recorder, 3);
        QVERIFY(!events.empty());

        ContextStackModel m;
        uitest::attachTester(&m);
        int pushes = 0;
        int maxDepth = 0;
        QSet<std::uint64_t> idents;
        for (const trace::Event &e : events) {
            m.applyEvents({e});
            if (e.kind != EventKind::StackPush && e.kind != EventKind::StackPop)
                continue;
            const QString name = e.field("stack").toString();
            const int depth = e.field("depth").toInt();
            QCOMPARE(m.depth(e.ident, name), depth);
            if (e.kind == EventKind::StackPush) {
                ++pushes;
                QCOMPARE(m.objects(e.ident, name).constLast(), e.field("obj").toString());
                // While a request runs, its app context sits under it on the same ident.
                if (name == kRequest)
                    QVERIFY(m.depth(e.ident, kApp) >= 1);
            }
            maxDepth = std::max(maxDepth, depth);
            idents.insert(e.ident);
        }
        QVERIFY(pushes >= 6); // an app and a request context per request
        QVERIFY(maxDepth >= 1);
        for (std::uint64_t ident : idents)
            QVERIFY(!m.identIndex(ident).isValid()); // every stack emptied after the requests
        QCOMPARE(m.rowCount(), 0);
    }
};

QTEST_GUILESS_MAIN(ContextStackModelTest)
#include "tst_context_stack_model.moc"
