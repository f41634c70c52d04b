// CookieLayers: a session cookie taken apart without a key, each layer with what it holds or why
// it cannot be read — plain, compressed (as Flask compresses only when it saves bytes), tampered
// and malformed cookies, against cookies made by the engine's own codec.
#include "core/session/codec/CookieLayers.h"
#include "core/session/codec/CookieSessionCodec.h"
#include "core/session/codec/URLSafeTimedSerializer.h"
#include "core/value/TaggedJson.h"

#include <QtTest>

using namespace rs;
using namespace rs::codec;

namespace {
constexpr std::int64_t kNow = 1700000000;
const QList<QByteArray> kKeys = {QByteArrayLiteral("k")};
// The worked example of the reference (§a.8), signed with "dev".
const QByteArray kAlexCookie = "eyJ1c2VyIjoiYWxleCJ9.ZVPxAA.3yPREmnO7Lp4Ei4yLwPVy8QvfxQ";
} // namespace

class TstCookieLayers : public QObject {
    Q_OBJECT

private slots:
    void plainCookie()
    {
        const CookieLayers l = CookieLayers::split(kAlexCookie);
        QVERIFY(l.structureError.isEmpty());
        QCOMPARE(l.payloadSegment, QByteArray("eyJ1c2VyIjoiYWxleCJ9"));
        QCOMPARE(l.timestampSegment, QByteArray("ZVPxAA"));
        QCOMPARE(l.signatureSegment, QByteArray("3yPREmnO7Lp4Ei4yLwPVy8QvfxQ"));
        QVERIFY(!l.compressed);
        QVERIFY(l.base64Ok);
        QVERIFY(l.zlibOk);
        QCOMPARE(l.decoded, QByteArray(R"({"user":"alex"})"));
        QCOMPARE(l.json, l.decoded);
        QVERIFY(l.jsonOk);
        QCOMPARE(l.payload, Value::dict({{"user", "alex"}}));
        QVERIFY(l.timestampOk);
        QCOMPARE(l.timestamp, std::uint64_t(kNow));
    }

    // Flask compresses only when zlib saves at least two bytes: a long, repetitive session.
    void compressedCookie()
    {
        Value session = Value::dict({{"cart", Value::list({})}, {"user", "alex"}});
        for (int i = 0; i < 12; ++i)
            session.find(QStringLiteral("cart"))->append(QStringLiteral("item-%1").arg(i));
        session.set(QStringLiteral("pair"), Value::tuple({1, 2}));
        session.set(QStringLiteral("raw"), QByteArray("\x00\x01\xff", 3));
        const QByteArray json = TaggedJson::dumps(session);
        QVERIFY2(json.size() > 100, json.constData());
        const QByteArray cookie = CookieSessionCodec::sign(session, kNow, kKeys);
        QVERIFY(cookie.startsWith('.'));

        const CookieLayers l = CookieLayers::split(cookie);
        QVERIFY(l.structureError.isEmpty());
        QVERIFY(l.compressed);
        QVERIFY(l.payloadSegment.startsWith('.'));
        QVERIFY(l.base64Ok);
        QVERIFY(l.zlibOk);
        QCOMPARE(l.json, json);
        QVERIFY2(l.decoded.size() < l.json.size() - 1, "the zlib layer is smaller than the JSON");
        QCOMPARE(l.decoded, URLSafeTimedSerializer::zlibCompress(json));
        QVERIFY(l.jsonOk);
        // Untagged: the tuple and the bytes are themselves again.
        QCOMPARE(l.payload, session);
        QVERIFY(l.payload.find(QStringLiteral("pair"))->isTuple());
        QVERIFY(l.payload.find(QStringLiteral("raw"))->isBytes());
        QCOMPARE(l.timestamp, std::uint64_t(kNow));
        // And the codec agrees on every layer.
        const LoadResult r = CookieSessionCodec::decode(cookie, kKeys, kNow);
        QVERIFY2(r.ok(), qPrintable(r.message));
        QVERIFY(r.compressed);
        QCOMPARE(r.json, l.json);
        QCOMPARE(r.payload, l.payload);
    }

    // No key is needed to look inside: a tampered signature leaves the other layers readable.
    void tamperedSignatureStillShowsPayload()
    {
        QByteArray cookie = CookieSessionCodec::sign(Value::dict({{"user", "alex"}}), kNow, kKeys);
        cookie[cookie.lastIndexOf('.') + 3] = cookie[cookie.lastIndexOf('.') + 3] == 'x' ? 'y' : 'x';
        QCOMPARE(CookieSessionCodec::decode(cookie, kKeys, kNow).failure, Failure::BadSignature);
        const CookieLayers l = CookieLayers::split(cookie);
        QVERIFY(l.jsonOk);
        QCOMPARE(l.payload, Value::dict({{"user", "alex"}}));
        QVERIFY(l.timestampOk);
    }

    void malformedCookies_data()
    {
        QTest::addColumn<QByteArray>("cookie");
        QTest::addColumn<QString>("structure");
        QTest::addColumn<bool>("base64Ok");
        QTest::addColumn<bool>("zlibOk");
        QTest::addColumn<bool>("jsonOk");
        QTest::addColumn<bool>("timestampOk");
        QTest::addColumn<QString>("errorPart");

        QTest::newRow("empty") << QByteArray() << "the cookie is empty" << false << false << false << false
                               << "";
        QTest::newRow("no dot") << QByteArray("abcdef") << "no '.' separator found in the value" << false
                                << false << false << false << "";
        QTest::newRow("one dot") << QByteArray("eyJ1c2VyIjoiYWxleCJ9.sig") << "timestamp missing" << true
                                 << true << true << false << "";
        QTest::newRow("bad timestamp") << QByteArray("eyJ1c2VyIjoiYWxleCJ9.AAAAAAAAAAAAAAAA.sig") << ""
                                       << true << true << true << false << "malformed timestamp";
        QTest::newRow("bad base64") << QByteArray("e.ZVPxAA.sig") << "" << false << false << false << true
                                    << "could not base64-decode the payload";
        QTest::newRow("bad zlib") << QByteArray(".eyJ1c2VyIjoiYWxleCJ9.ZVPxAA.sig") << "" << true << false
                                  << false << true << "could not zlib-decompress the payload";
        // "not json" in base64url.
        QTest::newRow("not json") << QByteArray("bm90IGpzb24.ZVPxAA.sig") << "" << true << true << false
                                  << true
                                  << "could not load the payload: Expecting value: line 1 column 1 (char 0)";
    }
    void malformedCookies()
    {
        QFETCH(QByteArray, cookie);
        QFETCH(QString, structure);
        QFETCH(bool, base64Ok);
        QFETCH(bool, zlibOk);
        QFETCH(bool, jsonOk);
        QFETCH(bool, timestampOk);
        QFETCH(QString, errorPart);
        const CookieLayers l = CookieLayers::split(cookie);
        QCOMPARE(l.structureError, structure);
        QCOMPARE(l.base64Ok, base64Ok);
        QCOMPARE(l.zlibOk, zlibOk);
        QCOMPARE(l.jsonOk, jsonOk);
        QCOMPARE(l.timestampOk, timestampOk);
        if (!errorPart.isEmpty()) {
            const QString all = l.base64Error + l.zlibError + l.jsonError + l.timestampError;
            QVERIFY2(all.contains(errorPart), qPrintable(all));
        }
    }

    // Splitting follows the codec's own reading (rsplit), so its verdicts and the layers agree.
    void splitMatchesCodecMessages()
    {
        const LoadResult r = CookieSessionCodec::decode("abcdef", kKeys, kNow);
        QCOMPARE(r.failure, Failure::Malformed);
        QCOMPARE(CookieLayers::split("abcdef").structureError, r.message);
    }
};

QTEST_GUILESS_MAIN(TstCookieLayers)
#include "tst_cookie_layers.moc"
