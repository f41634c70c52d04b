#pragma once

#include <QByteArray>
#include <QString>

namespace rs::codec {

// itsdangerous.encoding.base64_encode / base64_decode: URL-safe alphabet without padding.
class Base64Url {
public:
    static QByteArray encode(const QByteArray &data);
    // Lenient like itsdangerous: the missing padding is added, '+' '/' are read as well as '-' '_',
    // other characters are skipped (Python's non-strict decoder). Fails only where Python raises.
    static bool decode(const QByteArray &text, QByteArray *out, QString *error = nullptr);
};

} // namespace rs::codec
