// libFuzzer target: a session cookie's value as it arrives in a request, decoded as the signed-
// cookie session interface and `requestscope cookie decode` do, and taken apart layer by layer
// without a key as the session inspector does.
//
// A random cookie almost never carries a valid HMAC, which would keep the fuzzer at the signature
// check. So the part before the signature is also re-signed with the app's key and decoded again:
// that reaches the timestamp, base64, zlib and tagged-JSON layers behind a valid signature, which
// is what a client holding the key (or the app itself, later) can send. A cookie that decodes is
// signed again and must decode to the same session.
#include "core/session/codec/CookieLayers.h"
#include "core/session/codec/CookieSessionCodec.h"
#include "core/session/codec/Signer.h"
#include "core/value/TaggedJson.h"

#include <QByteArray>
#include <QList>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {

constexpr std::int64_t kNow = 1764000000; // fixed, so that a run can be replayed

void fail(const char *what, const QByteArray &cookie, const QString &detail)
{
    std::fprintf(stderr, "FUZZ CHECK FAILED: %s\ncookie: %s\n%s\n", what, cookie.constData(),
                 detail.toUtf8().constData());
    std::abort();
}

// decode → sign → decode must give the same session back.
void checkRoundTrip(const rs::codec::LoadResult &r, const QList<QByteArray> &keys, const QByteArray &cookie)
{
    QString error;
    const QByteArray first = rs::TaggedJson::dumps(r.payload, &error);
    if (!error.isEmpty())
        return; // e.g. a NaN the session cannot be written with: Flask cannot write it either
    const QByteArray again = rs::codec::CookieSessionCodec::sign(r.payload, kNow, keys, &error);
    if (again.isEmpty())
        fail("a decoded session cannot be signed again", cookie, error);
    const rs::codec::LoadResult back = rs::codec::CookieSessionCodec::decode(again, keys, kNow);
    if (!back.ok())
        fail("a session signed again does not decode", again, back.message);
    const QByteArray second = rs::TaggedJson::dumps(back.payload, &error);
    if (first != second)
        fail("the session changed in decode → sign → decode", cookie,
             QString::fromUtf8(first + "\n" + second));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    static const QList<QByteArray> keys = {QByteArrayLiteral("old-secret"), QByteArrayLiteral("dev")};
    const QByteArray cookie(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));

    // The inspector's view: never fails, whatever the input.
    (void)rs::codec::CookieLayers::split(cookie);

    // As received: almost always a bad signature.
    (void)rs::codec::CookieSessionCodec::decode(cookie, keys, kNow);

    // Behind a valid signature (see above), with Flask's max age and with none (`--max-age none`).
    const qsizetype dot = cookie.lastIndexOf('.');
    const QByteArray timed = dot < 0 ? cookie : cookie.left(dot);
    const rs::codec::Signer signer =
        rs::codec::CookieSessionCodec::serializer(keys).signer(); // salt, derivation and digest of Flask
    const QByteArray resigned = signer.sign(timed);
    const rs::codec::LoadResult r = rs::codec::CookieSessionCodec::decode(resigned, keys, kNow);
    if (r.failure == rs::codec::Failure::BadSignature)
        fail("a cookie re-signed with the app's key has a bad signature", resigned, r.message);
    (void)rs::codec::CookieSessionCodec::decode(resigned, keys, kNow, std::nullopt);
    if (r.ok())
        checkRoundTrip(r, keys, resigned);
    return 0;
}
