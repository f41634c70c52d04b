#pragma once

#include "core/session/codec/Signer.h"

#include <QString>

namespace rs::codec {

// flask-session 0.3.2's SESSION_USE_SIGNER: only the sid is signed, with
// Signer(secret_key, salt="flask-session", key_derivation="hmac") and no timestamp
// (reference §c.2): "<sid>.<base64url(HMAC-SHA1(HMAC-SHA1(secret, 'flask-session'), sid))>".
class FlaskSessionSigner {
public:
    static constexpr const char *kSalt = "flask-session";

    explicit FlaskSessionSigner(QList<QByteArray> secretKeys);

    bool hasKeys() const { return signer_.hasKeys(); }
    QByteArray sign(const QString &sid) const;
    // ok → value holds the sid's bytes.
    UnsignResult unsign(const QByteArray &cookie) const;

private:
    Signer signer_;
};

} // namespace rs::codec
