#include "core/session/codec/Signer.h"

#include "core/session/codec/Base64Url.h"

#include <QMessageAuthenticationCode>

#include <vector>

namespace rs::codec {

Signer::Signer(QList<QByteArray> secretKeys, QByteArray salt, KeyDerivation derivation,
               QCryptographicHash::Algorithm digest)
    : keys_(std::move(secretKeys)), salt_(std::move(salt)), derivation_(derivation), digest_(digest)
{
}

QList<QByteArray> Signer::keysFromStrings(const QStringList &keys)
{
    QList<QByteArray> out;
    out.reserve(keys.size());
    for (const QString &k : keys)
        out.append(k.toUtf8());
    return out;
}

QByteArray Signer::deriveKey(const QByteArray &secretKey) const
{
    // Every request derives the same few keys: remember them per thread, compared field by
    // field so that a hit allocates nothing.
    struct Derived {
        QByteArray salt;
        KeyDerivation derivation;
        QCryptographicHash::Algorithm digest;
        QByteArray secret;
        QByteArray key;
    };
    thread_local std::vector<Derived> derived;
    for (const Derived &d : derived)
        if (d.derivation == derivation_ && d.digest == digest_ && d.salt == salt_ && d.secret == secretKey)
            return d.key;
    if (derived.size() >= 16)
        derived.clear();
    QByteArray key = computeKey(secretKey);
    derived.push_back({salt_, derivation_, digest_, secretKey, key});
    return key;
}

QByteArray Signer::computeKey(const QByteArray &secretKey) const
{
    switch (derivation_) {
    case KeyDerivation::Hmac: return QMessageAuthenticationCode::hash(salt_, secretKey, digest_);
    case KeyDerivation::DjangoConcat:
        return QCryptographicHash::hash(salt_ + QByteArrayLiteral("signer") + secretKey, digest_);
    case KeyDerivation::Concat: return QCryptographicHash::hash(salt_ + secretKey, digest_);
    case KeyDerivation::None: return secretKey;
    }
    return {};
}

QByteArray Signer::signature(const QByteArray &value) const
{
    if (keys_.isEmpty())
        return {};
    return Base64Url::encode(QMessageAuthenticationCode::hash(value, deriveKey(keys_.last()), digest_));
}

QByteArray Signer::sign(const QByteArray &value) const
{
    if (keys_.isEmpty())
        return {};
    return value + kSeparator + signature(value);
}

bool Signer::verifySignature(const QByteArray &value, const QByteArray &signature) const
{
    QByteArray sig;
    if (!Base64Url::decode(signature, &sig))
        return false;
    bool match = false;
    // Every key is tried even after a match, so timing does not reveal which key matched.
    for (auto it = keys_.crbegin(); it != keys_.crend(); ++it)
        match |= constantTimeEquals(sig, QMessageAuthenticationCode::hash(value, deriveKey(*it), digest_));
    return match;
}

UnsignResult Signer::unsign(const QByteArray &signedValue) const
{
    UnsignResult r;
    const qsizetype dot = signedValue.lastIndexOf(kSeparator);
    if (dot < 0) {
        r.failure = Failure::Malformed;
        r.message = QStringLiteral("no '.' separator found in the value");
        return r;
    }
    r.value = signedValue.left(dot);
    if (keys_.isEmpty()) {
        r.failure = Failure::BadSignature;
        r.message = QStringLiteral("no secret key is configured, so no signature can match");
        return r;
    }
    if (!verifySignature(r.value, signedValue.mid(dot + 1))) {
        r.failure = Failure::BadSignature;
        r.message = QStringLiteral("signature '%1' does not match")
                        .arg(QString::fromLatin1(signedValue.mid(dot + 1).toPercentEncoding("-_.")));
    }
    return r;
}

bool Signer::constantTimeEquals(const QByteArray &a, const QByteArray &b)
{
    if (a.size() != b.size())
        return false;
    unsigned char diff = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    return diff == 0;
}

} // namespace rs::codec
