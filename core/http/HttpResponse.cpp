#include "core/http/HttpResponse.h"

#include "core/http/StatusText.h"

namespace rs::http {

QByteArray reasonPhrase(int status)
{
    const std::string_view text = StatusText::reason(status);
    // The phrases are string literals, so the array can point at them instead of copying.
    return QByteArray::fromRawData(text.data(), static_cast<qsizetype>(text.size()));
}

} // namespace rs::http
