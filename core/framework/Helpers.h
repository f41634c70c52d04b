#pragma once

#include "core/framework/Hooks.h"
#include "core/framework/Response.h"
#include "core/value/Value.h"

#include <QString>

namespace rs {

// Flask's helper functions. Those that need a request context throw rs::RuntimeError with
// Flask's text outside one. They run on the ident handling the request.

// abort(404): throws HttpException(code).
[[noreturn]] void abort(int code, const QString &description = {});
// redirect(location, 302)
Response redirect(const QString &location, int code = 302);
// url_for(endpoint, **values) on the current app.
QString urlFor(const QString &endpoint, const Value::Dict &values = {}, bool external = false);
// jsonify(value)
Response jsonify(const Value &value, int status = 200);
// after_this_request(f): runs f on this request's response, before the after_request hooks.
void afterThisRequest(const QString &name, AfterRequestHook hook);
// stream_with_context(generator): pushes the current request context once more now, so that
// wsgi_app's pop does not tear it down; it is popped (and torn down) after the last chunk.
Response streamWithContext(Response::Generator generator, QByteArray mimetype = "text/html");

} // namespace rs
