#include "core/session/codec/Base64Url.h"

#include "core/value/PyBase64.h"

namespace rs::codec {

QByteArray Base64Url::encode(const QByteArray &data)
{
    return data.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

bool Base64Url::decode(const QByteArray &text, QByteArray *out, QString *error)
{
    QByteArray padded = text;
    padded.append(QByteArray((4 - text.size() % 4) % 4, '='));
    QString why;
    if (PyBase64::urlsafeB64decode(padded, out, &why))
        return true;
    if (error)
        *error = QStringLiteral("invalid base64-encoded data (%1)").arg(why);
    return false;
}

} // namespace rs::codec
