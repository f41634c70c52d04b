#include "core/session/codec/CookieSessionCodec.h"

#include "core/value/TaggedJson.h"

namespace rs::codec {

URLSafeTimedSerializer CookieSessionCodec::serializer(const QList<QByteArray> &secretKeys)
{
    return URLSafeTimedSerializer(
        secretKeys, QByteArray(kSalt), KeyDerivation::Hmac, QCryptographicHash::Sha1,
        [](const Value &v, QString *error) { return TaggedJson::dumps(v, error); },
        [](const QByteArray &json, QString *error) { return TaggedJson::loads(json, error); });
}

QByteArray CookieSessionCodec::sign(const Value &session, std::int64_t nowUnix,
                                    const QList<QByteArray> &secretKeys, QString *error)
{
    return serializer(secretKeys).dumps(session, nowUnix, error);
}

LoadResult CookieSessionCodec::decode(const QByteArray &cookie, const QList<QByteArray> &secretKeys,
                                      std::int64_t nowUnix, std::optional<std::int64_t> maxAgeSeconds)
{
    if (cookie.isEmpty()) {
        LoadResult r;
        r.failure = Failure::Malformed;
        r.message = QStringLiteral("the cookie is empty");
        return r;
    }
    LoadResult r = serializer(secretKeys).loads(cookie, nowUnix, maxAgeSeconds);
    if (r.ok() && !r.payload.isDict()) {
        r.failure = Failure::BadPayload;
        r.message = QStringLiteral("the session data is not a JSON object (it is %1)")
                        .arg(QString::fromUtf8(r.json.left(40)));
        r.payload = Value();
    }
    return r;
}

} // namespace rs::codec
