#pragma once

#include "core/framework/App.h"
#include "core/framework/Blueprint.h"

#include <memory>

namespace rs::demo {

// The application a user sees first: the articles' examples, reachable from curl.
//
//   GET  /                 an HTML page listing the routes
//   GET  /hello            "hello"
//   GET  /xx/index         blueprint `us` (url_prefix '/xx') with its own before_request
//   GET  /docs/            a rule with a trailing slash: /docs answers 308 to /docs/
//   GET  /g                g set by a before_request hook, read in the view
//   GET  /boom             raises; the 500 handler answers; teardown still runs and sees it
//   GET  /teapot           abort(418), answered by a 418 handler
//   GET  /slow?ms=N        waits N ms in the view (at most 10 000)
//   GET  /download?kb=N    streams N KiB in 1 KiB chunks with stream_with_context
//   GET  /whoami           JSON: request id, thread, ident, endpoint
//   POST /echo             echoes the body
//   GET  /users/<int:id>   and  GET /files/<path:p>   converters
//
// Sessions (they need SECRET_KEY; `serve` always sets one):
//   GET  /login                  session["user"] = "alex" → Set-Cookie
//   GET  /home                   "hello <user>", or "hello anonymous" without a session
//   GET  /logout                 session.clear() → the cookie is deleted
//   GET  /cart/add/<item>        session["cart"].append(item): the nested-mutation gotcha, the
//                                change is not saved (unless the cart was just created)
//   GET  /cart/add-fixed/<item>  the same, then session.modified = True: saved
//   GET  /cart                   the cart as a JSON list
//   GET  /permanent/on|off       session.permanent = True / False (Expires on the cookie or not)
//   GET  /flash/login            blueprint `ac` (no prefix): flash("登录成功1", "x1") and
//                                flash("登录成功2", "x2"), then a redirect to /flash/logout
//   GET  /flash/logout           JSON of get_flashed_messages(category_filter=["x1"])
//
// Hooks: app before_request `check_login` (records, never blocks) and `load_g`, after_request
// `add_request_id`, teardown_request `close_db`, teardown_appcontext `release_resources`, and the
// middleware `MiddleWare` around wsgi_app.
class DemoApp {
public:
    DemoApp();
    App &app() { return *app_; }

private:
    std::unique_ptr<App> app_;
    std::unique_ptr<Blueprint> us_;
    std::unique_ptr<Blueprint> ac_;
};

} // namespace rs::demo
