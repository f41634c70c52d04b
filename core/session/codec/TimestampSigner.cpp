#include "core/session/codec/TimestampSigner.h"

#include "core/session/codec/Base64Url.h"

namespace rs::codec {

QByteArray TimestampSigner::encodeTimestamp(std::int64_t unixSeconds)
{
    std::uint64_t v = unixSeconds < 0 ? 0 : static_cast<std::uint64_t>(unixSeconds);
    QByteArray bytes;
    while (v) {
        bytes.prepend(static_cast<char>(v & 0xff));
        v >>= 8;
    }
    return Base64Url::encode(bytes);
}

bool TimestampSigner::decodeTimestamp(const QByteArray &text, std::uint64_t *unixSeconds)
{
    QByteArray bytes;
    if (!Base64Url::decode(text, &bytes) || bytes.size() > 8)
        return false;
    std::uint64_t v = 0;
    for (char c : bytes)
        v = (v << 8) | static_cast<unsigned char>(c);
    *unixSeconds = v;
    return true;
}

QByteArray TimestampSigner::sign(const QByteArray &value, std::int64_t nowUnix) const
{
    if (!hasKeys())
        return {};
    const QByteArray timed = value + kSeparator + encodeTimestamp(nowUnix);
    return Signer::sign(timed);
}

UnsignResult TimestampSigner::unsign(const QByteArray &signedValue, std::int64_t nowUnix,
                                     std::optional<std::int64_t> maxAgeSeconds) const
{
    // Follows itsdangerous: a bad signature is reported as such even when the timestamp is also
    // broken, but a valid signature over a broken timestamp is Malformed.
    const UnsignResult sig = Signer::unsign(signedValue);
    if (sig.failure == Failure::Malformed)
        return sig;
    const qsizetype dot = sig.value.lastIndexOf(kSeparator);
    if (dot < 0) {
        if (!sig.ok())
            return sig;
        return UnsignResult{Failure::Malformed, QStringLiteral("timestamp missing"), sig.value, 0};
    }
    UnsignResult r;
    r.value = sig.value.left(dot);
    std::uint64_t ts = 0;
    const bool tsOk = decodeTimestamp(sig.value.mid(dot + 1), &ts);
    if (!sig.ok()) {
        r.failure = Failure::BadSignature;
        r.message = sig.message;
        if (tsOk && ts > kMaxDateTimeTimestamp) {
            r.failure = Failure::Malformed;
            r.message = QStringLiteral("malformed timestamp");
        }
        return r;
    }
    if (!tsOk) {
        r.failure = Failure::Malformed;
        r.message = QStringLiteral("malformed timestamp");
        return r;
    }
    r.timestamp = ts;
    if (maxAgeSeconds) {
        // 128-bit, as Python's integers do not overflow either.
        const __int128 age = static_cast<__int128>(nowUnix) - static_cast<__int128>(ts);
        auto text = [](__int128 v) {
            const bool neg = v < 0;
            unsigned __int128 u =
                neg ? static_cast<unsigned __int128>(-v) : static_cast<unsigned __int128>(v);
            QString s;
            do {
                s.prepend(QChar(u'0' + static_cast<int>(u % 10)));
                u /= 10;
            } while (u);
            return neg ? QStringLiteral("-") + s : s;
        };
        if (age > *maxAgeSeconds) {
            r.failure = Failure::Expired;
            r.message = QStringLiteral("signature age %1 > %2 seconds").arg(text(age)).arg(*maxAgeSeconds);
        } else if (age < 0) {
            r.failure = Failure::Expired;
            r.message = QStringLiteral("signature age %1 < 0 seconds (signed in the future)").arg(text(age));
        }
    }
    return r;
}

} // namespace rs::codec
