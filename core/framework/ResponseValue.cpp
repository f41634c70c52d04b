#include "core/framework/ResponseValue.h"

#include <stdexcept>

namespace rs {

Response ResponseValue::toResponse() &&
{
    Response r = std::visit(
        [](auto &&body) -> Response {
            using T = std::decay_t<decltype(body)>;
            if constexpr (std::is_same_v<T, Response>) {
                return std::move(body);
            } else if constexpr (std::is_same_v<T, QString>) {
                return Response(body.toUtf8());
            } else if constexpr (std::is_same_v<T, QByteArray>) {
                return Response(std::move(body));
            } else {
                if (!body.isDict() && !body.isList())
                    throw std::invalid_argument("The view function did not return a valid response. The "
                                                "return type must be a string, "
                                                "dict, list, tuple with headers or status, Response "
                                                "instance, or WSGI callable, but it was "
                                                "a " +
                                                body.repr().toStdString() + ".");
                return Response::json(body);
            }
        },
        std::move(v_));
    if (status_)
        r.setStatus(*status_);
    for (const auto &f : headers_.fields())
        r.headers().set(f.first, f.second);
    return r;
}

} // namespace rs
