// The engine's session cookies against Debian's real Flask 2.2.2 (driven by flask_cookie.py through
// /usr/bin/python3): for each session, Flask signs it at a fixed time and the engine must produce
// the same bytes and decode Flask's cookie to an equal value; then tampered, expired and
// unreadable cookies must be refused by both, for the same reason.
#include "core/session/codec/CookieSessionCodec.h"
#include "core/session/codec/Signer.h"
#include "core/session/codec/TimestampSigner.h"
#include "core/session/codec/URLSafeTimedSerializer.h"
#include "core/value/PyJson.h"
#include "core/value/TaggedJson.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QtTest>

#include "tests/support/FlaskCookieHelper.h"

#include <cmath>

using namespace rs;
using namespace rs::codec;

namespace {

constexpr std::int64_t kNow = 1700000000;

struct Case {
    QString name;
    QStringList secrets;
    QString pythonExpr; // the session as Python builds it
    Value session;      // the same session built by the engine
    Value decoded = {}; // what decoding gives back, when it differs (datetimes lose milliseconds)
};

QDateTime utc(int y, int mo, int d, int h = 0, int mi = 0, int s = 0, int ms = 0)
{
    return QDateTime(QDate(y, mo, d), QTime(h, mi, s, ms), Qt::UTC);
}

Value deepList(int depth)
{
    Value v = Value::list({"bottom"});
    for (int i = 1; i < depth; ++i)
        v = Value::list({v});
    return v;
}

QString deepListExpr(int depth)
{
    return QString(depth, u'[') + QStringLiteral("'bottom'") + QString(depth, u']');
}

// Text that zlib cannot shrink much: a fixed pseudo-random walk over letters.
QString noisyText(int n)
{
    QString s;
    quint32 x = 12345;
    for (int i = 0; i < n; ++i) {
        x = x * 1103515245u + 12345u;
        s += QChar(u'!' + static_cast<char16_t>((x >> 16) % 90));
    }
    return s;
}

QString pyStr(const QString &s)
{
    // A Python literal for s: its JSON form is a valid Python str literal.
    return QString::fromUtf8(PyJson::dumps(Value(s)));
}

QList<Case> cases()
{
    const QUuid uid = QUuid::fromString(QStringLiteral("12345678-1234-5678-1234-567812345678"));
    const QString noisy = noisyText(120);
    QList<Case> c;
    c << Case{"alex", {"dev"}, "{'user': 'alex'}", Value::dict({{"user", "alex"}})};
    c << Case{"permanent",
              {"dev"},
              "{'_permanent': True, 'user': 'alex'}",
              Value::dict({{"user", "alex"}, {"_permanent", true}})};
    c << Case{"empty", {"dev"}, "{}", Value::dict()};
    c << Case{"chinese",
              {"dev"},
              "{'name': '张伟', 'city': '北京', '中文键': '值'}",
              Value::dict({{"name", "张伟"}, {"city", "北京"}, {"中文键", "值"}})};
    c << Case{"emoji",
              {"dev"},
              "{'mood': '😀🎉', 'flag': '🇫🇷', '🔑': 'key'}",
              Value::dict({{"mood", "😀🎉"}, {"flag", "🇫🇷"}, {"🔑", "key"}})};
    c << Case{"utf16 sort trap",
              {"dev"},
              "{'\\uff01': 1, '😀': 2, 'a': 3, 'é': 4, '\\uffff': 5, '\\U00010000': 6}",
              Value::dict({{QString(QChar(0xff01)), 1},
                           {"😀", 2},
                           {"a", 3},
                           {"é", 4},
                           {QString(QChar(0xffff)), 5},
                           {QString::fromUcs4(U"\U00010000", 1), 6}})};
    c << Case{"surrogate neighbours",
              {"dev"},
              "{'\\ud7ff': 'a', '\\ue000': 'b', '𝄞': 'c', '\\ufffd': 'd'}",
              Value::dict({{QString(QChar(0xd7ff)), "a"},
                           {QString(QChar(0xe000)), "b"},
                           {"𝄞", "c"},
                           {QString(QChar(0xfffd)), "d"}})};
    c << Case{
        "plain key order",
        {"dev"},
        "{'b': 1, '': 0, ' ': 2, '_x': 3, 'B': 4, '1': 5, 'a ': 6, 'aa': 7, 'a': 8}",
        Value::dict(
            {{"b", 1}, {"", 0}, {" ", 2}, {"_x", 3}, {"B", 4}, {"1", 5}, {"a ", 6}, {"aa", 7}, {"a", 8}})};
    c << Case{
        "nested dicts",
        {"dev"},
        "{'z': {}, 'a': {'b': {'c': {'d': [1, 2, {'e': None}]}}, 'y': {'x': 1}}}",
        Value::dict(
            {{"z", Value::dict()},
             {"a", Value::dict(
                       {{"b", Value::dict(
                                  {{"c", Value::dict(
                                             {{"d", Value::list({1, 2, Value::dict({{"e", nullptr}})})}})}})},
                        {"y", Value::dict({{"x", 1}})}})}})};
    c << Case{"lists",
              {"dev"},
              "{'l': [1, 'two', 3.5, None, True, False, [], [[]], {}]}",
              Value::dict({{"l", Value::list({1, "two", 3.5, nullptr, true, false, Value::list(),
                                              Value::list({Value::list()}), Value::dict()})}})};
    c << Case{
        "tuples",
        {"dev"},
        "{'t': (1, 2), 'empty': (), 'single': ('x',), 'nested': ((1,), [2, (3,)])}",
        Value::dict({{"t", Value::tuple({1, 2})},
                     {"empty", Value(Value::Tuple{})},
                     {"single", Value::tuple({"x"})},
                     {"nested", Value::tuple({Value::tuple({1}), Value::list({2, Value::tuple({3})})})}})};
    c << Case{"bytes",
              {"dev"},
              "{'b': b'\\x00\\x01\\xfe\\xff', 'empty': b'', 'text': b'hello world', 'one': b'x'}",
              Value::dict({{"b", Value(QByteArray("\x00\x01\xfe\xff", 4))},
                           {"empty", Value(QByteArray(""))},
                           {"text", Value(QByteArray("hello world"))},
                           {"one", Value(QByteArray("x"))}})};
    c << Case{"datetimes",
              {"dev"},
              "{'at': datetime(2024, 2, 29, 12, 30, 45), 'epoch': datetime(1970, 1, 1), "
              "'micro': datetime(2023, 12, 31, 23, 59, 59, 999999)}",
              Value::dict({{"at", utc(2024, 2, 29, 12, 30, 45)},
                           {"epoch", utc(1970, 1, 1)},
                           {"micro", utc(2023, 12, 31, 23, 59, 59, 999)}}),
              Value::dict({{"at", utc(2024, 2, 29, 12, 30, 45)},
                           {"epoch", utc(1970, 1, 1)},
                           {"micro", utc(2023, 12, 31, 23, 59, 59)}})};
    c << Case{
        "aware datetime",
        {"dev"},
        "{'at': datetime(2024, 2, 29, 14, 30, 45, tzinfo=timezone(timedelta(hours=2)))}",
        Value::dict({{"at", QDateTime(QDate(2024, 2, 29), QTime(14, 30, 45), Qt::OffsetFromUTC, 7200)}}),
        Value::dict({{"at", utc(2024, 2, 29, 12, 30, 45)}})};
    c << Case{"uuids",
              {"dev"},
              "{'id': UUID('12345678-1234-5678-1234-567812345678'), 'zero': UUID(int=0)}",
              Value::dict({{"id", uid}, {"zero", QUuid()}})};
    c << Case{"markup",
              {"dev"},
              "{'m': Markup('<b>bold</b> &amp; \"q\"'), 'plain': '<b>'}",
              Value::dict({{"m", Value(Value::Markup{"<b>bold</b> &amp; \"q\""})}, {"plain", "<b>"}})};
    c << Case{
        "floats",
        {"dev"},
        "{'f': [0.1, 3.0, 1e-07, 1e21, -0.0, 123456789.125, 1e16, 1234567890123456.0, 5e-324, "
        "1.7976931348623157e308, 0.30000000000000004]}",
        Value::dict({{"f", Value::list({0.1, 3.0, 1e-07, 1e21, -0.0, 123456789.125, 1e16, 1234567890123456.0,
                                        5e-324, 1.7976931348623157e308, 0.1 + 0.2})}})};
    c << Case{"infinities",
              {"dev"},
              "{'inf': float('inf'), 'ninf': float('-inf')}",
              Value::dict({{"inf", HUGE_VAL}, {"ninf", -HUGE_VAL}})};
    c << Case{"big ints",
              {"dev"},
              "{'big': 2**64, 'neg': -2**63 - 1, 'huge': 10**40, 'max': 2**63 - 1, 'min': -2**63}",
              Value::dict({{"big", Value::integer("18446744073709551616")},
                           {"neg", Value::integer("-9223372036854775809")},
                           {"huge", Value::integer("10000000000000000000000000000000000000000")},
                           {"max", Value::integer("9223372036854775807")},
                           {"min", Value::integer("-9223372036854775808")}})};
    c << Case{"compress boundary plain", {"dev"}, "{'k': 'a' * 11}", Value::dict({{"k", QString(11, u'a')}})};
    c << Case{
        "compress boundary compressed", {"dev"}, "{'k': 'a' * 12}", Value::dict({{"k", QString(12, u'a')}})};
    c << Case{"large compressible",
              {"dev"},
              "{'data': 'abc' * 500}",
              Value::dict({{"data", QString("abc").repeated(500)}})};
    c << Case{"noisy text", {"dev"}, "{'noise': " + pyStr(noisy) + "}", Value::dict({{"noise", noisy}})};
    c << Case{"long chinese compressed",
              {"dev"},
              "{'text': '中文' * 100}",
              Value::dict({{"text", QString("中文").repeated(100)}})};
    c << Case{"tagdict top level", {"dev"}, "{' b': 'not bytes'}", Value::dict({{" b", "not bytes"}})};
    c << Case{"tagdict nested",
              {"dev"},
              "{'x': {' t': [1, 2]}, 'y': {' di': {' di': 1}}, 'z': {' u': 'x', 'other': 1}}",
              Value::dict({{"x", Value::dict({{" t", Value::list({1, 2})}})},
                           {"y", Value::dict({{" di", Value::dict({{" di", 1}})}})},
                           {"z", Value::dict({{" u", "x"}, {"other", 1}})}})};
    c << Case{"flashes",
              {"dev"},
              "{'_flashes': [('message', 'Saved.'), ('error', 'Bad input')]}",
              Value::dict({{"_flashes", Value::list({Value::tuple({"message", "Saved."}),
                                                     Value::tuple({"error", "Bad input"})})}})};
    c << Case{"escapes",
              {"dev"},
              "{'s': 'line\\nbreak\\ttab \"quote\" \\\\ back / slash <tag> \\x00\\x1f\\x7f\\u2028'}",
              Value::dict({{"s", QStringLiteral("line\nbreak\ttab \"quote\" \\ back / slash <tag> ") +
                                     QChar(0) + QChar(0x1f) + QChar(0x7f) + QChar(0x2028)}})};
    c << Case{
        "scalars",
        {"dev"},
        "{'t': True, 'f': False, 'n': None, 'zero': 0, 'empty': '', 'neg': -42}",
        Value::dict({{"t", true}, {"f", false}, {"n", nullptr}, {"zero", 0}, {"empty", ""}, {"neg", -42}})};
    c << Case{
        "deep nesting", {"dev"}, "{'deep': " + deepListExpr(60) + "}", Value::dict({{"deep", deepList(60)}})};
    c << Case{"mixed list",
              {"dev"},
              "{'mix': [b'x', (1,), Markup('m'), UUID('12345678-1234-5678-1234-567812345678'), "
              "datetime(2000, 1, 2, 3, 4, 5), {' u': 'x'}, {' t': ()}]}",
              Value::dict(
                  {{"mix", Value::list({Value(QByteArray("x")), Value::tuple({1}), Value(Value::Markup{"m"}),
                                        uid, utc(2000, 1, 2, 3, 4, 5), Value::dict({{" u", "x"}}),
                                        Value::dict({{" t", Value(Value::Tuple{})}})})}})};
    c << Case{"unicode secret", {"秘密-キー-🔑"}, "{'user': 'alex'}", Value::dict({{"user", "alex"}})};
    c << Case{"rotated keys",
              {"old", "new"},
              "{'user': 'alex', 'n': 1}",
              Value::dict({{"user", "alex"}, {"n", 1}})};
    c << Case{"long secret",
              {QString("s").repeated(200)},
              "{'cart': [1, 2, 3]}",
              Value::dict({{"cart", Value::list({1, 2, 3})}})};
    c << Case{"shopping cart",
              {"dev"},
              "{'cart': [{'sku': 'A-1', 'qty': 2, 'price': 9.99}, {'sku': 'B-2', 'qty': 1, 'price': 0.5}], "
              "'user_id': 42, 'csrf': 'f0e1d2c3b4a5'}",
              Value::dict({{"cart", Value::list({Value::dict({{"sku", "A-1"}, {"qty", 2}, {"price", 9.99}}),
                                                 Value::dict({{"sku", "B-2"}, {"qty", 1}, {"price", 0.5}})})},
                           {"user_id", 42},
                           {"csrf", "f0e1d2c3b4a5"}})};
    return c;
}

QJsonObject command(const QString &op, const QStringList &secrets, std::int64_t now)
{
    QJsonObject o;
    o["op"] = op;
    o["secret"] =
        secrets.size() == 1 ? QJsonValue(secrets.first()) : QJsonValue(QJsonArray::fromStringList(secrets));
    o["now"] = static_cast<qint64>(now);
    return o;
}

} // namespace

class TstFlaskCookieInterop : public QObject {
    Q_OBJECT

private:
    QList<QJsonObject> runFlask(const QList<QJsonObject> &commands)
    {
        return test::FlaskCookieHelper::run(commands);
    }

    static QJsonObject decodeCommand(const QStringList &secrets, std::int64_t now,
                                     std::optional<std::int64_t> maxAge, const QByteArray &cookie)
    {
        QJsonObject o = command("decode", secrets, now);
        o["max_age"] = maxAge ? QJsonValue(static_cast<qint64>(*maxAge)) : QJsonValue();
        o["cookie"] = QString::fromLatin1(cookie);
        return o;
    }

private slots:
    void initTestCase()
    {
        QVERIFY2(QFileInfo::exists(test::FlaskCookieHelper::script()),
                 qPrintable("helper script not found: " + test::FlaskCookieHelper::script()));
        const QString unavailable = test::FlaskCookieHelper::unavailableReason();
        if (!unavailable.isEmpty())
            QSKIP(qPrintable(unavailable));
    }

    // Flask signs each session; the engine produces the same bytes and decodes Flask's cookie to
    // an equal value. Flask also re-signs the engine's tagged JSON to the same cookie, and reads
    // the engine's cookie back to a session equal to its own.
    void sameCookiesAsFlask()
    {
        const QList<Case> all = cases();
        QVERIFY(all.size() >= 30);
        QList<QJsonObject> commands;
        for (const Case &c : all) {
            QJsonObject byExpr = command("sign", c.secrets, kNow);
            byExpr["expr"] = c.pythonExpr;
            commands << byExpr;
            QJsonObject byTagged = command("sign", c.secrets, kNow);
            byTagged["tagged"] = QString::fromLatin1(TaggedJson::dumps(c.session));
            commands << byTagged;
            QJsonObject readBack =
                decodeCommand(c.secrets, kNow, CookieSessionCodec::kDefaultMaxAgeSeconds,
                              CookieSessionCodec::sign(c.session, kNow, Signer::keysFromStrings(c.secrets)));
            readBack["expr"] = c.pythonExpr;
            commands << readBack;
        }
        const QList<QJsonObject> answers = runFlask(commands);
        QCOMPARE(answers.size(), commands.size());

        int matched = 0;
        for (int i = 0; i < all.size(); ++i) {
            const Case &c = all[i];
            const QJsonObject flask = answers[3 * i];
            const QJsonObject flaskFromTagged = answers[3 * i + 1];
            const QJsonObject flaskReadBack = answers[3 * i + 2];
            QVERIFY2(!flask.contains("error"), qPrintable(c.name + ": " + flask["message"].toString()));
            const QByteArray flaskCookie = flask["cookie"].toString().toLatin1();
            const QByteArray flaskJson = flask["json"].toString().toLatin1();
            const QList<QByteArray> keys = Signer::keysFromStrings(c.secrets);

            const QByteArray engineJson = TaggedJson::dumps(c.session);
            QVERIFY2(engineJson == flaskJson,
                     qPrintable(c.name + "\n engine: " + engineJson + "\n flask:  " + flaskJson));
            const QByteArray engineCookie = CookieSessionCodec::sign(c.session, kNow, keys);
            QVERIFY2(engineCookie == flaskCookie,
                     qPrintable(c.name + "\n engine: " + engineCookie + "\n flask:  " + flaskCookie));
            QCOMPARE(flaskFromTagged["cookie"].toString().toLatin1(), flaskCookie);
            QVERIFY2(flaskReadBack["ok"].toBool() && flaskReadBack["equal"].toBool(),
                     qPrintable(c.name + ": " + QJsonDocument(flaskReadBack).toJson(QJsonDocument::Compact)));

            const LoadResult r = CookieSessionCodec::decode(flaskCookie, keys, kNow);
            QVERIFY2(r.ok(), qPrintable(c.name + ": " + r.message));
            const Value expected = c.decoded.isNone() ? c.session : c.decoded;
            QVERIFY2(r.payload == expected, qPrintable(c.name + "\n decoded:  " + r.payload.repr() +
                                                       "\n expected: " + expected.repr()));
            QCOMPARE(r.json, flaskJson);
            QCOMPARE(TaggedJson::dumps(r.payload), flaskJson); // types survive (3.0 stays a float)
            ++matched;
        }
        qInfo() << matched << "of" << all.size() << "sessions matched Flask byte for byte";
    }

    // Both sides refuse the same altered cookies, for the same reason.
    void rejectionsAgree()
    {
        struct Probe {
            QString name;
            QStringList secrets;
            QByteArray cookie;
            std::int64_t now;
            std::optional<std::int64_t> maxAge;
            Failure engineExpects;
        };
        const QList<QByteArray> dev = {"dev"};
        const Value cart = Value::dict({{"cart", Value::list({1, 2, 3})}, {"user", "张伟"}});
        const QByteArray good = CookieSessionCodec::sign(cart, kNow, dev);
        const QByteArray compressed =
            CookieSessionCodec::sign(Value::dict({{"k", QString(40, u'z')}}), kNow, dev);
        QVERIFY(compressed.startsWith('.'));
        auto flip = [](QByteArray s, qsizetype i) {
            s[i] = s[i] == 'A' ? 'B' : 'A';
            return s;
        };
        const TimestampSigner raw(dev, CookieSessionCodec::kSalt, KeyDerivation::Hmac);
        const Signer noTimestamp(dev, CookieSessionCodec::kSalt, KeyDerivation::Hmac);

        const QList<Probe> probes = {
            {"valid", {"dev"}, good, kNow, 100, Failure::None},
            {"age == max_age", {"dev"}, good, kNow + 100, 100, Failure::None},
            {"age == max_age + 1", {"dev"}, good, kNow + 101, 100, Failure::Expired},
            {"one second in the future", {"dev"}, good, kNow - 1, 100, Failure::Expired},
            {"past 31 days", {"dev"}, good, kNow + 2678401, 2678400, Failure::Expired},
            {"flipped signature", {"dev"}, flip(good, good.size() - 2), kNow, 100, Failure::BadSignature},
            {"flipped payload", {"dev"}, flip(good, 2), kNow, 100, Failure::BadSignature},
            {"flipped compressed payload", {"dev"}, flip(compressed, 5), kNow, 100, Failure::BadSignature},
            {"changed timestamp",
             {"dev"},
             QByteArray(good).replace(".ZVPxAA.", ".ZVPxAB."),
             kNow,
             100,
             Failure::BadSignature},
            {"truncated signature", {"dev"}, good.chopped(3), kNow, 100, Failure::BadSignature},
            {"empty signature",
             {"dev"},
             good.left(good.lastIndexOf('.') + 1),
             kNow,
             100,
             Failure::BadSignature},
            {"timestamp removed",
             {"dev"},
             good.left(good.indexOf('.')) + good.mid(good.lastIndexOf('.')),
             kNow,
             100,
             Failure::BadSignature},
            {"wrong key", {"prod"}, good, kNow, 100, Failure::BadSignature},
            {"signed with itsdangerous defaults",
             {"dev"},
             URLSafeTimedSerializer(dev).dumps(cart, kNow),
             kNow,
             100,
             Failure::BadSignature},
            {"old key after rotation",
             {"old", "new"},
             CookieSessionCodec::sign(cart, kNow, {"old"}),
             kNow,
             100,
             Failure::None},
            {"retired key",
             {"new"},
             CookieSessionCodec::sign(cart, kNow, {"old"}),
             kNow,
             100,
             Failure::BadSignature},
            {"quirk: == appended", {"dev"}, good + "==", kNow, 100, Failure::None},
            {"no timestamp, valid signature",
             {"dev"},
             noTimestamp.sign("eyJhIjoxfQ"),
             kNow,
             100,
             Failure::Malformed},
            {"9-byte timestamp",
             {"dev"},
             noTimestamp.sign("eyJhIjoxfQ.AAAAAAAAAAAA"),
             kNow,
             100,
             Failure::Malformed},
            {"not base64", {"dev"}, raw.sign("abcde", kNow), kNow, 100, Failure::BadPayload},
            {"not zlib", {"dev"}, raw.sign(".AAAA", kNow), kNow, 100, Failure::BadPayload},
            {"not json", {"dev"}, raw.sign("bm90IGpzb24", kNow), kNow, 100, Failure::BadPayload},
            {"json list", {"dev"}, raw.sign("WzEsMl0", kNow), kNow, 100, Failure::BadPayload},
            {"bad uuid tag",
             {"dev"},
             raw.sign("eyJhIjp7IiB1IjoiYmFkIn19", kNow),
             kNow,
             100,
             Failure::BadPayload},
        };
        QList<QJsonObject> commands;
        for (const Probe &p : probes)
            commands << decodeCommand(p.secrets, p.now, p.maxAge, p.cookie);
        const QList<QJsonObject> answers = runFlask(commands);
        QCOMPARE(answers.size(), commands.size());
        for (int i = 0; i < probes.size(); ++i) {
            const Probe &p = probes[i];
            const QJsonObject flask = answers[i];
            const LoadResult r =
                CookieSessionCodec::decode(p.cookie, Signer::keysFromStrings(p.secrets), p.now, p.maxAge);
            const QString context = p.name + ": engine " + failureName(r.failure) + " (" + r.message +
                                    "), flask " +
                                    QString::fromUtf8(QJsonDocument(flask).toJson(QJsonDocument::Compact));
            QVERIFY2(r.failure == p.engineExpects, qPrintable(context));
            QVERIFY2(flask["ok"].toBool() == r.ok(), qPrintable(context));
            if (r.ok()) {
                QVERIFY2(flask["json"].toString().toLatin1() == r.json, qPrintable(context));
                continue;
            }
            const QString error = flask["error"].toString();
            switch (r.failure) {
            case Failure::Expired: QVERIFY2(error == "SignatureExpired", qPrintable(context)); break;
            case Failure::BadSignature:
            case Failure::Malformed:
                // Both mean "new empty session" in Flask: BadSignature or BadTimeSignature.
                QVERIFY2(flask["caught"].toBool() && error != "SignatureExpired", qPrintable(context));
                break;
            case Failure::BadPayload:
                // Not caught by open_session: HTTP 500.
                QVERIFY2(!flask["caught"].toBool(), qPrintable(context));
                break;
            case Failure::None: break;
            }
        }
    }
};

QTEST_GUILESS_MAIN(TstFlaskCookieInterop)
#include "tst_flask_cookie_interop.moc"
