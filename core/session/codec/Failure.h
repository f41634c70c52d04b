#pragma once

#include <QString>

namespace rs::codec {

// Why a signed value was refused. Flask treats BadSignature, Expired and Malformed alike (they
// are all itsdangerous BadSignature subclasses: the session starts empty), while BadPayload is not
// caught by open_session and becomes HTTP 500 (reference §a.7).
enum class Failure {
    None,
    BadSignature, // the signature does not match any key
    Expired,      // valid signature, but age > max_age or the timestamp is in the future
    BadPayload,   // valid signature over data that is not base64 / zlib / UTF-8 JSON / a session
    Malformed,    // no separator, or a valid signature over a missing or unreadable timestamp
};

// "bad_signature", "expired", "bad_payload", "malformed" (and "ok"), as trace events spell them.
QString failureName(Failure failure);

} // namespace rs::codec
