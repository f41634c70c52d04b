#include "core/framework/App.h"

#include "core/context/AppContext.h"
#include "core/context/Globals.h"
#include "core/context/RequestContext.h"
#include "core/context/RuntimeError.h"
#include "core/framework/HttpException.h"
#include "core/session/SecureCookieSessionInterface.h"
#include "core/session/SessionInterface.h"
#include "core/session/SessionStoreError.h"
#include "core/trace/EventBus.h"
#include "core/trace/PhaseScope.h"

#include <QUrl>

#include <cxxabi.h>
#include <stdexcept>
#include <typeinfo>

namespace rs {

namespace {
std::string utf8(const QString &s)
{
    return s.toStdString();
}

std::string typeNameOf(std::exception_ptr error)
{
    try {
        std::rethrow_exception(error);
    } catch (const std::exception &e) {
        int status = 0;
        char *demangled = abi::__cxa_demangle(typeid(e).name(), nullptr, nullptr, &status);
        std::string name = status == 0 && demangled ? demangled : typeid(e).name();
        std::free(demangled);
        return name;
    } catch (...) {
        return "unknown exception";
    }
}

std::string messageOf(std::exception_ptr error)
{
    try {
        std::rethrow_exception(error);
    } catch (const std::exception &e) {
        return e.what();
    } catch (...) {
        return "non-standard exception";
    }
}

void emitError(const char *where, std::exception_ptr error)
{
    if (!trace::tracing())
        return;
    trace::Event e(trace::EventKind::Error);
    e.setText(0, where, 48);
    e.setText(1, typeNameOf(error), 64);
    e.setText(2, messageOf(error));
    trace::emitEvent(e);
}

QString joinRule(const std::optional<QString> &prefix, const QString &rule)
{
    if (!prefix)
        return rule;
    if (rule.isEmpty())
        return *prefix;
    QString p = *prefix;
    while (p.endsWith(QLatin1Char('/')))
        p.chop(1);
    QString r = rule;
    while (r.startsWith(QLatin1Char('/')))
        r.remove(0, 1);
    return p + QLatin1Char('/') + r;
}
} // namespace

App::App(QString name)
    : Scaffold(std::move(name)), sessionInterface_(std::make_shared<SecureCookieSessionInterface>())
{
    wsgiCallable_ = [this](Environ &environ) { return wsgiApp(environ); };
}

App::~App() = default;

void App::route(const QString &rule, const QString &endpoint, View view, RouteOptions options)
{
    if (viewFunctions_.contains(endpoint))
        throw std::invalid_argument("View function mapping is overwriting an existing endpoint function: " +
                                    utf8(endpoint));
    routing::Rule::Options ro;
    ro.methods = options.methods;
    ro.strictSlashes = options.strictSlashes;
    ro.provideAutomaticOptions = options.provideAutomaticOptions;
    const routing::Rule &added = urlMap_.add(rule, endpoint, ro);
    viewsByRule_[&added] = view;
    viewFunctions_.insert(endpoint, std::move(view));
    const qsizetype dot = endpoint.lastIndexOf(QLatin1Char('.'));
    ruleInfos_.push_back({rule, endpoint, added.methods(), dot < 0 ? QString() : endpoint.left(dot)});
}

void App::registerBlueprint(Blueprint &blueprint, RegisterOptions options)
{
    registerBlueprintAs(blueprint, options, QString());
}

void App::registerBlueprintAs(Blueprint &bp, const RegisterOptions &options, const QString &namePrefix)
{
    const QString name = options.name.isEmpty() ? bp.name() : options.name;
    if (name.contains(QLatin1Char('.')))
        throw std::invalid_argument("'name' may not contain a dot '.' character.");
    const QString selfName = namePrefix.isEmpty() ? name : namePrefix + QLatin1Char('.') + name;
    if (auto it = blueprints_.find(selfName); it != blueprints_.end()) {
        const bool same = it->second == &bp;
        throw std::invalid_argument("The name '" + utf8(selfName) + "' is already registered for " +
                                    (same ? "this" : "a different") +
                                    " blueprint. Use 'name=' to provide a unique name.");
    }
    blueprints_[selfName] = &bp;
    blueprintOrder_.append(selfName);

    const std::optional<QString> urlPrefix = options.urlPrefix ? options.urlPrefix : bp.urlPrefix();
    for (const auto &r : bp.routes())
        route(joinRule(urlPrefix, r.rule), selfName + QLatin1Char('.') + r.endpoint, r.view, r.options);
    blueprintScopes_[selfName].append(bp.hooks(), selfName);
    hooks_.append(bp.appHooks(), selfName);

    for (const auto &child : bp.children()) {
        RegisterOptions childOptions = child.options;
        const std::optional<QString> childPrefix =
            childOptions.urlPrefix ? childOptions.urlPrefix : child.blueprint->urlPrefix();
        if (urlPrefix && childPrefix)
            childOptions.urlPrefix = joinRule(urlPrefix, *childPrefix);
        else if (childPrefix)
            childOptions.urlPrefix = childPrefix;
        else
            childOptions.urlPrefix = urlPrefix;
        registerBlueprintAs(*child.blueprint, childOptions, selfName);
    }
}

void App::beforeFirstRequest(const QString &name, BeforeFirstRequestHook hook)
{
    beforeFirstRequest_.push_back({name, std::move(hook)});
}

void App::teardownAppcontext(const QString &name, TeardownHook hook)
{
    teardownAppcontext_.push_back({name, std::move(hook)});
}

void App::wrapWsgiApp(const QString &name, Middleware middleware)
{
    WsgiCallable wrapped = middleware(std::move(wsgiCallable_));
    const std::string phaseName = utf8(name);
    wsgiCallable_ = [wrapped = std::move(wrapped), phaseName](Environ &environ) {
        trace::PhaseScope phase("middleware", phaseName);
        return wrapped(environ);
    };
    middlewareNames_.push_back(name);
}

std::shared_ptr<SessionInterface> App::sessionInterface() const
{
    std::lock_guard lock(sessionInterfaceMutex_);
    return sessionInterface_;
}

void App::setSessionInterface(std::shared_ptr<SessionInterface> sessionInterface)
{
    std::lock_guard lock(sessionInterfaceMutex_);
    sessionInterface_ = std::move(sessionInterface);
}

std::shared_ptr<AppContext> App::appContext()
{
    return std::make_shared<AppContext>(*this);
}

std::shared_ptr<RequestContext> App::testRequestContext(const QString &pathAndQuery, const QByteArray &method)
{
    auto environ = std::make_unique<Environ>();
    const QByteArray target = QUrl(pathAndQuery).toEncoded();
    const qsizetype q = target.indexOf('?');
    environ->method = method;
    environ->target = target;
    environ->rawPath = q < 0 ? target : target.left(q);
    environ->rawQuery = q < 0 ? QByteArray() : target.mid(q + 1);
    environ->path = QUrl::fromPercentEncoding(environ->rawPath);
    environ->headers.add("Host", "localhost");
    return std::make_shared<RequestContext>(*this, std::move(environ));
}

Response App::operator()(Environ &environ)
{
    return wsgiCallable_(environ);
}

http::Handler App::httpHandler()
{
    return [this](http::HttpRequest &environ) -> http::HttpResponse {
        try {
            return (*this)(environ).toHttp();
        } catch (...) {
            // Only with PROPAGATE_EXCEPTIONS: the server answers as a WSGI server would.
            emitError("server", std::current_exception());
            return HttpException(500).toResponse().toHttp();
        }
    };
}

namespace {
// However wsgi_app ends — in the global ident mode a pop can take another request's context off
// the shared stack and throw "Popped wrong request context" — a context still referred to
// afterwards (left on that stack, or kept by a streamed body) keeps its own copy of the environ,
// which the connection frees after the response.
class KeepEnvironIfShared {
public:
    explicit KeepEnvironIfShared(const std::shared_ptr<RequestContext> &ctx) : ctx_(ctx) {}
    ~KeepEnvironIfShared()
    {
        if (ctx_.use_count() > 1)
            ctx_->request().keepEnvironCopy();
    }
    KeepEnvironIfShared(const KeepEnvironIfShared &) = delete;
    KeepEnvironIfShared &operator=(const KeepEnvironIfShared &) = delete;

private:
    const std::shared_ptr<RequestContext> &ctx_;
};
} // namespace

Response App::wsgiApp(Environ &environ)
{
    trace::PhaseScope phase("wsgi_app", name_);
    auto ctx = std::make_shared<RequestContext>(*this, environ);
    const KeepEnvironIfShared keep(ctx);
    std::exception_ptr error;
    Response response;
    try {
        try {
            ctx->push();
            response = fullDispatchRequest(*ctx);
        } catch (...) {
            error = std::current_exception();
            response = handleException(*ctx, error);
        }
    } catch (...) {
        // PROPAGATE_EXCEPTIONS: re-raised, but the contexts are still popped (Flask ≥ 1.0).
        while (ctx->pushCount() > 0)
            ctx->pop(error);
        throw;
    }
    ctx->pop(error);
    return response;
}

void App::runBeforeFirstRequest()
{
    std::call_once(beforeFirstRequestOnce_, [this] {
        for (const auto &hook : beforeFirstRequest_) {
            trace::PhaseScope phase("before_request", "before_first_request:" + utf8(hook.name));
            hook.fn();
        }
    });
}

Response App::fullDispatchRequest(RequestContext &ctx)
{
    runBeforeFirstRequest();
    {
        trace::PhaseScope phase("request_started", "request_started");
    }
    std::optional<ResponseValue> rv;
    try {
        rv = preprocessRequest(ctx);
        if (!rv)
            rv = dispatchRequest(ctx);
    } catch (...) {
        rv = handleUserException(ctx, std::current_exception());
    }
    return finalizeRequest(ctx, std::move(*rv), false);
}

std::optional<ResponseValue> App::preprocessRequest(RequestContext &ctx)
{
    Request &req = ctx.request();
    QStringList names{QString()};
    for (auto it = req.blueprints().crbegin(); it != req.blueprints().crend(); ++it)
        names.append(*it);
    const QString endpoint = req.endpoint();
    for (const QString &scope : names) {
        if (const HookSet *hooks = hooksOf(scope)) {
            for (const auto &hook : hooks->urlValuePreprocessors) {
                trace::PhaseScope phase("url_value_preprocessor", hook.name);
                hook.fn(endpoint, req.matched() ? &req.viewArgs() : nullptr);
            }
        }
    }
    for (const QString &scope : names) {
        if (const HookSet *hooks = hooksOf(scope)) {
            for (const auto &hook : hooks->beforeRequest) {
                trace::PhaseScope phase("before_request", hook.name);
                std::optional<ResponseValue> rv = hook.fn();
                if (rv)
                    return rv;
            }
        }
    }
    return std::nullopt;
}

ResponseValue App::dispatchRequest(RequestContext &ctx)
{
    Request &req = ctx.request();
    const routing::MatchResult &m = req.match();
    switch (m.kind) {
    case routing::MatchResult::Kind::NotFound: throw HttpException(404);
    case routing::MatchResult::Kind::MethodNotAllowed: {
        HttpException e(405);
        e.headers().set("Allow", m.allowedMethods.join(QStringLiteral(", ")).toLatin1());
        throw e;
    }
    case routing::MatchResult::Kind::Redirect:
        throw RequestRedirect(QStringLiteral("http://") + req.host() + m.redirectPath);
    case routing::MatchResult::Kind::Matched: break;
    }
    const routing::Rule *rule = m.rule;
    if (rule->providesAutomaticOptions() && req.method() == "OPTIONS") {
        Response r;
        r.headers().set("Allow", urlMap_.allowedMethods(req.path()).join(QStringLiteral(", ")).toLatin1());
        return r;
    }
    const View &view = viewsByRule_.at(rule);
    trace::PhaseScope phase("view", rule->endpoint());
    return view(Value(req.viewArgs()));
}

void App::forEachScopeInnerFirst(RequestContext &ctx, const std::function<void(const HookSet &)> &visit) const
{
    for (const QString &scope : ctx.request().blueprints())
        if (const HookSet *hooks = hooksOf(scope))
            visit(*hooks);
    visit(hooks_);
}

const HookSet *App::hooksOf(const QString &scope) const
{
    if (scope.isEmpty())
        return &hooks_;
    auto it = blueprintScopes_.find(scope);
    return it == blueprintScopes_.end() ? nullptr : &it->second;
}

std::optional<Named<ErrorHandler>> App::findErrorHandler(const std::exception &error,
                                                         const QStringList &blueprints) const
{
    QStringList names = blueprints;
    names.append(QString());
    if (const auto *http = dynamic_cast<const HttpException *>(&error)) {
        for (const QString &scope : names)
            if (const HookSet *hooks = hooksOf(scope))
                if (auto it = hooks->codeErrorHandlers.find(http->code());
                    it != hooks->codeErrorHandlers.end())
                    return it->second;
    }
    for (const QString &scope : names) {
        const HookSet *hooks = hooksOf(scope);
        if (!hooks)
            continue;
        // The most specific class first (Python walks the MRO): an exact type match wins.
        for (const auto &h : hooks->typedErrorHandlers)
            if (h.type == std::type_index(typeid(error)))
                return Named<ErrorHandler>{h.name, h.fn};
        for (const auto &h : hooks->typedErrorHandlers)
            if (h.matches(error))
                return Named<ErrorHandler>{h.name, h.fn};
    }
    return std::nullopt;
}

ResponseValue App::handleUserException(RequestContext &ctx, std::exception_ptr error)
{
    try {
        std::rethrow_exception(error);
    } catch (const RequestRedirect &redirect) {
        return redirect.toResponse();
    } catch (const HttpException &http) {
        const std::optional<Named<ErrorHandler>> handler = findErrorHandler(http, ctx.request().blueprints());
        if (!handler)
            return http.toResponse();
        trace::PhaseScope phase("error_handler", handler->name);
        return handler->fn(http);
    } catch (const std::exception &e) {
        const std::optional<Named<ErrorHandler>> handler = findErrorHandler(e, ctx.request().blueprints());
        if (!handler)
            throw;
        trace::PhaseScope phase("error_handler", handler->name);
        return handler->fn(e);
    }
}

Response App::handleException(RequestContext &ctx, std::exception_ptr error)
{
    emitError("got_request_exception", error);
    try {
        std::rethrow_exception(error);
    } catch (const SessionStoreError &storeDown) {
        // A store that is down is the server's state, not a bug: 503 with the reason, through a
        // 503 handler if there is one. The finalize's own save_session does not retry a save that just failed
        // (the session remembers it): a retry that worked would send a cookie with this 503.
        const std::optional<Named<ErrorHandler>> handler =
            findErrorHandler(storeDown, ctx.request().blueprints());
        if (!handler)
            return finalizeRequest(ctx, storeDown.toResponse(), true);
        std::optional<ResponseValue> rv;
        {
            trace::PhaseScope phase("error_handler", handler->name);
            rv = handler->fn(storeDown);
        }
        return finalizeRequest(ctx, std::move(*rv), true);
    } catch (...) {
    }
    if (config_.propagateExceptions())
        std::rethrow_exception(error);
    HttpException serverError(500);
    serverError.setOriginalException(error);
    const std::optional<Named<ErrorHandler>> handler =
        findErrorHandler(serverError, ctx.request().blueprints());
    if (!handler)
        return finalizeRequest(ctx, serverError.toResponse(), true);
    std::optional<ResponseValue> rv;
    {
        trace::PhaseScope phase("error_handler", handler->name);
        rv = handler->fn(serverError);
    }
    return finalizeRequest(ctx, std::move(*rv), true);
}

Response App::finalizeRequest(RequestContext &ctx, ResponseValue rv, bool fromErrorHandler)
{
    Response response = std::move(rv).toResponse();
    try {
        // From an error handler the response must survive a failing hook or save_session (a
        // store that is still down), so the hooks get a copy; the bytes are shared, not copied.
        response = processResponse(ctx, fromErrorHandler ? Response(response) : std::move(response));
        trace::PhaseScope phase("request_finished", "request_finished");
    } catch (...) {
        if (!fromErrorHandler)
            throw;
        emitError("finalize_request: Request finalizing failed with an error while handling an error",
                  std::current_exception());
    }
    return response;
}

Response App::processResponse(RequestContext &ctx, Response response)
{
    for (const auto &hook : ctx.afterThisRequest()) {
        trace::PhaseScope phase("after_this_request", hook.name);
        response = hook.fn(std::move(response));
    }
    forEachScopeInnerFirst(ctx, [&](const HookSet &hooks) {
        for (auto it = hooks.afterRequest.crbegin(); it != hooks.afterRequest.crend(); ++it) {
            trace::PhaseScope phase("after_request", it->name);
            response = it->fn(std::move(response));
        }
    });
    Session *session = ctx.session();
    std::shared_ptr<SessionInterface> interface = sessionInterface();
    if (session && !interface->isNullSession(*session)) {
        trace::PhaseScope phase("save_session", interface->name());
        interface->saveSession(*this, *session, response);
    }
    return response;
}

void App::doTeardownRequest(RequestContext &ctx, std::exception_ptr exc)
{
    forEachScopeInnerFirst(ctx, [&](const HookSet &hooks) {
        for (auto it = hooks.teardownRequest.crbegin(); it != hooks.teardownRequest.crend(); ++it) {
            trace::PhaseScope phase("teardown_request", it->name);
            it->fn(exc);
        }
    });
}

void App::doTeardownAppcontext(std::exception_ptr exc)
{
    for (auto it = teardownAppcontext_.crbegin(); it != teardownAppcontext_.crend(); ++it) {
        trace::PhaseScope phase("teardown_appcontext", it->name);
        it->fn(exc);
    }
}

void App::openSession(RequestContext &ctx)
{
    std::shared_ptr<SessionInterface> interface = sessionInterface();
    trace::PhaseScope phase("open_session", interface->name());
    std::shared_ptr<Session> session = interface->openSession(*this, ctx.request());
    if (!session)
        session = interface->makeNullSession(*this);
    ctx.setSession(std::move(session));
}

void App::matchRequest(RequestContext &ctx)
{
    trace::PhaseScope phase("match_request", "url_map.match");
    Request &req = ctx.request();
    req.setMatch(urlMap_.match(req.path(), req.method(), req.environ().rawQuery));
}

QString App::urlFor(const QString &endpoint, const Value::Dict &values, bool external)
{
    QString ep = endpoint;
    RequestContext *ctx = requestStack().top();
    if (ep.startsWith(QLatin1Char('.'))) {
        const QString bp = ctx ? ctx->request().blueprint() : QString();
        ep = bp.isEmpty() ? ep.mid(1) : bp + ep;
    }
    std::optional<QString> path = urlMap_.build(ep, values);
    if (!path)
        throw std::invalid_argument("Could not build url for endpoint '" + utf8(ep) + "'.");
    if (!external)
        return *path;
    const QString host = ctx ? ctx->request().host() : config_.stringValue(QStringLiteral("SERVER_NAME"));
    return QStringLiteral("http://") + (host.isEmpty() ? QStringLiteral("localhost") : host) + *path;
}

std::vector<App::RuleInfo> App::ruleInfos() const
{
    return ruleInfos_;
}

QStringList App::middlewareNames() const
{
    QStringList out;
    for (auto it = middlewareNames_.crbegin(); it != middlewareNames_.crend(); ++it)
        out.append(*it);
    return out;
}

QStringList App::blueprintNames() const
{
    return blueprintOrder_;
}

} // namespace rs
