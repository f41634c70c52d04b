#pragma once

#include "core/framework/Response.h"
#include "core/framework/ResponseValue.h"
#include "core/http/HttpRequest.h"
#include "core/value/Value.h"

#include <QString>

#include <exception>
#include <functional>
#include <optional>
#include <typeindex>

namespace rs {

// The WSGI environ: the parsed HTTP request as the server hands it to the app.
using Environ = http::HttpRequest;

// A view gets its URL variables as a dict: `args.get("id").toInt()`.
using View = std::function<ResponseValue(const Value &args)>;
// Returning a value short-circuits the request (it becomes the response).
using BeforeRequestHook = std::function<std::optional<ResponseValue>()>;
using AfterRequestHook = std::function<Response(Response)>;
// Gets the unhandled exception, or nullptr.
using TeardownHook = std::function<void(std::exception_ptr)>;
// Gets the endpoint and the view args (nullptr when no rule matched), and may change the args.
using UrlValuePreprocessor = std::function<void(const QString &endpoint, Value::Dict *values)>;
using BeforeFirstRequestHook = std::function<void()>;
// For code handlers the exception is an HttpException.
using ErrorHandler = std::function<ResponseValue(const std::exception &error)>;

// app.wsgi_app and what wraps it: `app.wsgi_app = MiddleWare(app.wsgi_app)`.
using WsgiCallable = std::function<Response(Environ &environ)>;
using Middleware = std::function<WsgiCallable(WsgiCallable inner)>;

// A hook with the name events and the UI show for it.
template <class F> struct Named {
    QString name;
    F fn;
};

// An error handler registered for an exception type; `matches` is a dynamic_cast test.
struct TypedErrorHandler {
    QString name;
    std::type_index type;
    std::function<bool(const std::exception &)> matches;
    ErrorHandler fn;
};

struct RouteOptions {
    QStringList methods; // empty = GET
    bool strictSlashes = true;
    bool provideAutomaticOptions = true;
};

} // namespace rs
