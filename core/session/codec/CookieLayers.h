#pragma once

#include "core/value/Value.h"

#include <QByteArray>
#include <QString>

#include <cstdint>

namespace rs::codec {

// A Flask session cookie taken apart without a key, layer by layer as itsdangerous builds it:
//   payload JSON → zlib (only when it saves ≥ 2 bytes; then the segment starts with '.') →
//   base64url → "." timestamp → "." signature.
// Each layer says what it holds and, when it cannot be read, why, in the codec's words. Whether
// the signature is valid, and the verdict, are CookieSessionCodec::decode's: this only shows what
// the cookie carries, so a tampered or foreign cookie can still be looked into. A plain value.
struct CookieLayers {
    QByteArray cookie;
    // Empty when the value is not even split into payload, timestamp and signature; else what is
    // missing ("no '.' separator found in the value", "timestamp missing"), as Signer says it.
    QString structureError;

    QByteArray payloadSegment;   // as in the cookie, with the leading '.' when compressed
    QByteArray timestampSegment; // base64url of the big-endian Unix time
    QByteArray signatureSegment; // base64url of the HMAC

    bool compressed = false;
    bool base64Ok = false;
    QString base64Error;
    QByteArray decoded; // after base64: the zlib stream when compressed, else the JSON text

    bool zlibOk = false; // also true when not compressed (nothing to inflate)
    QString zlibError;
    QByteArray json; // the JSON text that was signed

    bool jsonOk = false;
    QString jsonError; // Python's message, from TaggedJson::loads
    Value payload;     // untagged: tuples, bytes, UUIDs and datetimes as themselves

    bool timestampOk = false;
    QString timestampError;
    std::uint64_t timestamp = 0; // Unix seconds

    // Splits and decodes every layer that can be decoded; never fails.
    static CookieLayers split(const QByteArray &cookie);
};

} // namespace rs::codec
