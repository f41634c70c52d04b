#pragma once

#include "core/session/codec/LoadResult.h"
#include "core/session/codec/URLSafeTimedSerializer.h"
#include "core/value/Value.h"

#include <cstdint>
#include <optional>

namespace rs::codec {

// Flask's SecureCookieSessionInterface serializer: URLSafeTimedSerializer with salt
// "cookie-session", HMAC key derivation, SHA-1 and TaggedJson (reference §a.1–a.6).
// Secret keys are listed oldest to newest, like app.secret_key = ["old", "new"].
class CookieSessionCodec {
public:
    static constexpr const char *kSalt = "cookie-session";
    // PERMANENT_SESSION_LIFETIME's default, 31 days; Flask checks it for every cookie.
    static constexpr std::int64_t kDefaultMaxAgeSeconds = 2678400;

    static URLSafeTimedSerializer serializer(const QList<QByteArray> &secretKeys);

    // The cookie value for this session dict, signed at nowUnix. Empty (with *error) when there is
    // no key or the value cannot be serialized.
    static QByteArray sign(const Value &session, std::int64_t nowUnix, const QList<QByteArray> &secretKeys,
                           QString *error = nullptr);

    // The session a cookie carries. A payload that is valid JSON but not an object is BadPayload
    // (Flask's dict(data) raises). An empty cookie is Malformed (Flask does not even try it).
    static LoadResult decode(const QByteArray &cookie, const QList<QByteArray> &secretKeys,
                             std::int64_t nowUnix,
                             std::optional<std::int64_t> maxAgeSeconds = kDefaultMaxAgeSeconds);
};

} // namespace rs::codec
