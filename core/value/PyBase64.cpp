#include "core/value/PyBase64.h"

namespace rs {

namespace {
constexpr unsigned char kInvalid = 0xff;

// Standard alphabet value of each byte, kInvalid for everything else (including '=').
struct DecodeTable {
    unsigned char value[256];
    constexpr DecodeTable() : value()
    {
        for (int i = 0; i < 256; ++i)
            value[i] = kInvalid;
        const char *alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < 64; ++i)
            value[static_cast<unsigned char>(alphabet[i])] = static_cast<unsigned char>(i);
    }
};
constexpr DecodeTable kTable;

void setError(QString *error, const QString &message)
{
    if (error)
        *error = message;
}
} // namespace

QByteArray PyBase64::b64encode(const QByteArray &data)
{
    return data.toBase64(QByteArray::Base64Encoding);
}

bool PyBase64::b64decode(const QString &text, QByteArray *out, QString *error)
{
    for (QChar c : text) {
        if (c.unicode() > 0x7f) {
            setError(error, QStringLiteral("string argument should contain only ASCII characters"));
            return false;
        }
    }
    return a2bBase64(text.toLatin1(), out, error);
}

// A port of binascii.a2b_base64 (CPython 3.11, strict_mode=False), so that the same inputs are
// accepted and rejected.
bool PyBase64::a2bBase64(const QByteArray &data, QByteArray *out, QString *error)
{
    QByteArray result;
    result.reserve(data.size() / 4 * 3 + 3);
    int quadPos = 0;
    int pads = 0;
    unsigned leftChar = 0;
    qsizetype dataChars = 0;
    for (char ch : data) {
        const auto c = static_cast<unsigned char>(ch);
        if (c == '=') {
            // A complete pad sequence ends the input; an early '=' is ignored.
            if (quadPos >= 2 && quadPos + ++pads >= 4) {
                if (out)
                    *out = result;
                return true;
            }
            continue;
        }
        const unsigned char v = kTable.value[c];
        if (v == kInvalid)
            continue;
        pads = 0;
        ++dataChars;
        switch (quadPos) {
        case 0:
            quadPos = 1;
            leftChar = v;
            break;
        case 1:
            quadPos = 2;
            result.append(static_cast<char>(((leftChar << 2) | (v >> 4)) & 0xff));
            leftChar = v & 0x0f;
            break;
        case 2:
            quadPos = 3;
            result.append(static_cast<char>(((leftChar << 4) | (v >> 2)) & 0xff));
            leftChar = v & 0x03;
            break;
        default:
            quadPos = 0;
            result.append(static_cast<char>(((leftChar << 6) | v) & 0xff));
            leftChar = 0;
            break;
        }
    }
    if (quadPos == 1) {
        setError(error, QStringLiteral("Invalid base64-encoded string: number of data characters (%1) cannot "
                                       "be 1 more than a multiple of 4")
                            .arg(dataChars));
        return false;
    }
    if (quadPos != 0) {
        setError(error, QStringLiteral("Incorrect padding"));
        return false;
    }
    if (out)
        *out = result;
    return true;
}

bool PyBase64::urlsafeB64decode(const QByteArray &data, QByteArray *out, QString *error)
{
    QByteArray translated = data;
    for (char &c : translated) {
        if (c == '-')
            c = '+';
        else if (c == '_')
            c = '/';
    }
    return a2bBase64(translated, out, error);
}

} // namespace rs
