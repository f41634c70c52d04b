#pragma once

#include "core/session/codec/KeyDerivation.h"
#include "core/session/codec/UnsignResult.h"

#include <QByteArray>
#include <QCryptographicHash>
#include <QList>
#include <QStringList>

namespace rs::codec {

// itsdangerous.Signer: value + '.' + base64url(HMAC(derive_key(secret), value)).
// Secret keys are listed oldest to newest: signing uses the newest (last), verifying tries every
// key, newest first (key rotation).
class Signer {
public:
    explicit Signer(QList<QByteArray> secretKeys, QByteArray salt = QByteArrayLiteral("itsdangerous.Signer"),
                    KeyDerivation derivation = KeyDerivation::DjangoConcat,
                    QCryptographicHash::Algorithm digest = QCryptographicHash::Sha1);

    // Text keys as Python's want_bytes encodes them (UTF-8).
    static QList<QByteArray> keysFromStrings(const QStringList &keys);

    // False without any key: then nothing can be signed (sign() returns an empty array) and
    // every unsign() is a BadSignature.
    bool hasKeys() const { return !keys_.isEmpty(); }
    const QByteArray &salt() const { return salt_; }

    QByteArray deriveKey(const QByteArray &secretKey) const;
    // base64url (no padding) of the HMAC of value under the newest key.
    QByteArray signature(const QByteArray &value) const;
    QByteArray sign(const QByteArray &value) const;
    bool verifySignature(const QByteArray &value, const QByteArray &signature) const;
    // Splits at the last '.', as rsplit does. ok → value is the part before it.
    UnsignResult unsign(const QByteArray &signedValue) const;

    // hmac.compare_digest: the time taken does not depend on where the inputs differ.
    static bool constantTimeEquals(const QByteArray &a, const QByteArray &b);

    static constexpr char kSeparator = '.';

private:
    QByteArray computeKey(const QByteArray &secretKey) const;

    QList<QByteArray> keys_;
    QByteArray salt_;
    KeyDerivation derivation_;
    QCryptographicHash::Algorithm digest_;
};

} // namespace rs::codec
