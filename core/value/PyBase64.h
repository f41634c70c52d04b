#pragma once

#include <QByteArray>
#include <QString>

namespace rs {

// Python's base64 module, with its lenient decoder (binascii.a2b_base64 with strict_mode=False):
// characters outside the alphabet are skipped, decoding stops at the first complete padding, and
// only a leftover of one character or missing padding is an error. Flask's " b" tag and
// itsdangerous's cookie segments both decode this way, so a stricter decoder would reject input
// that Flask accepts.
class PyBase64 {
public:
    // base64.b64encode: standard alphabet, with padding.
    static QByteArray b64encode(const QByteArray &data);
    // base64.b64decode(s) for a str argument: only ASCII text is allowed.
    static bool b64decode(const QString &text, QByteArray *out, QString *error = nullptr);
    // binascii.a2b_base64(data) (strict_mode=False) over the standard alphabet.
    static bool a2bBase64(const QByteArray &data, QByteArray *out, QString *error = nullptr);
    // base64.urlsafe_b64decode: '-' and '_' read as '+' and '/', then a2bBase64.
    static bool urlsafeB64decode(const QByteArray &data, QByteArray *out, QString *error = nullptr);
};

} // namespace rs
