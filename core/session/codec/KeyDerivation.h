#pragma once

namespace rs::codec {

// itsdangerous Signer.derive_key. Flask's session uses Hmac; itsdangerous's own default is
// DjangoConcat, which is why a cookie made with the defaults is rejected.
enum class KeyDerivation {
    Hmac,         // HMAC(secret, salt)
    DjangoConcat, // digest(salt + "signer" + secret)
    Concat,       // digest(salt + secret)
    None,         // the secret itself
};

} // namespace rs::codec
