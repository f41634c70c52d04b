#include "core/session/codec/Failure.h"

namespace rs::codec {

QString failureName(Failure failure)
{
    switch (failure) {
    case Failure::None: return QStringLiteral("ok");
    case Failure::BadSignature: return QStringLiteral("bad_signature");
    case Failure::Expired: return QStringLiteral("expired");
    case Failure::BadPayload: return QStringLiteral("bad_payload");
    case Failure::Malformed: return QStringLiteral("malformed");
    }
    return {};
}

} // namespace rs::codec
