#pragma once

#include "core/framework/Blueprint.h"
#include "core/framework/Config.h"
#include "core/framework/HookSet.h"
#include "core/framework/Response.h"
#include "core/framework/Scaffold.h"
#include "core/framework/routing/Map.h"
#include "core/http/HttpServer.h"

#include <QHash>
#include <QString>

#include <atomic>
#include <exception>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <vector>

namespace rs {

class AppContext;
class RequestContext;
class SessionInterface;

// A Flask application. It owns the request lifecycle, run once per request on the worker that
// received it, in exactly Flask 2.2's order (reference §d.2); every step is an event:
//
//   accept → parse ─► middleware chain (outermost first) ─► wsgi_app
//   wsgi_app:
//     RequestContext created (Request built from the environ)
//     ctx.push():  AppContext pushed ── only if none, or the top belongs to another app
//                  RequestContext pushed on the request stack (__storage__[ident]["stack"])
//                  open_session ──► match_request (url_rule / view_args / routing exception)
//     full_dispatch_request:
//       before_first_request (once) → request_started
//       url_value_preprocessors: app, then outer → inner blueprint
//       before_request:          app, then outer → inner blueprint ── first non-empty return
//                                                                     short-circuits ─┐
//       view (or: routing exception → 404 / 405 / 308; automatic OPTIONS)            │
//         └─ exception → error handler (code handlers, then type handlers;           │
//                        inner blueprint → app) or, if none, handle_exception:       │
//                        got_request_exception → 500 handler → finalize (errors      │
//                        in that finalize are logged and ignored)                    │
//       finalize_request ◄────────────────────────────────────────────────────────────┘
//         after_this_request (registration order)
//         after_request: inner blueprint → parents → app, each list reversed
//         save_session (unless a null session) → request_finished
//     ctx.pop(exc):  teardown_request: inner blueprint → app, each reversed (gets the unhandled
//                    exception, or nullptr) → RequestContext popped (slot released when empty)
//                    → teardown_appcontext (reversed) → AppContext popped (if this ctx pushed it)
//   → response written; a stream_with_context body keeps the context pushed until its last chunk
//
// Setup (routes, hooks, blueprints, middleware) happens before serving; after that, requests may
// run on many workers at once and only the config changes.
class App : public Scaffold {
public:
    explicit App(QString name);
    ~App() override;
    App(const App &) = delete;
    App &operator=(const App &) = delete;

    Config &config() { return config_; }
    const Config &config() const { return config_; }
    routing::Map &urlMap() { return urlMap_; }

    // Adds the rule at once (errors are thrown here, as Flask raises at import time).
    void route(const QString &rule, const QString &endpoint, View view, RouteOptions options = {}) override;
    void registerBlueprint(Blueprint &blueprint, RegisterOptions options = {});
    void beforeFirstRequest(const QString &name, BeforeFirstRequestHook hook);
    void teardownAppcontext(const QString &name, TeardownHook hook);
    // app.wsgi_app = MiddleWare(app.wsgi_app): wraps what is there now; the last wrapped runs first.
    void wrapWsgiApp(const QString &name, Middleware middleware);

    std::shared_ptr<SessionInterface> sessionInterface() const;
    // Any thread; takes effect for the next request.
    void setSessionInterface(std::shared_ptr<SessionInterface> sessionInterface);

    // app.app_context(): a new context with a new, empty `g`.
    std::shared_ptr<AppContext> appContext();
    // app.test_request_context(path): a request context over a made-up GET request.
    std::shared_ptr<RequestContext> testRequestContext(const QString &pathAndQuery,
                                                       const QByteArray &method = "GET");

    // app(environ): the middleware chain, then wsgi_app. Worker thread.
    Response operator()(Environ &environ);
    // The innermost wsgi_app (the lifecycle above). Worker thread.
    Response wsgiApp(Environ &environ);
    // For HttpServer: runs the app and turns anything that escapes into a 500. Worker thread.
    http::Handler httpHandler();

    // url_for: ".view" is relative to the current request's blueprint. Throws std::invalid_argument
    // ("Could not build url for endpoint 'x'.") when no rule fits.
    QString urlFor(const QString &endpoint, const Value::Dict &values = {}, bool external = false);

    // Introspection for the UI: names in the order they run.
    struct RuleInfo {
        QString rule;
        QString endpoint;
        QStringList methods;
        QString blueprint;
    };
    std::vector<RuleInfo> ruleInfos() const;
    QStringList middlewareNames() const;                // outermost first
    QStringList blueprintNames() const;                 // dotted, registration order
    const HookSet *hooksOf(const QString &scope) const; // "" = the app's own
    const std::vector<Named<TeardownHook>> &teardownAppcontextHooks() const { return teardownAppcontext_; }
    const std::vector<Named<BeforeFirstRequestHook>> &beforeFirstRequestHooks() const
    {
        return beforeFirstRequest_;
    }

    // Lifecycle pieces the contexts call (Flask's do_teardown_*). Worker thread.
    void doTeardownRequest(RequestContext &ctx, std::exception_ptr exc);
    void doTeardownAppcontext(std::exception_ptr exc);
    void openSession(RequestContext &ctx);
    void matchRequest(RequestContext &ctx);

private:
    void registerBlueprintAs(Blueprint &bp, const RegisterOptions &options, const QString &namePrefix);
    Response fullDispatchRequest(RequestContext &ctx);
    std::optional<ResponseValue> preprocessRequest(RequestContext &ctx);
    ResponseValue dispatchRequest(RequestContext &ctx);
    ResponseValue handleUserException(RequestContext &ctx, std::exception_ptr error);
    Response handleException(RequestContext &ctx, std::exception_ptr error);
    Response finalizeRequest(RequestContext &ctx, ResponseValue rv, bool fromErrorHandler);
    Response processResponse(RequestContext &ctx, Response response);
    std::optional<Named<ErrorHandler>> findErrorHandler(const std::exception &error,
                                                        const QStringList &blueprints) const;
    void runBeforeFirstRequest();
    // Flask's chain(request.blueprints, (None,)): the innermost blueprint first, the app last.
    void forEachScopeInnerFirst(RequestContext &ctx, const std::function<void(const HookSet &)> &visit) const;

    Config config_;
    routing::Map urlMap_;
    QHash<QString, View> viewFunctions_;
    std::unordered_map<const routing::Rule *, View> viewsByRule_; // the hot path's lookup
    std::map<QString, HookSet> blueprintScopes_;                  // dotted blueprint name → its hooks
    std::map<QString, const Blueprint *> blueprints_;             // dotted name → blueprint
    QStringList blueprintOrder_;
    std::vector<RuleInfo> ruleInfos_;
    std::vector<Named<BeforeFirstRequestHook>> beforeFirstRequest_;
    std::vector<Named<TeardownHook>> teardownAppcontext_;
    std::vector<QString> middlewareNames_; // wrap order (innermost first)
    WsgiCallable wsgiCallable_;
    std::once_flag beforeFirstRequestOnce_;
    mutable std::mutex sessionInterfaceMutex_;
    std::shared_ptr<SessionInterface> sessionInterface_;
};

} // namespace rs
