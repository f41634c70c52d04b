#include "core/session/codec/CookieLayers.h"

#include "core/session/codec/Base64Url.h"
#include "core/session/codec/Signer.h"
#include "core/session/codec/TimestampSigner.h"
#include "core/session/codec/URLSafeTimedSerializer.h"
#include "core/value/TaggedJson.h"

namespace rs::codec {

CookieLayers CookieLayers::split(const QByteArray &cookie)
{
    CookieLayers l;
    l.cookie = cookie;
    if (cookie.isEmpty()) {
        l.structureError = QStringLiteral("the cookie is empty");
        return l;
    }
    // rsplit('.', 1) twice, as Signer and then TimestampSigner do.
    const qsizetype sigDot = cookie.lastIndexOf(Signer::kSeparator);
    if (sigDot < 0) {
        l.structureError = QStringLiteral("no '.' separator found in the value");
        return l;
    }
    l.signatureSegment = cookie.mid(sigDot + 1);
    const QByteArray timed = cookie.left(sigDot);
    const qsizetype tsDot = timed.lastIndexOf(Signer::kSeparator);
    if (tsDot < 0) {
        l.structureError = QStringLiteral("timestamp missing");
        l.payloadSegment = timed;
    } else {
        l.payloadSegment = timed.left(tsDot);
        l.timestampSegment = timed.mid(tsDot + 1);
        std::uint64_t ts = 0;
        if (!TimestampSigner::decodeTimestamp(l.timestampSegment, &ts) ||
            ts > TimestampSigner::kMaxDateTimeTimestamp) {
            l.timestampError = QStringLiteral("malformed timestamp");
        } else {
            l.timestampOk = true;
            l.timestamp = ts;
        }
    }

    // The same steps and messages as URLSafeTimedSerializer::loadPayload, one layer at a time.
    l.compressed = l.payloadSegment.startsWith('.');
    QString why;
    if (!Base64Url::decode(l.compressed ? l.payloadSegment.mid(1) : l.payloadSegment, &l.decoded, &why)) {
        l.base64Error = QStringLiteral("could not base64-decode the payload: %1").arg(why);
        return l;
    }
    l.base64Ok = true;
    if (l.compressed) {
        if (!URLSafeTimedSerializer::zlibDecompress(l.decoded, &l.json, &why)) {
            l.zlibError = QStringLiteral("could not zlib-decompress the payload: %1").arg(why);
            return l;
        }
    } else {
        l.json = l.decoded;
    }
    l.zlibOk = true;
    l.payload = TaggedJson::loads(l.json, &why);
    if (!why.isEmpty()) {
        l.jsonError = QStringLiteral("could not load the payload: %1").arg(why);
        l.payload = Value();
        return l;
    }
    l.jsonOk = true;
    return l;
}

} // namespace rs::codec
