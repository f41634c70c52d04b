// The signed-cookie codec against vectors made with Flask 2.2.2 / itsdangerous 2.1.2 on Debian 12
// (/usr/bin/python3, TimestampSigner.get_timestamp patched to return 1700000000).
#include "core/session/codec/Base64Url.h"
#include "core/session/codec/CookieSessionCodec.h"
#include "core/session/codec/FlaskSessionSigner.h"
#include "core/session/codec/Signer.h"
#include "core/session/codec/TimestampSigner.h"
#include "core/session/codec/URLSafeTimedSerializer.h"
#include "core/value/TaggedJson.h"

#include <QtTest>

using namespace rs;
using namespace rs::codec;

namespace {
constexpr std::int64_t kNow = 1700000000;
const QList<QByteArray> kDev = {QByteArrayLiteral("dev")};
const QByteArray kAlexCookie = "eyJ1c2VyIjoiYWxleCJ9.ZVPxAA.3yPREmnO7Lp4Ei4yLwPVy8QvfxQ";

Value alex()
{
    return Value::dict({{"user", "alex"}});
}

// Signs any payload segment the way Flask's session serializer would, to build cookies whose
// signature is valid but whose payload is not.
QByteArray signSegment(const QByteArray &segment, std::int64_t now = kNow)
{
    const TimestampSigner signer(kDev, CookieSessionCodec::kSalt, KeyDerivation::Hmac);
    return signer.sign(segment, now);
}
} // namespace

class TstCookieCodec : public QObject {
    Q_OBJECT

private slots:
    // Reference §a.8, step by step.
    void workedExample()
    {
        QCOMPARE(TaggedJson::dumps(alex()), QByteArray(R"({"user":"alex"})"));
        QCOMPARE(URLSafeTimedSerializer::zlibCompress(R"({"user":"alex"})").size(), 23);
        QCOMPARE(URLSafeTimedSerializer::dumpPayload(R"({"user":"alex"})"),
                 QByteArray("eyJ1c2VyIjoiYWxleCJ9"));
        QCOMPARE(TimestampSigner::encodeTimestamp(kNow), QByteArray("ZVPxAA"));
        const Signer signer(kDev, CookieSessionCodec::kSalt, KeyDerivation::Hmac);
        QCOMPARE(signer.deriveKey("dev").toHex(), QByteArray("4d50ad79847b366eb85f0c79d35a580ff1348d10"));
        QCOMPARE(signer.signature("eyJ1c2VyIjoiYWxleCJ9.ZVPxAA"), QByteArray("3yPREmnO7Lp4Ei4yLwPVy8QvfxQ"));
        QCOMPARE(CookieSessionCodec::sign(alex(), kNow, kDev), kAlexCookie);

        const LoadResult r = CookieSessionCodec::decode(kAlexCookie, kDev, kNow);
        QVERIFY2(r.ok(), qPrintable(r.message));
        QCOMPARE(r.payload, alex());
        QCOMPARE(r.json, QByteArray(R"({"user":"alex"})"));
        QCOMPARE(r.timestamp, std::uint64_t(kNow));
        QVERIFY(!r.compressed);
    }

    void permanentAndCompressedExamples()
    {
        const Value permanent = Value::dict({{"user", "alex"}, {"_permanent", true}});
        QCOMPARE(
            CookieSessionCodec::sign(permanent, kNow, kDev),
            QByteArray("eyJfcGVybWFuZW50Ijp0cnVlLCJ1c2VyIjoiYWxleCJ9.ZVPxAA.g5r-2Q1z7V_v_M3vz0qdaUdiKsc"));
        const QByteArray compressed = ".eJyrVspWslJKRAJKtQBDAway.ZVPxAA.6CBsbgQhH4MtJ6brha1P4SL-Whg";
        QCOMPARE(CookieSessionCodec::sign(Value::dict({{"k", "aaaaaaaaaaaa"}}), kNow, kDev), compressed);
        const LoadResult r = CookieSessionCodec::decode(compressed, kDev, kNow);
        QVERIFY(r.ok());
        QVERIFY(r.compressed);
        QCOMPARE(r.json, QByteArray(R"({"k":"aaaaaaaaaaaa"})"));
        QCOMPARE(r.payload, Value::dict({{"k", "aaaaaaaaaaaa"}}));
    }

    // 19 JSON bytes → 18 zlib bytes: not < 19 - 1, stays plain. 20 → 18: compressed.
    void compressBoundary()
    {
        QCOMPARE(URLSafeTimedSerializer::zlibCompress(R"({"k":"aaaaaaaaaaa"})").size(), 18);
        QCOMPARE(CookieSessionCodec::sign(Value::dict({{"k", QString(11, u'a')}}), kNow, kDev),
                 QByteArray("eyJrIjoiYWFhYWFhYWFhYWEifQ.ZVPxAA.7j0ds44Eee1kR7lqlTje_hNbwyM"));
        QCOMPARE(URLSafeTimedSerializer::zlibCompress(R"({"k":"aaaaaaaaaaaa"})").size(), 18);
        QVERIFY(
            CookieSessionCodec::sign(Value::dict({{"k", QString(12, u'a')}}), kNow, kDev).startsWith('.'));
    }

    // A compressed cookie of a tiny payload is accepted: nobody checks that compression paid off.
    void uselessCompressionAccepted()
    {
        const LoadResult r = CookieSessionCodec::decode(
            ".eJyrVkpUsjKsBQAIKgIJ.ZVPxAA.82r4L_qmsGvpPJEHFj1oWyF0znI", kDev, kNow, 100);
        QVERIFY2(r.ok(), qPrintable(r.message));
        QCOMPARE(r.payload, Value::dict({{"a", 1}}));
    }

    void taggedTypes()
    {
        const QDateTime dt(QDate(2024, 2, 29), QTime(12, 30, 45, 999), Qt::UTC);
        const Value session = Value::dict(
            {{"t", Value::tuple({1, "x", Value::tuple({2})})},
             {"b", Value(QByteArray("\x00\x01\xfe\xff", 4))},
             {"m", Value(Value::Markup{"<b>hi</b>"})},
             {"u", Value(QUuid::fromString(QStringLiteral("12345678-1234-5678-1234-567812345678")))},
             {"d", Value(dt)},
             {"di", Value::dict({{" t", "not a tuple"}})},
             {"l", Value::list({Value(QByteArray("")), Value::dict({{" b", Value(QByteArray("x"))}})})},
             {"n", nullptr}});
        const QByteArray json =
            R"({"b":{" b":"AAH+/w=="},"d":{" d":"Thu, 29 Feb 2024 12:30:45 GMT"},"di":{" di":{" t__":"not a tuple"}},)"
            R"("l":[{" b":""},{" di":{" b__":{" b":"eA=="}}}],"m":{" m":"<b>hi</b>"},"n":null,)"
            R"("t":{" t":[1,"x",{" t":[2]}]},"u":{" u":"12345678123456781234567812345678"}})";
        QCOMPARE(TaggedJson::dumps(session), json);
        const QByteArray cookie = CookieSessionCodec::sign(session, kNow, kDev);
        QCOMPARE(
            cookie,
            QByteArray(
                ".eJx1jU0LgkAQhv_K8F5bUFftY1HBS3Xp5i1EWhIUzDrsUiD73xtXoVOXd5iZZ-"
                "aZoKEmECfK8rwJ3nkOJ3D3U05UnRUkD3RsNclQ"
                "JhRJFYcqSel0qTzaL-xSTNPw0fg0dCNjX0MLx8wAdV0tfPKj9Uyvi7ac1c7VAg8_5ESmi67PAl3MphFqtMMgYBYVP40E"
                "PhBrI2tXM2b9lhORjJN0u9v_q6z7AvS1Qus.ZVPxAA.6l1k15-yLnULxK0I--6ZwXk5liU"));
        const LoadResult r = CookieSessionCodec::decode(cookie, kDev, kNow);
        QVERIFY2(r.ok(), qPrintable(r.message));
        QCOMPARE(r.json, json);
        // Milliseconds are gone and the datetime comes back in UTC; everything else is equal.
        Value expected = session;
        expected.set("d", Value(QDateTime(QDate(2024, 2, 29), QTime(12, 30, 45), Qt::UTC)));
        QCOMPARE(r.payload, expected);
        QCOMPARE(r.payload.get("t").type(), Value::Type::Tuple);
        QCOMPARE(r.payload.get("m").type(), Value::Type::Markup);
        QCOMPARE(r.payload.get("d").toDateTime().timeSpec(), Qt::UTC);
    }

    // A one-key session whose key is a tag (vector tagdict_toplevel).
    void tagDictTopLevel()
    {
        const Value session = Value::dict({{" b", "not bytes"}});
        const QByteArray cookie = "eyIgZGkiOnsiIGJfXyI6Im5vdCBieXRlcyJ9fQ.ZVPxAA.hj9H1m8jfhpocsW8QyEVS4ozJKg";
        QCOMPARE(TaggedJson::dumps(session), QByteArray(R"({" di":{" b__":"not bytes"}})"));
        QCOMPARE(CookieSessionCodec::sign(session, kNow, kDev), cookie);
        const LoadResult r = CookieSessionCodec::decode(cookie, kDev, kNow);
        QVERIFY(r.ok());
        QCOMPARE(r.payload, session);
        QCOMPARE(r.payload.get(" b").type(), Value::Type::Str);
    }

    void naiveDateTimeIsUtc()
    {
        const QDateTime naive(QDate(2024, 2, 29), QTime(12, 30, 45), Qt::LocalTime);
        QCOMPARE(TaggedJson::dumps(Value::dict({{"d", Value(naive)}})),
                 QByteArray(R"({"d":{" d":"Thu, 29 Feb 2024 12:30:45 GMT"}})"));
        const QDateTime plus2(QDate(2024, 2, 29), QTime(14, 30, 45), Qt::OffsetFromUTC, 7200);
        QCOMPARE(TaggedJson::dumps(Value::dict({{"d", Value(plus2)}})),
                 QByteArray(R"({"d":{" d":"Thu, 29 Feb 2024 12:30:45 GMT"}})"));
    }

    void secretUnicode()
    {
        const QList<QByteArray> keys = Signer::keysFromStrings({QString::fromUtf8("秘密-キー-🔑")});
        QCOMPARE(CookieSessionCodec::sign(alex(), kNow, keys),
                 QByteArray("eyJ1c2VyIjoiYWxleCJ9.ZVPxAA.VF0nOVVUZMrZeW_tqCX_7tmvWEs"));
    }

    void expiryBoundary()
    {
        const QByteArray cookie = CookieSessionCodec::sign(alex(), kNow, kDev);
        LoadResult r = CookieSessionCodec::decode(cookie, kDev, kNow + 100, 100);
        QVERIFY2(r.ok(), qPrintable(r.message));
        r = CookieSessionCodec::decode(cookie, kDev, kNow + 101, 100);
        QCOMPARE(r.failure, Failure::Expired);
        QCOMPARE(r.message, QStringLiteral("signature age 101 > 100 seconds"));
        QVERIFY(r.payload.isNone());
        r = CookieSessionCodec::decode(cookie, kDev, kNow - 1, 100);
        QCOMPARE(r.failure, Failure::Expired);
        QVERIFY(r.message.startsWith("signature age -1 < 0 seconds"));
        // The default lifetime is 31 days, for every cookie.
        QVERIFY(CookieSessionCodec::decode(cookie, kDev, kNow + 2678400).ok());
        QCOMPARE(CookieSessionCodec::decode(cookie, kDev, kNow + 2678401).failure, Failure::Expired);
        QVERIFY(CookieSessionCodec::decode(cookie, kDev, kNow + 999999999, std::nullopt).ok());
        r = CookieSessionCodec::decode(cookie, kDev, kNow, 0);
        QVERIFY(r.ok());
    }

    void badSignatures_data()
    {
        QTest::addColumn<QByteArray>("cookie");
        QTest::addColumn<int>("failure");
        const QByteArray c = kAlexCookie;
        auto flip = [](QByteArray s, qsizetype i) {
            s[i] = s[i] == 'A' ? 'B' : 'A';
            return s;
        };
        QTest::newRow("flipped signature char") << flip(c, c.size() - 3) << int(Failure::BadSignature);
        QTest::newRow("flipped payload char") << flip(c, 3) << int(Failure::BadSignature);
        QTest::newRow("changed timestamp")
            << QByteArray(c).replace("ZVPxAA", "ZVPxAB") << int(Failure::BadSignature);
        QTest::newRow("truncated signature") << c.left(c.size() - 1) << int(Failure::BadSignature);
        QTest::newRow("empty signature") << c.left(c.lastIndexOf('.') + 1) << int(Failure::BadSignature);
        QTest::newRow("no signature") << c.left(c.lastIndexOf('.')) << int(Failure::BadSignature);
        QTest::newRow("no timestamp")
            << QByteArray("eyJ1c2VyIjoiYWxleCJ9.3yPREmnO7Lp4Ei4yLwPVy8QvfxQ") << int(Failure::BadSignature);
        QTest::newRow("no dot at all") << QByteArray("eyJ1c2VyIjoiYWxleCJ9") << int(Failure::Malformed);
        QTest::newRow("empty") << QByteArray() << int(Failure::Malformed);
        QTest::newRow("just dots") << QByteArray("..") << int(Failure::BadSignature);
        QTest::newRow("garbage") << QByteArray("\xff\xfe.\x00.%%%", 8) << int(Failure::BadSignature);
        QTest::newRow("char outside alphabet")
            << QByteArray(c).insert(c.size() - 5, '!') << int(Failure::BadSignature);
        // Python's lenient base64 lets these through (quirk rows of the reference).
        QTest::newRow("quirk: == appended") << c + "==" << int(Failure::None);
        QTest::newRow("another key's signature")
            << QByteArray("eyJ1c2VyIjoiYWxleCJ9.ZVPxAA.3a/S9OSd2wqh/6H33yhpWJZ2L1E")
            << int(Failure::BadSignature);
    }
    void badSignatures()
    {
        QFETCH(QByteArray, cookie);
        QFETCH(int, failure);
        const LoadResult r = CookieSessionCodec::decode(cookie, kDev, kNow);
        QCOMPARE(int(r.failure), failure);
        QCOMPARE(r.ok(), failure == int(Failure::None));
        if (!r.ok()) {
            QVERIFY(!r.message.isEmpty());
            QVERIFY(r.payload.isNone());
        }
    }

    // "3a_S9OSd…" is the signature under key "new"; written with + and / it still verifies.
    void standardAlphabetSignatureAccepted()
    {
        const QList<QByteArray> keys = {"new"};
        QVERIFY(
            CookieSessionCodec::decode("eyJ1c2VyIjoiYWxleCJ9.ZVPxAA.3a_S9OSd2wqh_6H33yhpWJZ2L1E", keys, kNow)
                .ok());
        QVERIFY(
            CookieSessionCodec::decode("eyJ1c2VyIjoiYWxleCJ9.ZVPxAA.3a/S9OSd2wqh/6H33yhpWJZ2L1E", keys, kNow)
                .ok());
    }

    // Cookies made with other salts or key derivations (itsdangerous's defaults) are refused,
    // and the general serializer reproduces each of them.
    void wrongSaltAndDerivation_data()
    {
        QTest::addColumn<QByteArray>("salt");
        QTest::addColumn<int>("derivation");
        QTest::addColumn<int>("digest");
        QTest::addColumn<QByteArray>("cookie");
        const int sha1 = int(QCryptographicHash::Sha1);
        QTest::newRow("itsdangerous defaults")
            << QByteArray("itsdangerous") << int(KeyDerivation::DjangoConcat) << sha1
            << QByteArray("eyJ1c2VyIjoiYWxleCJ9.ZVPxAA.CKvOs_wqn3xeiyBbk6pOmF7Z1mE");
        QTest::newRow("wrong salt") << QByteArray("itsdangerous") << int(KeyDerivation::Hmac) << sha1
                                    << QByteArray("eyJ1c2VyIjoiYWxleCJ9.ZVPxAA.khQ12ZupvuJDSAHdFzoWhGzsm9o");
        QTest::newRow("django-concat")
            << QByteArray("cookie-session") << int(KeyDerivation::DjangoConcat) << sha1
            << QByteArray("eyJ1c2VyIjoiYWxleCJ9.ZVPxAA.mBAPkGoHrqkuP_juWS8bgnJUG0M");
        QTest::newRow("concat") << QByteArray("cookie-session") << int(KeyDerivation::Concat) << sha1
                                << QByteArray("eyJ1c2VyIjoiYWxleCJ9.ZVPxAA.8SqK-CLVjMcgphCqEAE03KULdVc");
        QTest::newRow("none") << QByteArray("cookie-session") << int(KeyDerivation::None) << sha1
                              << QByteArray("eyJ1c2VyIjoiYWxleCJ9.ZVPxAA.IjNT-WJNMshYmsSFEj4qd6R229A");
        QTest::newRow("sha256")
            << QByteArray("cookie-session") << int(KeyDerivation::Hmac) << int(QCryptographicHash::Sha256)
            << QByteArray("eyJ1c2VyIjoiYWxleCJ9.ZVPxAA.d6OW0Lrru0CyEGzPuL3LxLKXfGDas7iobN_WYPQ6BeY");
    }
    void wrongSaltAndDerivation()
    {
        QFETCH(QByteArray, salt);
        QFETCH(int, derivation);
        QFETCH(int, digest);
        QFETCH(QByteArray, cookie);
        const URLSafeTimedSerializer other(kDev, salt, KeyDerivation(derivation),
                                           QCryptographicHash::Algorithm(digest));
        QCOMPARE(other.dumps(alex(), kNow), cookie);
        const LoadResult own = other.loads(cookie, kNow, 100);
        QVERIFY2(own.ok(), qPrintable(own.message));
        QCOMPARE(own.payload, alex());
        const LoadResult r = CookieSessionCodec::decode(cookie, kDev, kNow);
        QCOMPARE(r.failure, Failure::BadSignature);
    }

    void keyRotation()
    {
        const QList<QByteArray> rotated = {"old", "new"};
        const QByteArray byNew = "eyJ1c2VyIjoiYWxleCJ9.ZVPxAA.3a_S9OSd2wqh_6H33yhpWJZ2L1E";
        const QByteArray byOld = "eyJ1c2VyIjoiYWxleCJ9.ZVPxAA.Q5mxILkk-DWM_6bgfo2875WM10U";
        QCOMPARE(CookieSessionCodec::sign(alex(), kNow, rotated), byNew); // the newest key signs
        QCOMPARE(CookieSessionCodec::sign(alex(), kNow, {"old"}), byOld);
        QVERIFY(CookieSessionCodec::decode(byOld, rotated, kNow).ok());
        QVERIFY(CookieSessionCodec::decode(byNew, rotated, kNow).ok());
        QCOMPARE(CookieSessionCodec::decode(byOld, {"new"}, kNow).failure, Failure::BadSignature);
        QCOMPARE(CookieSessionCodec::decode(byNew, {"old"}, kNow).failure, Failure::BadSignature);
    }

    void noSecretKey()
    {
        QString error;
        QCOMPARE(CookieSessionCodec::sign(alex(), kNow, {}, &error), QByteArray());
        QVERIFY(!error.isEmpty());
        QCOMPARE(CookieSessionCodec::decode(kAlexCookie, {}, kNow).failure, Failure::BadSignature);
    }

    // A valid signature over data that cannot be read: Flask answers 500, not a new session.
    void badPayload_data()
    {
        QTest::addColumn<QByteArray>("segment");
        QTest::addColumn<QByteArray>("pythonCookie");
        QTest::addColumn<QString>("messageStart");
        QTest::newRow("not base64") << QByteArray("abcde")
                                    << QByteArray("abcde.ZVPxAA.1WBoCjEZ4B0mflTHZ380qoNdpKM")
                                    << "could not base64-decode";
        QTest::newRow("not zlib") << QByteArray(".AAAA")
                                  << QByteArray(".AAAA.ZVPxAA.mPgwa8ZuuY9s7aJXsm6ftLa5DrU")
                                  << "could not zlib-decompress";
        QTest::newRow("raw deflate") << QByteArray(".q1ZKVLIyrAUACCoCCQ")
                                     << QByteArray(".q1ZKVLIyrAUACCoCCQ.ZVPxAA.0_TwF5d2JyXGdEymk6eJbP61wfo")
                                     << "could not zlib-decompress";
        QTest::newRow("not json") << QByteArray("bm90IGpzb24")
                                  << QByteArray("bm90IGpzb24.ZVPxAA.BZ_QwDeMSyPH87spq7LM3BKm79g")
                                  << "could not load the payload: Expecting value";
        QTest::newRow("json list") << QByteArray("WzEsMl0")
                                   << QByteArray("WzEsMl0.ZVPxAA.wF08k9JZCTjTRAeE6r-6Uf3gIZY")
                                   << "the session data is not a JSON object";
        QTest::newRow("not utf-8") << QByteArray("eyJhIjoi_yJ9")
                                   << QByteArray("eyJhIjoi_yJ9.ZVPxAA.mf0rDb1V_yNVUObt91wYwvTq4rs")
                                   << "could not load the payload: 'utf-8' codec";
        QTest::newRow("bad uuid tag")
            << QByteArray("eyJhIjp7IiB1IjoiYmFkIn19")
            << QByteArray("eyJhIjp7IiB1IjoiYmFkIn19.ZVPxAA.H26fk5zyQeI4p77hXyrOgDMf4-U")
            << "could not load the payload: badly formed hexadecimal UUID string";
        QTest::newRow("empty payload") << QByteArray("") << QByteArray(".ZVPxAA.E3HszTh7mG9EKWlEnxf8xL_1c3w")
                                       << "could not load the payload: Expecting value";
        QTest::newRow("truncated zlib")
            << QByteArray(".eJyrVkpUsjKsBQ") << QByteArray() << "could not zlib-decompress";
    }
    void badPayload()
    {
        QFETCH(QByteArray, segment);
        QFETCH(QByteArray, pythonCookie);
        QFETCH(QString, messageStart);
        const QByteArray cookie = signSegment(segment);
        if (!pythonCookie.isEmpty())
            QCOMPARE(cookie, pythonCookie);
        const LoadResult r = CookieSessionCodec::decode(cookie, kDev, kNow, 100);
        QCOMPARE(r.failure, Failure::BadPayload);
        QVERIFY2(r.message.startsWith(messageStart), qPrintable(r.message));
        QVERIFY(r.payload.isNone());
        // Tampering with the same cookie is only a bad signature.
        QCOMPARE(CookieSessionCodec::decode(cookie + "x", kDev, kNow, 100).failure, Failure::BadSignature);
    }

    void emptyObjectPayload()
    {
        const LoadResult r =
            CookieSessionCodec::decode("e30.ZVPxAA.G9CsbqNauYyuVcGETViEUblgw6A", kDev, kNow, 100);
        QVERIFY(r.ok());
        QCOMPARE(r.payload, Value::dict());
    }

    // A valid signature over a missing or unreadable timestamp.
    void malformedTimestamps()
    {
        const Signer plain(kDev, CookieSessionCodec::kSalt, KeyDerivation::Hmac);
        LoadResult r = CookieSessionCodec::decode(plain.sign("eyJ1c2VyIjoiYWxleCJ9"), kDev, kNow);
        QCOMPARE(r.failure, Failure::Malformed);
        QCOMPARE(r.message, QStringLiteral("timestamp missing"));
        r = CookieSessionCodec::decode(plain.sign("eyJ1c2VyIjoiYWxleCJ9.AAAAAAAAAAAA"), kDev,
                                       kNow); // 9 bytes
        QCOMPARE(r.failure, Failure::Malformed);
        r = CookieSessionCodec::decode(plain.sign("eyJ1c2VyIjoiYWxleCJ9.A"), kDev, kNow);
        QCOMPARE(r.failure, Failure::Malformed);
        // An empty timestamp reads as 0: a cookie signed in 1970.
        r = CookieSessionCodec::decode(plain.sign("eyJ1c2VyIjoiYWxleCJ9."), kDev, kNow);
        QCOMPARE(r.failure, Failure::Expired);
        r = CookieSessionCodec::decode(plain.sign("eyJ1c2VyIjoiYWxleCJ9.__________8"), kDev, kNow);
        QCOMPARE(r.failure, Failure::Expired);
    }

    void timestampEncoding()
    {
        QCOMPARE(TimestampSigner::encodeTimestamp(0), QByteArray(""));
        QCOMPARE(TimestampSigner::encodeTimestamp(255), QByteArray("_w"));
        QCOMPARE(TimestampSigner::encodeTimestamp(256), QByteArray("AQA"));
        QCOMPARE(TimestampSigner::encodeTimestamp(-5), QByteArray(""));
        std::uint64_t ts = 1;
        QVERIFY(TimestampSigner::decodeTimestamp("", &ts));
        QCOMPARE(ts, std::uint64_t(0));
        QVERIFY(TimestampSigner::decodeTimestamp("ZVPxAA", &ts));
        QCOMPARE(ts, std::uint64_t(kNow));
        QVERIFY(TimestampSigner::decodeTimestamp("__________8", &ts));
        QCOMPARE(ts, std::numeric_limits<std::uint64_t>::max());
    }

    void base64Lenient()
    {
        QByteArray out;
        QVERIFY(Base64Url::decode("eyJ1c2VyIjoiYWxleCJ9", &out));
        QCOMPARE(out, QByteArray(R"({"user":"alex"})"));
        QVERIFY(Base64Url::decode("eyJ1c2Vy!IjoiYWxleCJ9", &out)); // skipped, as Python does
        QCOMPARE(out, QByteArray(R"({"user":"alex"})"));
        QVERIFY(Base64Url::decode("AAH+/w", &out));
        QCOMPARE(out, QByteArray("\x00\x01\xfe\xff", 4));
        QVERIFY(Base64Url::decode("AAH-_w==", &out));
        QCOMPARE(out, QByteArray("\x00\x01\xfe\xff", 4));
        QString error;
        QVERIFY(!Base64Url::decode("abcde", &out, &error));
        QVERIFY(error.contains("1 more than a multiple of 4"));
        QVERIFY(Base64Url::decode("", &out));
        QCOMPARE(out, QByteArray());
    }

    void flaskSessionSigner()
    {
        const FlaskSessionSigner signer(kDev);
        const QByteArray cookie = "fbb1ac0b-87b0-4e1e-b336-4226e4b5d8ff.Bgqe0fOsVSz95_5OGPluy9rhyzw";
        QCOMPARE(signer.sign("fbb1ac0b-87b0-4e1e-b336-4226e4b5d8ff"), cookie);
        UnsignResult r = signer.unsign(cookie);
        QVERIFY(r.ok());
        QCOMPARE(r.value, QByteArray("fbb1ac0b-87b0-4e1e-b336-4226e4b5d8ff"));
        QCOMPARE(signer.unsign("fbb1ac0b-87b0-4e1e-b336-4226e4b5d8ff").failure, Failure::Malformed);
        QCOMPARE(signer.unsign(QByteArray(cookie).replace("Bgqe", "Bgqf")).failure, Failure::BadSignature);
        QCOMPARE(FlaskSessionSigner({"other"}).unsign(cookie).failure, Failure::BadSignature);
    }

    void constantTimeEquals()
    {
        QVERIFY(Signer::constantTimeEquals("abc", "abc"));
        QVERIFY(!Signer::constantTimeEquals("abc", "abd"));
        QVERIFY(!Signer::constantTimeEquals("abc", "ab"));
        QVERIFY(Signer::constantTimeEquals("", ""));
    }

    // A small cookie must not be able to inflate into something huge.
    void inflateCap()
    {
        const QByteArray bomb = URLSafeTimedSerializer::zlibCompress(QByteArray(40 * 1024 * 1024, ' '));
        QVERIFY(bomb.size() < 64 * 1024);
        const QByteArray cookie = signSegment('.' + Base64Url::encode(bomb));
        const LoadResult r = CookieSessionCodec::decode(cookie, kDev, kNow);
        QCOMPARE(r.failure, Failure::BadPayload);
        QVERIFY(r.message.contains("larger than"));
    }

    void failureNames()
    {
        QCOMPARE(failureName(Failure::BadSignature), QStringLiteral("bad_signature"));
        QCOMPARE(failureName(Failure::Expired), QStringLiteral("expired"));
        QCOMPARE(failureName(Failure::BadPayload), QStringLiteral("bad_payload"));
    }
};

QTEST_APPLESS_MAIN(TstCookieCodec)
#include "tst_cookiecodec.moc"
