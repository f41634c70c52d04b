#pragma once

#include "core/session/codec/Failure.h"

#include <QByteArray>
#include <QString>

#include <cstdint>

namespace rs::codec {

// The outcome of Signer::unsign / TimestampSigner::unsign.
struct UnsignResult {
    Failure failure = Failure::None;
    QString message;             // in words, empty when ok
    QByteArray value;            // the signed value without its signature (and timestamp)
    std::uint64_t timestamp = 0; // TimestampSigner only: when it was signed, Unix seconds

    bool ok() const { return failure == Failure::None; }
};

} // namespace rs::codec
