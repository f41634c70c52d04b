#pragma once

#include "core/session/codec/Signer.h"

#include <cstdint>
#include <optional>

namespace rs::codec {

// itsdangerous.TimestampSigner: value + '.' + timestamp + '.' + signature, where the timestamp is
// the big-endian integer without its leading zero bytes, base64url. The current time is passed in,
// as whole Unix seconds, so that callers and tests control it.
class TimestampSigner : public Signer {
public:
    using Signer::Signer;

    QByteArray sign(const QByteArray &value, std::int64_t nowUnix) const;
    // A valid signature first; then, when maxAge is set, the age check of itsdangerous:
    // Expired when now - timestamp > maxAge or < 0 (an age equal to maxAge is accepted).
    UnsignResult unsign(const QByteArray &signedValue, std::int64_t nowUnix,
                        std::optional<std::int64_t> maxAgeSeconds) const;

    // int_to_bytes + base64url: 1700000000 → "ZVPxAA". Negative times (which Python refuses)
    // are written as 0.
    static QByteArray encodeTimestamp(std::int64_t unixSeconds);
    // base64url + bytes_to_int; false for data Python cannot read or more than 8 bytes.
    static bool decodeTimestamp(const QByteArray &text, std::uint64_t *unixSeconds);

    // datetime.fromtimestamp fails after 9999-12-31 23:59:59 UTC.
    static constexpr std::uint64_t kMaxDateTimeTimestamp = 253402300799ULL;
};

} // namespace rs::codec
