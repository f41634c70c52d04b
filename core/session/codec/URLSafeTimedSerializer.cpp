#include "core/session/codec/URLSafeTimedSerializer.h"

#include "core/session/codec/Base64Url.h"
#include "core/value/PyJson.h"

#include <zlib.h>

namespace rs::codec {

URLSafeTimedSerializer::URLSafeTimedSerializer(QList<QByteArray> secretKeys, QByteArray salt,
                                               KeyDerivation derivation, QCryptographicHash::Algorithm digest,
                                               DumpFn dump, LoadFn load)
    : signer_(std::move(secretKeys), std::move(salt), derivation, digest), dump_(std::move(dump)),
      load_(std::move(load))
{
    if (!dump_) {
        dump_ = [](const Value &v, QString *error) {
            PyJson::Options o;
            o.compact = true;
            return PyJson::dumps(v, o, error);
        };
    }
    if (!load_)
        load_ = [](const QByteArray &json, QString *error) { return PyJson::loads(json, error); };
}

namespace {
// One deflate stream per thread, reset for each payload: deflateInit allocates and clears about
// 256 KiB, which cost more than everything else in signing a small session. The parameters are
// compress2's (level 6, zlib wrapper, windowBits 15, memLevel 8), so the bytes are the same.
class ThreadDeflater {
public:
    ThreadDeflater()
    {
        ok_ = deflateInit2(&zs_, Z_DEFAULT_COMPRESSION, Z_DEFLATED, MAX_WBITS, 8, Z_DEFAULT_STRATEGY) == Z_OK;
    }
    ~ThreadDeflater()
    {
        if (ok_)
            deflateEnd(&zs_);
    }
    QByteArray compress(const QByteArray &data)
    {
        if (!ok_ || deflateReset(&zs_) != Z_OK)
            return {};
        QByteArray out(static_cast<qsizetype>(deflateBound(&zs_, static_cast<uLong>(data.size()))),
                       Qt::Uninitialized);
        zs_.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data.constData()));
        zs_.avail_in = static_cast<uInt>(data.size());
        zs_.next_out = reinterpret_cast<Bytef *>(out.data());
        zs_.avail_out = static_cast<uInt>(out.size());
        if (deflate(&zs_, Z_FINISH) != Z_STREAM_END)
            return {};
        out.resize(static_cast<qsizetype>(zs_.total_out));
        return out;
    }

private:
    z_stream zs_{};
    bool ok_ = false;
};
} // namespace

QByteArray URLSafeTimedSerializer::zlibCompress(const QByteArray &data)
{
    thread_local ThreadDeflater deflater;
    return deflater.compress(data);
}

bool URLSafeTimedSerializer::zlibDecompress(const QByteArray &data, QByteArray *out, QString *error)
{
    z_stream zs{};
    if (inflateInit(&zs) != Z_OK) {
        *error = QStringLiteral("zlib could not be initialised");
        return false;
    }
    zs.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data.constData()));
    zs.avail_in = static_cast<uInt>(data.size());
    QByteArray result;
    char buffer[16384];
    int rc = Z_OK;
    while (rc != Z_STREAM_END) {
        zs.next_out = reinterpret_cast<Bytef *>(buffer);
        zs.avail_out = sizeof buffer;
        rc = inflate(&zs, Z_NO_FLUSH);
        if (rc != Z_OK && rc != Z_STREAM_END) {
            // Z_BUF_ERROR here means the input ended before the stream did.
            *error = rc == Z_BUF_ERROR ? QStringLiteral("incomplete or truncated zlib stream")
                                       : QStringLiteral("invalid zlib data (%1)")
                                             .arg(QString::fromLatin1(zs.msg ? zs.msg : "need dictionary"));
            inflateEnd(&zs);
            return false;
        }
        result.append(buffer, static_cast<qsizetype>(sizeof buffer - zs.avail_out));
        if (result.size() > kMaxInflatedSize) {
            *error = QStringLiteral("inflated payload is larger than %1 bytes").arg(kMaxInflatedSize);
            inflateEnd(&zs);
            return false;
        }
    }
    inflateEnd(&zs);
    *out = result;
    return true;
}

QByteArray URLSafeTimedSerializer::dumpPayload(const QByteArray &json)
{
    const QByteArray compressed = zlibCompress(json);
    if (!compressed.isEmpty() && compressed.size() < json.size() - 1)
        return '.' + Base64Url::encode(compressed);
    return Base64Url::encode(json);
}

bool URLSafeTimedSerializer::loadPayload(const QByteArray &segment, QByteArray *json, QString *error)
{
    const bool compressed = segment.startsWith('.');
    QByteArray data;
    QString why;
    if (!Base64Url::decode(compressed ? segment.mid(1) : segment, &data, &why)) {
        *error = QStringLiteral("could not base64-decode the payload: %1").arg(why);
        return false;
    }
    if (compressed && !zlibDecompress(data, &data, &why)) {
        *error = QStringLiteral("could not zlib-decompress the payload: %1").arg(why);
        return false;
    }
    *json = data;
    return true;
}

QByteArray URLSafeTimedSerializer::dumps(const Value &value, std::int64_t nowUnix, QString *error) const
{
    if (!signer_.hasKeys()) {
        if (error)
            *error = QStringLiteral("no secret key is configured");
        return {};
    }
    QString why;
    const QByteArray json = dump_(value, &why);
    if (!why.isEmpty()) {
        if (error)
            *error = why;
        return {};
    }
    if (error)
        error->clear();
    return signer_.sign(dumpPayload(json), nowUnix);
}

LoadResult URLSafeTimedSerializer::loads(const QByteArray &signedValue, std::int64_t nowUnix,
                                         std::optional<std::int64_t> maxAgeSeconds) const
{
    LoadResult r;
    const UnsignResult u = signer_.unsign(signedValue, nowUnix, maxAgeSeconds);
    r.timestamp = u.timestamp;
    r.compressed = u.value.startsWith('.');
    if (!u.ok()) {
        r.failure = u.failure;
        r.message = u.message;
        return r;
    }
    QString why;
    if (!loadPayload(u.value, &r.json, &why)) {
        r.failure = Failure::BadPayload;
        r.message = why;
        return r;
    }
    r.payload = load_(r.json, &why);
    if (!why.isEmpty()) {
        r.failure = Failure::BadPayload;
        r.message = QStringLiteral("could not load the payload: %1").arg(why);
        r.payload = Value();
    }
    return r;
}

} // namespace rs::codec
