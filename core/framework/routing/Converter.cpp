#include "core/framework/routing/Converter.h"

#include "core/framework/routing/UrlQuote.h"

namespace rs::routing {

std::optional<QString> Converter::toUrl(const Value &value) const
{
    // BaseConverter.to_url: str(value) (or the bytes) quoted, '/' and ':' left as they are.
    return UrlQuote::quote(UrlQuote::valueBytes(value));
}

} // namespace rs::routing
