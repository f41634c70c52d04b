#include "core/session/codec/FlaskSessionSigner.h"

namespace rs::codec {

FlaskSessionSigner::FlaskSessionSigner(QList<QByteArray> secretKeys)
    : signer_(std::move(secretKeys), QByteArray(kSalt), KeyDerivation::Hmac, QCryptographicHash::Sha1)
{
}

QByteArray FlaskSessionSigner::sign(const QString &sid) const
{
    return signer_.sign(sid.toUtf8());
}

UnsignResult FlaskSessionSigner::unsign(const QByteArray &cookie) const
{
    return signer_.unsign(cookie);
}

} // namespace rs::codec
