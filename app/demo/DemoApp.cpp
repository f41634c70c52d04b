#include "app/demo/DemoApp.h"

#include "core/context/Globals.h"
#include "core/fiber/FiberSleep.h"
#include "core/framework/Flash.h"
#include "core/framework/Helpers.h"
#include "core/framework/HttpException.h"
#include "core/trace/ExecutionContext.h"

#include <algorithm>
#include <chrono>
#include <stdexcept>

namespace rs::demo {

namespace {
constexpr int kMaxSlowMs = 10'000;
constexpr int kMaxDownloadKb = 1024 * 1024; // 1 GiB

// Whether save_session will write this session (SessionInterface.should_set_cookie), in words,
// for the cart routes' answers. Reads the flags without touching them.
QString saveOutcome(App &app)
{
    Session &s = *session;
    const Value *permanent = s.data().find(QStringLiteral("_permanent"));
    const bool refresh = permanent && permanent->toBool() && app.config().session().refreshEachRequest;
    if (s.modified())
        return QStringLiteral("session.modified is True, so this change is saved (Set-Cookie).\n");
    if (refresh)
        return QStringLiteral(
            "session.modified is False, but the session is permanent and SESSION_REFRESH_EACH_REQUEST is "
            "on: the whole session is re-signed anyway, so this change happens to be saved.\n");
    return QStringLiteral("session.modified is False: changing a list inside the session does not mark it "
                          "modified, so no Set-Cookie is sent and this change is LOST. The next request "
                          "still sees the old cart. /cart/add-fixed/<item> sets session.modified = True.\n");
}

// The cart routes: session["cart"].append(item) — an in-place change Flask does not notice.
QString addToCart(App &app, const QString &item, bool markModified)
{
    Session &s = *session;
    QString created;
    if (!s.contains(QStringLiteral("cart"))) {
        s.set(QStringLiteral("cart"), Value::list());
        created = QStringLiteral("session['cart'] = [] created the cart (a write: modified).\n");
    }
    s.at(QStringLiteral("cart")).append(item);
    if (markModified)
        s.setModified(true);
    return QStringLiteral("%1session['cart'].append(%2): in this request the cart is %3\n%4%5")
        .arg(created, Value(item).repr(), s.data().get(QStringLiteral("cart")).repr(),
             markModified ? QStringLiteral("session.modified = True (the fix).\n") : QString(),
             saveOutcome(app));
}

QString indexPage(App &app)
{
    QString rows;
    for (const auto &r : app.ruleInfos())
        rows += QStringLiteral("<tr><td><code>%1</code></td><td>%2</td><td>%3</td></tr>\n")
                    .arg(r.rule.toHtmlEscaped(), r.methods.join(QStringLiteral(", ")),
                         r.endpoint.toHtmlEscaped());
    return QStringLiteral("<!doctype html>\n<html lang=en>\n<title>RequestScope demo</title>\n"
                          "<h1>RequestScope demo app</h1>\n<p>Every request to this app is traced: hooks, "
                          "contexts, Local storage and the session.</p>\n<table>\n<tr><th>rule</th>"
                          "<th>methods</th><th>endpoint</th></tr>\n%1</table>\n")
        .arg(rows);
}
} // namespace

DemoApp::DemoApp() : app_(std::make_unique<App>(QStringLiteral("demo")))
{
    App &app = *app_;
    // Flask's default is no SameSite attribute; the demo app, as a careful app would, asks for Lax
    // (the session cookie is not sent on cross-site POSTs). HttpOnly is Flask's default already.
    app.config().set(QStringLiteral("SESSION_COOKIE_SAMESITE"), QStringLiteral("Lax"));

    // The article's middleware: app.wsgi_app = MiddleWare(app.wsgi_app).
    app.wrapWsgiApp(QStringLiteral("MiddleWare"), [](WsgiCallable inner) -> WsgiCallable {
        return [inner](Environ &environ) {
            Response response = inner(environ);
            response.headers().set("X-Middleware", "MiddleWare");
            return response;
        };
    });

    app.beforeRequest(QStringLiteral("check_login"), []() -> std::optional<ResponseValue> {
        g->set(QStringLiteral("check_login"), request->path());
        return std::nullopt;
    });
    app.beforeRequest(QStringLiteral("load_g"), []() -> std::optional<ResponseValue> {
        if (request->path() == QLatin1String("/g"))
            g->set(QStringLiteral("loaded_by"), QStringLiteral("load_g"));
        return std::nullopt;
    });
    app.afterRequest(QStringLiteral("add_request_id"), [](Response response) {
        response.headers().set("X-Request-Id", QByteArray::number(qulonglong(request->id())));
        return response;
    });
    app.teardownRequest(QStringLiteral("close_db"), [](std::exception_ptr) {});
    app.teardownAppcontext(QStringLiteral("release_resources"), [](std::exception_ptr) {});

    app.errorHandler(500, QStringLiteral("internal_error"), [](const std::exception &e) -> ResponseValue {
        QString cause = QStringLiteral("unknown");
        if (const auto *http = dynamic_cast<const HttpException *>(&e); http && http->originalException()) {
            try {
                std::rethrow_exception(http->originalException());
            } catch (const std::exception &original) {
                cause = QString::fromUtf8(original.what());
            } catch (...) {
            }
        }
        return {QStringLiteral("500 handled by internal_error: %1\n").arg(cause), 500};
    });
    app.errorHandler(418, QStringLiteral("teapot_handler"), [](const std::exception &) -> ResponseValue {
        return {QStringLiteral("I'm a teapot (handled by teapot_handler)\n"), 418};
    });

    app.route(QStringLiteral("/"), QStringLiteral("index"),
              [&app](const Value &) -> ResponseValue { return indexPage(app); });
    app.route(QStringLiteral("/hello"), QStringLiteral("hello"),
              [](const Value &) -> ResponseValue { return "hello"; });
    app.route(QStringLiteral("/docs/"), QStringLiteral("docs"), [](const Value &) -> ResponseValue {
        return "docs: this rule ends with a slash, so /docs answers 308 to /docs/\n";
    });
    app.route(QStringLiteral("/g"), QStringLiteral("show_g"), [](const Value &) -> ResponseValue {
        return Value::dict({{QStringLiteral("loaded_by"), g->get(QStringLiteral("loaded_by"))},
                            {QStringLiteral("check_login"), g->get(QStringLiteral("check_login"))}});
    });
    app.route(QStringLiteral("/boom"), QStringLiteral("boom"),
              [](const Value &) -> ResponseValue { throw std::runtime_error("boom"); });
    app.route(QStringLiteral("/teapot"), QStringLiteral("teapot"),
              [](const Value &) -> ResponseValue { abort(418); });
    app.route(QStringLiteral("/slow"), QStringLiteral("slow"), [](const Value &) -> ResponseValue {
        bool ok = false;
        int ms = request->arg(QStringLiteral("ms"), QStringLiteral("1000")).toInt(&ok);
        if (!ok || ms < 0)
            abort(400, QStringLiteral("ms must be a whole number of milliseconds"));
        ms = std::min(ms, kMaxSlowMs);
        // On a coroutine worker this yields to the other requests; on a thread worker it blocks.
        fiber::fiberSleep(std::chrono::milliseconds(ms));
        return QStringLiteral("slept %1 ms\n").arg(ms);
    });
    app.route(QStringLiteral("/download"), QStringLiteral("download"), [](const Value &) -> ResponseValue {
        bool ok = false;
        const int kb = request->arg(QStringLiteral("kb"), QStringLiteral("64")).toInt(&ok);
        if (!ok || kb < 0 || kb > kMaxDownloadKb)
            abort(400, QStringLiteral("kb must be a whole number from 0 to %1").arg(kMaxDownloadKb));
        auto sent = std::make_shared<int>(0);
        Response r = streamWithContext(
            [kb, sent](QByteArray &chunk) {
                if (*sent >= kb)
                    return false;
                // The request is still reachable here: that is what stream_with_context is for.
                const QByteArray line =
                    "chunk " + QByteArray::number(*sent) + " of " + request->path().toUtf8() + "\n";
                chunk = line.leftJustified(1024, '.', true);
                chunk[1023] = '\n';
                ++*sent;
                return true;
            },
            "application/octet-stream");
        return r;
    });
    app.route(QStringLiteral("/whoami"), QStringLiteral("whoami"), [](const Value &) -> ResponseValue {
        // ?ms=N waits first, as /slow does, so that concurrent requests overlap on one worker.
        bool ok = false;
        const int ms = request->arg(QStringLiteral("ms"), QStringLiteral("0")).toInt(&ok);
        if (!ok || ms < 0)
            abort(400, QStringLiteral("ms must be a whole number of milliseconds"));
        if (ms > 0)
            fiber::fiberSleep(std::chrono::milliseconds(std::min(ms, kMaxSlowMs)));
        const auto &ctx = trace::ExecutionContext::current();
        return Value::dict(
            {{QStringLiteral("request_id"), static_cast<long long>(request->id())},
             {QStringLiteral("thread"), QString::fromUtf8(ctx.threadName)},
             {QStringLiteral("ident"), static_cast<long long>(ctx.ident)},
             // The id the server gave this request (not read through a Local), and
             // the ident the request Local keys on: they expose a cross-request read.
             {QStringLiteral("server_request_id"), static_cast<long long>(ctx.requestId)},
             {QStringLiteral("local_ident"), static_cast<long long>(requestStack().local().ident())},
             {QStringLiteral("endpoint"), request->endpoint()}});
    });
    app.route(QStringLiteral("/echo"), QStringLiteral("echo"),
              [](const Value &) -> ResponseValue {
                  QByteArray type = request->header("Content-Type");
                  Response r(request->data(), 200,
                             type.isEmpty() ? QByteArray("application/octet-stream") : type);
                  if (!type.isEmpty())
                      r.headers().set("Content-Type", type);
                  return r;
              },
              {.methods = {QStringLiteral("POST")}});
    app.route(QStringLiteral("/users/<int:id>"), QStringLiteral("user"),
              [](const Value &args) -> ResponseValue {
                  return Value::dict({{QStringLiteral("id"), args.get(QStringLiteral("id"))}});
              });
    app.route(QStringLiteral("/files/<path:p>"), QStringLiteral("files"),
              [](const Value &args) -> ResponseValue {
                  return Value::dict({{QStringLiteral("path"), args.get(QStringLiteral("p"))}});
              });

    // Sessions (the article's first example) and the nested-mutation gotcha.
    app.route(QStringLiteral("/login"), QStringLiteral("login"), [](const Value &) -> ResponseValue {
        session->set(QStringLiteral("user"), QStringLiteral("alex"));
        return "logged in as alex: session['user'] = 'alex' marks the session modified, so this response "
               "sets the session cookie\n";
    });
    app.route(QStringLiteral("/home"), QStringLiteral("home"), [](const Value &) -> ResponseValue {
        const Value user = session->get(QStringLiteral("user"));
        if (user.isNone())
            return "hello anonymous (no 'user' in the session: GET /login first, and send its cookie)\n";
        return QStringLiteral("hello %1\n").arg(user.toStr());
    });
    app.route(QStringLiteral("/logout"), QStringLiteral("logout"), [](const Value &) -> ResponseValue {
        session->clear();
        return "logged out: session.clear() left the session empty and modified, so this response deletes "
               "the cookie\n";
    });
    app.route(QStringLiteral("/cart/add/<item>"), QStringLiteral("cart_add"),
              [&app](const Value &args) -> ResponseValue {
                  return addToCart(app, args.get(QStringLiteral("item")).toStr(), false);
              });
    app.route(QStringLiteral("/cart/add-fixed/<item>"), QStringLiteral("cart_add_fixed"),
              [&app](const Value &args) -> ResponseValue {
                  return addToCart(app, args.get(QStringLiteral("item")).toStr(), true);
              });
    app.route(QStringLiteral("/cart"), QStringLiteral("cart"), [](const Value &) -> ResponseValue {
        return session->get(QStringLiteral("cart"), Value::list());
    });
    app.route(QStringLiteral("/permanent/on"), QStringLiteral("permanent_on"),
              [&app](const Value &) -> ResponseValue {
                  session->setPermanent(true);
                  return QStringLiteral(
                             "session.permanent = True (stored as '_permanent'): the cookie now has Expires, "
                             "%1 seconds (PERMANENT_SESSION_LIFETIME) from now, and is re-signed on every "
                             "request while SESSION_REFRESH_EACH_REQUEST is on\n")
                      .arg(app.config().permanentSessionLifetime());
              });
    app.route(
        QStringLiteral("/permanent/off"), QStringLiteral("permanent_off"),
        [](const Value &) -> ResponseValue {
            session->setPermanent(false);
            return "session.permanent = False: the cookie has no Expires (it ends with the browser session) "
                   "and is only sent again when the session changes\n";
        });

    // The article's flash blueprint: ac = Blueprint('ac', __name__), no prefix.
    ac_ = std::make_unique<Blueprint>(QStringLiteral("ac"));
    ac_->route(QStringLiteral("/flash/login"), QStringLiteral("login"), [](const Value &) -> ResponseValue {
        flash(QStringLiteral("登录成功1"), QStringLiteral("x1"));
        flash(QStringLiteral("登录成功2"), QStringLiteral("x2"));
        return redirect(urlFor(QStringLiteral(".logout")));
    });
    ac_->route(QStringLiteral("/flash/logout"), QStringLiteral("logout"), [](const Value &) -> ResponseValue {
        // Reading pops every message, x2 too: it is gone after this request.
        return getFlashedMessages(false, {QStringLiteral("x1")});
    });
    app.registerBlueprint(*ac_);

    // The article's blueprint: us = Blueprint('us', __name__, url_prefix='/xx').
    us_ = std::make_unique<Blueprint>(QStringLiteral("us"),
                                      Blueprint::Options{.urlPrefix = QStringLiteral("/xx")});
    us_->beforeRequest(QStringLiteral("xx_before"),
                       []() -> std::optional<ResponseValue> { return std::nullopt; });
    us_->route(QStringLiteral("/index"), QStringLiteral("index"),
               [](const Value &) -> ResponseValue { return "us.index: a view of blueprint us\n"; });
    app.registerBlueprint(*us_);
}

} // namespace rs::demo
