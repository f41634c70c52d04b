#pragma once

#include "core/session/codec/LoadResult.h"
#include "core/session/codec/TimestampSigner.h"
#include "core/value/Value.h"

#include <functional>

namespace rs::codec {

// itsdangerous.URLSafeTimedSerializer: JSON text, zlib-compressed when that saves at least two
// bytes (then the segment starts with '.'), base64url, then timestamped and signed.
class URLSafeTimedSerializer {
public:
    // The inner serializer: Value → JSON text and back (errors in words through the pointer).
    using DumpFn = std::function<QByteArray(const Value &, QString *)>;
    using LoadFn = std::function<Value(const QByteArray &, QString *)>;

    // The defaults are itsdangerous's own: salt "itsdangerous", django-concat, SHA-1, and compact
    // JSON (separators (",", ":"), keys unsorted, ensure_ascii).
    explicit URLSafeTimedSerializer(QList<QByteArray> secretKeys,
                                    QByteArray salt = QByteArrayLiteral("itsdangerous"),
                                    KeyDerivation derivation = KeyDerivation::DjangoConcat,
                                    QCryptographicHash::Algorithm digest = QCryptographicHash::Sha1,
                                    DumpFn dump = {}, LoadFn load = {});

    const TimestampSigner &signer() const { return signer_; }

    // URLSafeSerializerMixin.dump_payload: the segment that gets signed.
    static QByteArray dumpPayload(const QByteArray &json);
    // load_payload up to the JSON text: a leading '.' means zlib; false → BadPayload.
    static bool loadPayload(const QByteArray &segment, QByteArray *json, QString *error);

    // zlib.compress(data) (level 6, zlib wrapper) via compress2, so the bytes equal Python's.
    static QByteArray zlibCompress(const QByteArray &data);
    // zlib.decompress(data): zlib wrapper only, data after the end of the stream is ignored.
    static bool zlibDecompress(const QByteArray &data, QByteArray *out, QString *error);
    // A cap on inflated payloads, so a small hostile cookie cannot take all memory.
    static constexpr qsizetype kMaxInflatedSize = 32 * 1024 * 1024;

    // Empty (with *error) when the value cannot be serialized or there is no key.
    QByteArray dumps(const Value &value, std::int64_t nowUnix, QString *error = nullptr) const;
    LoadResult loads(const QByteArray &signedValue, std::int64_t nowUnix,
                     std::optional<std::int64_t> maxAgeSeconds) const;

private:
    TimestampSigner signer_;
    DumpFn dump_;
    LoadFn load_;
};

} // namespace rs::codec
