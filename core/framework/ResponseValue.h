#pragma once

#include "core/framework/Response.h"
#include "core/http/HeaderList.h"
#include "core/value/Value.h"

#include <QByteArray>
#include <QString>

#include <optional>
#include <utility>
#include <variant>

namespace rs {

// What a view, a before_request hook or an error handler may return, as in Flask:
// a Response, a str (text/html), bytes, a dict or list (jsonify), optionally with a status and
// headers: `return {"hello", 201}` reads like `return "hello", 201`.
class ResponseValue {
public:
    ResponseValue(Response response) : v_(std::move(response)) {}
    ResponseValue(const char *text) : v_(QString::fromUtf8(text)) {}
    ResponseValue(QString text) : v_(std::move(text)) {}
    ResponseValue(QByteArray bytes) : v_(std::move(bytes)) {}
    ResponseValue(Value json) : v_(std::move(json)) {}
    template <class Body> ResponseValue(Body body, int status) : ResponseValue(std::move(body))
    {
        status_ = status;
    }
    template <class Body>
    ResponseValue(Body body, int status, http::HeaderList headers) : ResponseValue(std::move(body))
    {
        status_ = status;
        headers_ = std::move(headers);
    }

    // Flask's make_response. Throws std::invalid_argument for a Value that is neither dict nor
    // list (Flask's TypeError: "The view function did not return a valid response…").
    Response toResponse() &&;

private:
    std::variant<Response, QString, QByteArray, Value> v_;
    std::optional<int> status_;
    http::HeaderList headers_;
};

} // namespace rs
