// ContextStackView: the stacks follow push/push/pop/pop box by box, an ident goes when its stacks
// are empty, pushes and pops animate without blocking, and clicking a box fills ContextDetail
// from the RequestStore (request path and args, session, g) or, for an AppContext, the app name.
#include "UiModelTestSupport.h"
#include "ui/models/ContextStackModel.h"
#include "ui/models/RequestStore.h"
#include "ui/views/ContextDetail.h"
#include "ui/views/ContextStackView.h"
#include "ui/views/ContextStackViewCanvas.h"

#include <QApplication>
#include <QSignalSpy>

using namespace rs;
using trace::EventKind;
using ui::ContextDetail;
using ui::ContextStackModel;
using ui::ContextStackView;
using ui::ContextStackViewCanvas;
using ui::RequestStore;
using uitest::makeEvent;

namespace {
const QString kApp = QStringLiteral("app");
const QString kRequest = QStringLiteral("request");
constexpr std::uint64_t kIdent = 140237;

trace::Event stack(EventKind kind, std::uint64_t seq, std::uint64_t req, const QString &name, int depth,
                   const QString &obj)
{
    return makeEvent(kind, seq, req, kIdent, {{"stack", name}, {"depth", depth}, {"obj", obj}}, "worker-2");
}

class Feed {
public:
    Feed(ContextStackModel &stacks, RequestStore &requests) : stacks_(stacks), requests_(requests) {}
    void operator()(const std::vector<trace::Event> &batch)
    {
        stacks_.applyEvents(batch);
        requests_.applyEvents(batch);
    }

private:
    ContextStackModel &stacks_;
    RequestStore &requests_;
};
} // namespace

class ContextStackViewTest : public QObject {
    Q_OBJECT

private slots:
    void boxesFollowPushAndPop()
    {
        ContextStackModel model;
        uitest::attachTester(&model);
        RequestStore requests;
        Feed feed(model, requests);
        ContextStackView view(&model, &requests);
        view.resize(900, 700);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        ContextStackViewCanvas *canvas = view.canvas();
        QVERIFY(canvas->idents().isEmpty());

        feed({stack(EventKind::StackPush, 1, 7, kApp, 1, "AppContext#1 (demo)"),
              stack(EventKind::StackPush, 2, 7, kRequest, 1, "RequestContext#7 GET /slow")});
        QCOMPARE(canvas->idents(), QList<quint64>{kIdent});
        QCOMPARE(canvas->boxCount(kIdent, kApp), 1);
        QCOMPARE(canvas->boxCount(kIdent, kRequest), 1);
        QVERIFY(canvas->isAnimating()); // the push slides in, without blocking anything

        // A nested request context (e.g. test_request_context inside a view): depth 2, 1, 0.
        feed({stack(EventKind::StackPush, 3, 7, kRequest, 2, "RequestContext#8 GET /inner")});
        QCOMPARE(canvas->boxCount(kIdent, kRequest), 2);
        const QRect lower = canvas->boxRect(kIdent, kRequest, 0);
        const QRect upper = canvas->boxRect(kIdent, kRequest, 1);
        QVERIFY(!lower.isEmpty() && !upper.isEmpty());
        QVERIFY(upper.bottom() < lower.top()); // bottom first, drawn upwards
        feed({stack(EventKind::StackPop, 4, 7, kRequest, 1, "RequestContext#8 GET /inner")});
        QCOMPARE(canvas->boxCount(kIdent, kRequest), 1);
        QVERIFY(canvas->boxRect(kIdent, kRequest, 1).isEmpty());
        feed({stack(EventKind::StackPop, 5, 7, kRequest, 0, "RequestContext#7 GET /slow")});
        QCOMPARE(canvas->boxCount(kIdent, kRequest), 0);
        QCOMPARE(canvas->boxCount(kIdent, kApp), 1);
        QCOMPARE(canvas->idents(), QList<quint64>{kIdent});

        // The last pop empties the ident's stacks: it goes (after fading out).
        feed({stack(EventKind::StackPop, 6, 7, kApp, 0, "AppContext#1 (demo)")});
        QCOMPARE(canvas->boxCount(kIdent, kApp), 0);
        QVERIFY(canvas->idents().isEmpty());
        QVERIFY(canvas->isAnimating());
        QTRY_VERIFY_WITH_TIMEOUT(!canvas->isAnimating(), 3000);
        QVERIFY(canvas->boxRect(kIdent, kApp, 0).isEmpty());
    }

    void clickShowsTheContext()
    {
        ContextStackModel model;
        uitest::attachTester(&model);
        RequestStore requests;
        Feed feed(model, requests);
        ContextStackView view(&model, &requests);
        view.resize(900, 700);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        ContextStackViewCanvas *canvas = view.canvas();
        ContextDetail *detail = view.detail();
        QVERIFY(detail->context().isEmpty());

        const std::uint64_t req = 42;
        feed(
            {makeEvent(EventKind::RequestBegin, 1, req, kIdent,
                       {{"method", "GET"},
                        {"path", "/cart/add/apple"},
                        {"query", "ms=300&tag=a%20b"},
                        {"headers", "Host: 127.0.0.1:5000\nUser-Agent: curl/8.0"}},
                       "worker-2"),
             stack(EventKind::StackPush, 2, req, kApp, 1, "AppContext#3 (demo)"),
             stack(EventKind::StackPush, 3, req, kRequest, 1, "RequestContext#42 GET /cart/add/apple"),
             makeEvent(EventKind::SessionOpen, 4, req, kIdent,
                       {{"interface", "SecureCookieSessionInterface"},
                        {"outcome", "loaded"},
                        {"data", "{'cart': ['pear']}"}},
                       "worker-2"),
             makeEvent(EventKind::GSet, 5, req, kIdent, {{"key", "user"}, {"value", "'alex'"}}, "worker-2")});

        // Clicking the request box selects it and fills the detail from the RequestStore.
        const QRect box = canvas->boxRect(kIdent, kRequest, 0);
        QVERIFY(!box.isEmpty());
        QSignalSpy activated(&view, &ContextStackView::requestActivated);
        QTest::mouseClick(canvas, Qt::LeftButton, {}, box.center());
        QCOMPARE(canvas->selected().obj, QStringLiteral("RequestContext#42 GET /cart/add/apple"));
        QCOMPARE(canvas->selected().req, req);
        QCOMPARE(detail->context(), QStringLiteral("RequestContext#42 GET /cart/add/apple"));
        QCOMPARE(detail->request(), req);
        QCOMPARE(detail->value("request", "path"), QStringLiteral("/cart/add/apple"));
        QCOMPARE(detail->value("request", "method"), QStringLiteral("GET"));
        QCOMPARE(detail->value("request", "args"), QStringLiteral("ms=300&tag=a%20b"));
        QCOMPARE(detail->value("session", "at open"), QStringLiteral("{'cart': ['pear']}"));
        QCOMPARE(detail->value("g", "set user"), QStringLiteral("= 'alex'"));
        QCOMPARE(activated.count(), 0);

        // The detail follows the request live: a session write arrives after the click.
        feed({makeEvent(
            EventKind::SessionWrite, 6, req, kIdent,
            {{"key", "cart"}, {"value", "['pear', 'apple']"}, {"modified", true}, {"accessed", true}},
            "worker-2")});
        QVERIFY(detail->value("session", "write cart").startsWith(QStringLiteral("= ['pear', 'apple']")));

        QTest::mouseDClick(canvas, Qt::LeftButton, {}, box.center());
        QCOMPARE(activated.count(), 1);
        QCOMPARE(activated.at(0).at(0).toULongLong(), req);

        // The app context: its app's name, and g.
        QTest::mouseClick(canvas, Qt::LeftButton, {}, canvas->boxRect(kIdent, kApp, 0).center());
        QCOMPARE(canvas->selected().stack, kApp);
        QCOMPARE(detail->value("app", "name"), QStringLiteral("demo"));
        QCOMPARE(detail->value("g", "set user"), QStringLiteral("= 'alex'"));

        // A click beside every box changes nothing.
        QTest::mouseClick(canvas, Qt::LeftButton, {}, QPoint(2, 2));
        QCOMPARE(canvas->selected().stack, kApp);

        // The detail outlives the popped context (the store still has the request).
        feed({stack(EventKind::StackPop, 7, req, kRequest, 0, "RequestContext#42 GET /cart/add/apple"),
              stack(EventKind::StackPop, 8, req, kApp, 0, "AppContext#3 (demo)")});
        QVERIFY(canvas->idents().isEmpty());
        QCOMPARE(detail->value("app", "name"), QStringLiteral("demo"));

        // Without a RequestStore, what the box says is shown.
        ContextStackView bare(&model, nullptr);
        bare.resize(900, 600);
        bare.show();
        feed({stack(EventKind::StackPush, 9, 43, kApp, 1, "AppContext#4 (demo)"),
              stack(EventKind::StackPush, 10, 43, kRequest, 1, "RequestContext#43 POST /echo")});
        QVERIFY(bare.canvas()->select(kIdent, kRequest, 0));
        QCOMPARE(bare.detail()->value("request", "path"), QStringLiteral("/echo"));
        QCOMPARE(bare.detail()->value("request", "method"), QStringLiteral("POST"));
    }

    void resetClearsTheLanes()
    {
        ContextStackModel model;
        uitest::attachTester(&model);
        ContextStackView view(&model, nullptr);
        model.applyEvents({stack(EventKind::StackPush, 1, 1, kApp, 1, "AppContext#1 (demo)")});
        QCOMPARE(view.canvas()->boxCount(kIdent, kApp), 1);
        model.clear();
        QVERIFY(view.canvas()->idents().isEmpty());
        QCOMPARE(view.canvas()->boxCount(kIdent, kApp), 0);
    }
};

QTEST_MAIN(ContextStackViewTest)
#include "tst_context_stack_view.moc"
