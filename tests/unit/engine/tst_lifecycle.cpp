// The order of one request, compared with reference §d.2 (verified against real Flask 2.2):
// phase.begin and stack push/pop events, for a plain view, nested blueprints with two hooks
// each, a short-circuiting before_request, an unhandled error, abort with a handler and a 404.
#include "core/context/Globals.h"
#include "core/framework/App.h"
#include "core/framework/Helpers.h"
#include "core/framework/HttpException.h"
#include "core/session/SessionInterface.h"
#include "core/trace/ExecutionContext.h"
#include "tests/support/EventRecorder.h"

#include <QtTest>

using namespace rs;

namespace {
// Like the reference's logging interface: a real (empty) session, saved without a cookie, so
// that save_session shows in the order.
class RecordingSessionInterface : public SessionInterface {
public:
    QString name() const override { return QStringLiteral("recording"); }
    std::shared_ptr<Session> openSession(App &, Request &) override { return std::make_shared<Session>(); }
    void saveSession(App &, Session &, Response &) override {}
};

BeforeRequestHook noop()
{
    return []() -> std::optional<ResponseValue> { return std::nullopt; };
}
AfterRequestHook passThrough()
{
    return [](Response r) { return r; };
}
TeardownHook ignore()
{
    return [](std::exception_ptr) {};
}
UrlValuePreprocessor uvpNoop()
{
    return [](const QString &, Value::Dict *) {};
}
} // namespace

class LifecycleTest : public QObject {
    Q_OBJECT

private:
    struct Run {
        Response response;
        QStringList order;
        std::exception_ptr teardownSaw;
    };

    Run run(App &app, const QByteArray &method, const QByteArray &target)
    {
        test::EventRecorder recorder;
        auto env = test::makeEnviron(method, target);
        Response r;
        {
            trace::RequestIdScope scope(env->id);
            r = app(*env);
        }
        const QStringList order = test::EventRecorder::describe(
            recorder.eventsOfRequest(env->id),
            {QStringLiteral("phase.begin"), QStringLiteral("stack.push"), QStringLiteral("stack.pop")});
        return {std::move(r), order, nullptr};
    }

    static QStringList head()
    {
        return {"phase.begin wsgi_app:t",
                "stack.push app:1",
                "stack.push request:1",
                "phase.begin open_session:recording",
                "phase.begin match_request:url_map.match",
                "phase.begin request_started:request_started"};
    }
    static QStringList tail()
    {
        return {"phase.begin save_session:recording", "phase.begin request_finished:request_finished"};
    }
    static QStringList popAll(const QStringList &teardownRequest, const QStringList &teardownApp)
    {
        QStringList out = teardownRequest;
        out << "stack.pop request:0";
        out << teardownApp;
        out << "stack.pop app:0";
        return out;
    }

    std::unique_ptr<App> makeApp()
    {
        auto app = std::make_unique<App>(QStringLiteral("t"));
        app->setSessionInterface(std::make_shared<RecordingSessionInterface>());
        return app;
    }

private slots:
    void plainView()
    {
        auto app = makeApp();
        app->beforeRequest("before1", noop());
        app->afterRequest("after1", passThrough());
        app->teardownRequest("teardown1", ignore());
        app->teardownAppcontext("teardown_app1", ignore());
        app->route("/hello", "hello", [](const Value &) -> ResponseValue { return "hello"; });
        Run r = run(*app, "GET", "/hello");
        QCOMPARE(r.response.status(), 200);
        QStringList expected = head();
        expected << "phase.begin before_request:before1"
                 << "phase.begin view:hello"
                 << "phase.begin after_request:after1" << tail()
                 << popAll({"phase.begin teardown_request:teardown1"},
                           {"phase.begin teardown_appcontext:teardown_app1"});
        QCOMPARE(r.order, expected);
    }

    // Reference §d.2's verified trace for GET /p/c/view/7 (endpoint parent.child.view).
    void nestedBlueprintsWithTwoHooksEach()
    {
        auto app = makeApp();
        app->urlValuePreprocessor("uvp", uvpNoop());
        app->beforeRequest("b1", noop());
        app->beforeRequest("b2", noop());
        app->afterRequest("a1", passThrough());
        app->afterRequest("a2", passThrough());
        app->teardownRequest("t1", ignore());
        app->teardownRequest("t2", ignore());
        app->teardownAppcontext("ta1", ignore());
        app->teardownAppcontext("ta2", ignore());

        Blueprint parent("parent", {.urlPrefix = QStringLiteral("/p")});
        Blueprint child("child", {.urlPrefix = QStringLiteral("/c")});
        for (Blueprint *bp : {&parent, &child}) {
            bp->urlValuePreprocessor("uvp", uvpNoop());
            bp->beforeRequest("b1", noop());
            bp->beforeRequest("b2", noop());
            bp->afterRequest("a1", passThrough());
            bp->afterRequest("a2", passThrough());
            bp->teardownRequest("t1", ignore());
            bp->teardownRequest("t2", ignore());
        }
        parent.beforeAppRequest("before_app", noop());
        child.route("/view/<int:id>", "view", [](const Value &args) -> ResponseValue {
            afterThisRequest("atr1", [](Response r) { return r; });
            afterThisRequest("atr2", [](Response r) { return r; });
            return QString::number(args.get("id").toInt());
        });
        parent.registerBlueprint(child);
        app->registerBlueprint(parent);

        Run r = run(*app, "GET", "/p/c/view/7");
        QCOMPARE(r.response.status(), 200);
        QCOMPARE(r.response.body(), QByteArray("7"));
        QStringList expected = head();
        expected << "phase.begin url_value_preprocessor:uvp"
                 << "phase.begin url_value_preprocessor:parent.uvp"
                 << "phase.begin url_value_preprocessor:parent.child.uvp"
                 << "phase.begin before_request:b1"
                 << "phase.begin before_request:b2"
                 << "phase.begin before_request:parent.before_app"
                 << "phase.begin before_request:parent.b1"
                 << "phase.begin before_request:parent.b2"
                 << "phase.begin before_request:parent.child.b1"
                 << "phase.begin before_request:parent.child.b2"
                 << "phase.begin view:parent.child.view"
                 << "phase.begin after_this_request:atr1"
                 << "phase.begin after_this_request:atr2"
                 << "phase.begin after_request:parent.child.a2"
                 << "phase.begin after_request:parent.child.a1"
                 << "phase.begin after_request:parent.a2"
                 << "phase.begin after_request:parent.a1"
                 << "phase.begin after_request:a2"
                 << "phase.begin after_request:a1" << tail()
                 << popAll({"phase.begin teardown_request:parent.child.t2",
                            "phase.begin teardown_request:parent.child.t1",
                            "phase.begin teardown_request:parent.t2",
                            "phase.begin teardown_request:parent.t1", "phase.begin teardown_request:t2",
                            "phase.begin teardown_request:t1"},
                           {"phase.begin teardown_appcontext:ta2", "phase.begin teardown_appcontext:ta1"});
        QCOMPARE(r.order, expected);
    }

    void shortCircuitingBeforeRequest()
    {
        auto app = makeApp();
        app->beforeRequest("first", noop());
        app->beforeRequest("deny",
                           []() -> std::optional<ResponseValue> { return ResponseValue("denied", 403); });
        app->beforeRequest("never", []() -> std::optional<ResponseValue> {
            qFatal("a hook after a short-circuit ran");
            return std::nullopt;
        });
        app->afterRequest("after", passThrough());
        app->teardownRequest("teardown", ignore());
        app->route("/x", "x", [](const Value &) -> ResponseValue {
            qFatal("the view ran after a short-circuit");
            return "";
        });
        Run r = run(*app, "GET", "/x");
        QCOMPARE(r.response.status(), 403);
        QCOMPARE(r.response.body(), QByteArray("denied"));
        QStringList expected = head();
        expected << "phase.begin before_request:first"
                 << "phase.begin before_request:deny"
                 << "phase.begin after_request:after" << tail()
                 << popAll({"phase.begin teardown_request:teardown"}, {});
        QCOMPARE(r.order, expected);
    }

    void unhandledErrorStillRunsAfterRequestAndSaveSession()
    {
        auto app = makeApp();
        auto seen = std::make_shared<QString>();
        app->afterRequest("after", passThrough());
        app->teardownRequest("teardown", [seen](std::exception_ptr e) {
            try {
                if (e)
                    std::rethrow_exception(e);
                *seen = "None";
            } catch (const std::exception &ex) {
                *seen = QString::fromUtf8(ex.what());
            }
        });
        app->route("/boom", "boom", [](const Value &) -> ResponseValue { throw std::runtime_error("boom"); });
        test::EventRecorder recorder;
        auto env = test::makeEnviron("GET", "/boom");
        Response resp;
        {
            trace::RequestIdScope scope(env->id);
            resp = (*app)(*env);
        }
        QCOMPARE(resp.status(), 500);
        QVERIFY(resp.body().contains("Internal Server Error"));
        QCOMPARE(*seen, QStringLiteral("boom"));
        const auto events = recorder.eventsOfRequest(env->id);
        QStringList order = test::EventRecorder::describe(
            events, {QStringLiteral("phase.begin"), QStringLiteral("stack.push"), QStringLiteral("stack.pop"),
                     QStringLiteral("error")});
        QStringList expected = head();
        expected << "phase.begin view:boom"
                 << "error"
                 << "phase.begin after_request:after" << tail()
                 << popAll({"phase.begin teardown_request:teardown"}, {});
        QCOMPARE(order, expected);
        bool sawGotRequestException = false;
        for (const auto &e : events)
            if (e.kind == trace::EventKind::Error && e.field("where").toString() == "got_request_exception")
                sawGotRequestException = e.field("message").toString() == "boom";
        QVERIFY(sawGotRequestException);
    }

    void abortWithHandlerGivesTeardownNoException()
    {
        auto app = makeApp();
        auto seen = std::make_shared<QString>("not called");
        app->errorHandler(418, "teapot", [](const std::exception &) -> ResponseValue {
            return {"short and stout", 418};
        });
        app->afterRequest("after", passThrough());
        app->teardownRequest("teardown", [seen](std::exception_ptr e) { *seen = e ? "exception" : "None"; });
        app->route("/teapot", "teapot", [](const Value &) -> ResponseValue { abort(418); });
        Run r = run(*app, "GET", "/teapot");
        QCOMPARE(r.response.status(), 418);
        QCOMPARE(r.response.body(), QByteArray("short and stout"));
        QCOMPARE(*seen, QStringLiteral("None"));
        QStringList expected = head();
        expected << "phase.begin view:teapot"
                 << "phase.begin error_handler:teapot"
                 << "phase.begin after_request:after" << tail()
                 << popAll({"phase.begin teardown_request:teardown"}, {});
        QCOMPARE(r.order, expected);
    }

    // App-level before_request runs for a 404; blueprint hooks do not.
    void notFoundRunsAppHooksOnly()
    {
        auto app = makeApp();
        app->urlValuePreprocessor("uvp", [](const QString &endpoint, Value::Dict *values) {
            QVERIFY(endpoint.isEmpty());
            QVERIFY(values == nullptr);
        });
        app->beforeRequest("before", noop());
        app->afterRequest("after", passThrough());
        Blueprint bp("bp");
        bp.beforeRequest("bp_before", noop());
        bp.route("/in-bp", "in_bp", [](const Value &) -> ResponseValue { return "x"; });
        app->registerBlueprint(bp);
        Run r = run(*app, "GET", "/nowhere");
        QCOMPARE(r.response.status(), 404);
        QCOMPARE(
            r.response.body(),
            QByteArray(
                "<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n<p>The "
                "requested URL was not found on the server. If you entered the URL manually please check "
                "your spelling and try again.</p>\n"));
        QStringList expected = head();
        expected << "phase.begin url_value_preprocessor:uvp"
                 << "phase.begin before_request:before"
                 << "phase.begin after_request:after" << tail() << popAll({}, {});
        QCOMPARE(r.order, expected);
    }

    void methodNotAllowedHasAllow()
    {
        auto app = makeApp();
        app->route("/only-get", "only_get", [](const Value &) -> ResponseValue { return "x"; });
        Run r = run(*app, "DELETE", "/only-get");
        QCOMPARE(r.response.status(), 405);
        QStringList allow = QString::fromLatin1(r.response.headers().value("Allow")).split(", ");
        allow.sort();
        QCOMPARE(allow, QStringList({"GET", "HEAD", "OPTIONS"}));
    }

    void automaticOptions()
    {
        auto app = makeApp();
        auto beforeRan = std::make_shared<bool>(false);
        app->beforeRequest("before", [beforeRan]() -> std::optional<ResponseValue> {
            *beforeRan = true;
            return std::nullopt;
        });
        app->route("/r", "r", [](const Value &) -> ResponseValue { return "view"; },
                   {.methods = {"GET", "POST"}});
        Run r = run(*app, "OPTIONS", "/r");
        QCOMPARE(r.response.status(), 200);
        QVERIFY(r.response.body().isEmpty());
        QVERIFY(*beforeRan);
        QStringList allow = QString::fromLatin1(r.response.headers().value("Allow")).split(", ");
        allow.sort();
        QCOMPARE(allow, QStringList({"GET", "HEAD", "OPTIONS", "POST"}));
    }

    void strictSlashRedirectKeepsQuery()
    {
        auto app = makeApp();
        app->route("/docs/", "docs", [](const Value &) -> ResponseValue { return "docs"; });
        Run r = run(*app, "GET", "/docs?q=1");
        QCOMPARE(r.response.status(), 308);
        QCOMPARE(r.response.headers().value("Location"), QByteArray("http://localhost/docs/?q=1"));
    }

    void middlewareWrapsWsgiAppOutermostFirst()
    {
        auto app = makeApp();
        app->route("/m", "m", [](const Value &) -> ResponseValue { return "m"; });
        auto order = std::make_shared<QStringList>();
        for (QString name : {QStringLiteral("Inner"), QStringLiteral("Outer")}) {
            app->wrapWsgiApp(name, [name, order](WsgiCallable inner) -> WsgiCallable {
                return [name, order, inner](Environ &env) {
                    order->append(name + " before");
                    Response r = inner(env);
                    order->append(name + " after");
                    return r;
                };
            });
        }
        QCOMPARE(app->middlewareNames(), QStringList({"Outer", "Inner"}));
        Run r = run(*app, "GET", "/m");
        QCOMPARE(*order, QStringList({"Outer before", "Inner before", "Inner after", "Outer after"}));
        QCOMPARE(r.order.mid(0, 3), QStringList({"phase.begin middleware:Outer",
                                                 "phase.begin middleware:Inner", "phase.begin wsgi_app:t"}));
    }

    void blueprintNameErrors()
    {
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, Blueprint("a.b"));
        auto app = makeApp();
        Blueprint bp("dup");
        app->registerBlueprint(bp);
        try {
            app->registerBlueprint(bp);
            QFAIL("registering twice must fail");
        } catch (const std::invalid_argument &e) {
            QCOMPARE(QString::fromUtf8(e.what()),
                     QStringLiteral(
                         "The name 'dup' is already registered for this blueprint. Use 'name=' to provide a "
                         "unique name."));
        }
        Blueprint other("dup");
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, app->registerBlueprint(other));
        app->registerBlueprint(other, {.name = "dup2"});
        QCOMPARE(app->blueprintNames(), QStringList({"dup", "dup2"}));
    }

    void beforeFirstRequestRunsOnce()
    {
        auto app = makeApp();
        int runs = 0;
        app->beforeFirstRequest("warm_up", [&] { ++runs; });
        app->route("/a", "a", [](const Value &) -> ResponseValue { return "a"; });
        Run first = run(*app, "GET", "/a");
        run(*app, "GET", "/a");
        QCOMPARE(runs, 1);
        QVERIFY(first.order.contains("phase.begin before_request:before_first_request:warm_up"));
    }

    // Handlers by exception type: the exact type first, then a base class; the innermost
    // blueprint's handler before the app's; code handlers before type handlers.
    void errorHandlersByType()
    {
        auto app = makeApp();
        app->errorHandler<std::runtime_error>("runtime", [](const std::runtime_error &e) -> ResponseValue {
            return {QStringLiteral("app runtime: %1").arg(e.what()), 502};
        });
        app->errorHandler<std::range_error>("range", [](const std::range_error &) -> ResponseValue {
            return {"app range", 503};
        });
        Blueprint bp("bp");
        bp.errorHandler<std::runtime_error>("bp_runtime", [](const std::runtime_error &) -> ResponseValue {
            return {"bp runtime", 504};
        });
        bp.route("/throw", "throw", [](const Value &) -> ResponseValue { throw std::runtime_error("x"); });
        app->registerBlueprint(bp);
        app->route("/runtime", "runtime",
                   [](const Value &) -> ResponseValue { throw std::runtime_error("r"); });
        app->route("/range", "range", [](const Value &) -> ResponseValue { throw std::range_error("g"); });
        app->route("/overflow", "overflow",
                   [](const Value &) -> ResponseValue { throw std::overflow_error("o"); });
        app->route("/logic", "logic", [](const Value &) -> ResponseValue { throw std::logic_error("l"); });

        Run r = run(*app, "GET", "/runtime");
        QCOMPARE(r.response.status(), 502);
        QCOMPARE(r.response.body(), QByteArray("app runtime: r"));
        QVERIFY(r.order.contains("phase.begin error_handler:runtime"));
        QCOMPARE(run(*app, "GET", "/range").response.status(), 503);    // exact type beats the base
        QCOMPARE(run(*app, "GET", "/overflow").response.status(), 502); // a subclass finds the base
        QCOMPARE(run(*app, "GET", "/bp/throw").response.status(), 404); // no such rule: 404 …
        QCOMPARE(run(*app, "GET", "/throw").response.status(), 504);    // … bp has no prefix: its handler
        QCOMPARE(run(*app, "GET", "/logic").response.status(), 500);    // unhandled: 500
    }

    void codeHandlerOfBlueprintBeforeApp()
    {
        auto app = makeApp();
        app->errorHandler(403, "app_403", [](const std::exception &) -> ResponseValue {
            return {"app", 403};
        });
        Blueprint bp("admin", {.urlPrefix = QStringLiteral("/admin")});
        bp.errorHandler(403, "admin_403", [](const std::exception &) -> ResponseValue {
            return {"admin", 403};
        });
        bp.route("/x", "x", [](const Value &) -> ResponseValue { abort(403); });
        app->registerBlueprint(bp);
        app->route("/y", "y", [](const Value &) -> ResponseValue { abort(403); });
        QCOMPARE(run(*app, "GET", "/admin/x").response.body(), QByteArray("admin"));
        QCOMPARE(run(*app, "GET", "/y").response.body(), QByteArray("app"));
    }

    void urlForRelativeToBlueprint()
    {
        auto app = makeApp();
        Blueprint us("us", {.urlPrefix = QStringLiteral("/xx")});
        auto built = std::make_shared<QString>();
        us.route("/index", "index", [built](const Value &) -> ResponseValue {
            *built = urlFor(".other", {{"id", 3}});
            return "ok";
        });
        us.route("/other/<int:id>", "other", [](const Value &) -> ResponseValue { return "o"; });
        app->registerBlueprint(us);
        run(*app, "GET", "/xx/index");
        QCOMPARE(*built, QStringLiteral("/xx/other/3"));
    }
};

QTEST_GUILESS_MAIN(LifecycleTest)
#include "tst_lifecycle.moc"
