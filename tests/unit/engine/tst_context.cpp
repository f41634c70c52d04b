// Local / LocalStack / LocalProxy as the articles draw them, Flask's error texts, and the
// nesting of two apps' contexts (reference §g).
#include "core/context/Globals.h"
#include "core/context/Local.h"
#include "core/context/LocalStack.h"
#include "core/context/RuntimeError.h"
#include "core/framework/App.h"
#include "core/trace/ExecutionContext.h"
#include "tests/support/EventRecorder.h"

#include <QtTest>

#include <thread>

using namespace rs;

namespace {
struct Item {
    int n;
    std::string describe() const { return "Item#" + std::to_string(n); }
};

template <class F> QString runtimeErrorText(F f)
{
    try {
        f();
    } catch (const RuntimeError &e) {
        return QString::fromUtf8(e.what());
    }
    return QStringLiteral("<no error>");
}
} // namespace

class ContextTest : public QObject {
    Q_OBJECT

private slots:
    void localKeepsOneSlotPerIdent()
    {
        Local local("test_local");
        local.set("name", std::string("main"), "'main'");
        std::string seenInThread = "unset";
        Local::Ident threadIdent = 0;
        std::thread t([&] {
            threadIdent = local.ident();
            seenInThread = local.get("name") ? "visible" : "missing";
            local.set("name", std::string("worker"), "'worker'");
            seenInThread += "," + std::any_cast<std::string>(*local.get("name"));
            local.release();
        });
        t.join();
        QCOMPARE(seenInThread, std::string("missing,worker"));
        QVERIFY(threadIdent != local.ident());
        QCOMPARE(std::any_cast<std::string>(*local.get("name")), std::string("main"));
        QCOMPARE(local.slotCount(), std::size_t(1));
        QVERIFY(local.del("name"));
        QVERIFY(!local.del("name"));
        QVERIFY(local.get("name") == nullptr);
        local.release();
        QCOMPARE(local.slotCount(), std::size_t(0));
    }

    void localIdentFunctionIsPluggable()
    {
        Local::Ident current = 7;
        Local local("pluggable", [&] { return current; });
        local.set("x", 1, "1");
        current = 8;
        QVERIFY(local.get("x") == nullptr);
        local.set("x", 2, "2");
        QCOMPARE(local.idents(), (std::vector<Local::Ident>{7, 8}));
        current = 7;
        QCOMPARE(std::any_cast<int>(*local.get("x")), 1);
    }

    void localEmitsEvents()
    {
        test::EventRecorder recorder;
        Local local("evented");
        local.set("stack", 1, "[<A>]");
        local.get("stack");
        local.get("missing");
        local.del("stack");
        local.set("k", 2, "2");
        local.release();
        QStringList seen;
        for (const auto &e : recorder.events()) {
            if (e.field("local").toString() != "evented")
                continue;
            seen << e.field("kind").toString() + " " + e.field("key").toString() + "=" +
                        e.field("value").toString();
            QCOMPARE(e.ident, trace::ExecutionContext::current().ident);
        }
        QCOMPARE(seen,
                 QStringList({"local.set stack=[<A>]", "local.get stack=[<A>]", "local.get missing=<missing>",
                              "local.del stack=", "local.set k=2", "local.release k=released"}));
    }

    void localStackPushPopTopAndRelease()
    {
        LocalStack<Item> stack("items_local", "items");
        QVERIFY(stack.top() == nullptr);
        QVERIFY(stack.pop() == nullptr);
        stack.push(std::make_shared<Item>(Item{1}));
        stack.push(std::make_shared<Item>(Item{2}));
        QCOMPARE(stack.depth(), std::size_t(2));
        QCOMPARE(stack.top()->n, 2);
        QCOMPARE(stack.local().slotCount(), std::size_t(1));
        QCOMPARE(stack.pop()->n, 2);
        QCOMPARE(stack.top()->n, 1);
        // Popping the last item releases the ident's slot (release_local in Werkzeug ≤ 1.0).
        QCOMPARE(stack.pop()->n, 1);
        QCOMPARE(stack.local().slotCount(), std::size_t(0));
        QVERIFY(stack.top() == nullptr);
    }

    void localStackEventsCarryDepthAndObject()
    {
        test::EventRecorder recorder;
        LocalStack<Item> stack("items_local2", "items2");
        stack.push(std::make_shared<Item>(Item{5}));
        stack.push(std::make_shared<Item>(Item{6}));
        stack.pop();
        stack.pop();
        QStringList seen;
        for (const auto &e : recorder.events())
            if (e.field("stack").toString() == "items2")
                seen << e.field("kind").toString() + " " + e.field("depth").toString() + " " +
                            e.field("obj").toString();
        QCOMPARE(seen, QStringList({"stack.push 1 Item#5", "stack.push 2 Item#6", "stack.pop 1 Item#6",
                                    "stack.pop 0 Item#5"}));
    }

    void proxiesOutsideContextsRaiseFlasksText()
    {
        const QString appText =
            QStringLiteral("Working outside of application context.\n\n"
                           "This typically means that you attempted to use functionality that needed\n"
                           "the current application. To solve this, set up an application context\n"
                           "with app.app_context(). See the documentation for more information.");
        const QString requestText =
            QStringLiteral("Working outside of request context.\n\n"
                           "This typically means that you attempted to use functionality that needed\n"
                           "an active HTTP request. Consult the documentation on testing for\n"
                           "information about how to avoid this problem.");
        QCOMPARE(runtimeErrorText([] { current_app->name(); }), appText);
        QCOMPARE(runtimeErrorText([] { g->get("x"); }), appText);
        QCOMPARE(runtimeErrorText([] { request->path(); }), requestText);
        QCOMPARE(runtimeErrorText([] { session->get("x"); }), requestText);
        QVERIFY(!hasAppContext());
        QVERIFY(!hasRequestContext());
    }

    // Reference §g, step by step.
    void twoAppsNest()
    {
        App a("app_a");
        App b("app_b");
        {
            AppContext::Scope outerA(a.appContext());
            QCOMPARE(current_app->name(), QStringLiteral("app_a"));
            g->set("x", "a1");
            {
                AppContext::Scope innerB(b.appContext());
                QCOMPARE(current_app->name(), QStringLiteral("app_b"));
                QVERIFY(!g->contains("x"));
                {
                    AppContext::Scope innerA(a.appContext());
                    QCOMPARE(current_app->name(), QStringLiteral("app_a"));
                    QVERIFY(!g->contains("x")); // a new AppContext has a new g
                }
                QCOMPARE(current_app->name(), QStringLiteral("app_b"));
            }
            QCOMPARE(current_app->name(), QStringLiteral("app_a"));
            QCOMPARE(g->get("x").toStr(), QStringLiteral("a1"));
            {
                RequestContext::Scope req(a.testRequestContext("/x"));
                QCOMPARE(appStack().depth(), std::size_t(1)); // the outer app_a context is reused
                QCOMPARE(g->get("x").toStr(), QStringLiteral("a1"));
                QCOMPARE(request->path(), QStringLiteral("/x"));
            }
            {
                RequestContext::Scope req(b.testRequestContext("/y"));
                QCOMPARE(appStack().depth(), std::size_t(2)); // app_b pushes its own
                QCOMPARE(current_app->name(), QStringLiteral("app_b"));
                QVERIFY(g->get("x").isNone());
            }
            QCOMPARE(current_app->name(), QStringLiteral("app_a"));
        }
        QVERIFY(!hasAppContext());
        QVERIFY(!hasRequestContext());
        QCOMPARE(appStack().local().slotCount(), std::size_t(0));
        QCOMPARE(requestStack().local().slotCount(), std::size_t(0));
    }

    // Teardown_appcontext does not run per request when an outer app context is active (§d.2).
    void outerAppContextIsNotTornDownByRequest()
    {
        App a("app_a");
        int teardowns = 0;
        a.teardownAppcontext("count", [&](std::exception_ptr) { ++teardowns; });
        {
            AppContext::Scope outer(a.appContext());
            {
                RequestContext::Scope req(a.testRequestContext("/x"));
            }
            QCOMPARE(teardowns, 0);
        }
        QCOMPARE(teardowns, 1);
    }

    void poppingTheWrongContextFails()
    {
        App a("app_a");
        auto first = a.appContext();
        auto second = a.appContext();
        first->push();
        second->push();
        const QString text = runtimeErrorText([&] { first->pop(); });
        QVERIFY2(text.startsWith("Popped wrong app context. (<AppContext#"), qPrintable(text));
        QVERIFY(text.contains(QString::fromStdString(first->describe())));
        while (appStack().top())
            appStack().pop();
    }

    void contextsOfThreadsAreIsolated()
    {
        App a("app_a");
        std::atomic<int> ok{0};
        std::vector<std::thread> threads;
        for (int i = 0; i < 4; ++i) {
            threads.emplace_back([&, i] {
                for (int n = 0; n < 200; ++n) {
                    RequestContext::Scope req(a.testRequestContext(QStringLiteral("/t/%1/%2").arg(i).arg(n)));
                    if (request->path() == QStringLiteral("/t/%1/%2").arg(i).arg(n) &&
                        requestStack().depth() == 1)
                        ++ok;
                }
            });
        }
        for (auto &t : threads)
            t.join();
        QCOMPARE(ok.load(), 800);
        QCOMPARE(requestStack().local().slotCount(), std::size_t(0));
        QCOMPARE(appStack().local().slotCount(), std::size_t(0));
    }
};

QTEST_GUILESS_MAIN(ContextTest)
#include "tst_context.moc"
