#pragma once

#include "core/session/codec/Failure.h"
#include "core/value/Value.h"

#include <QByteArray>
#include <QString>

#include <cstdint>

namespace rs::codec {

// The outcome of URLSafeTimedSerializer::loads and CookieSessionCodec::decode.
struct LoadResult {
    Failure failure = Failure::None;
    QString message;             // in words, empty when ok
    Value payload;               // the decoded value when ok
    QByteArray json;             // the exact JSON text that was signed (after inflating), when known
    std::uint64_t timestamp = 0; // when it was signed, Unix seconds, when the signature was valid
    bool compressed = false;     // the payload segment started with '.'

    bool ok() const { return failure == Failure::None; }
};

} // namespace rs::codec
