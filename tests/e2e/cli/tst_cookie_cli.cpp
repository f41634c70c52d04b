// `requestscope cookie sign|decode` as a user runs it: the binary in a child process, its stdout,
// stderr and exit code. The §a.8 vectors, round trips, byte-for-byte equality with real Flask
// (tests/interop/flask_cookie.py under /usr/bin/python3), every refusal and the usage errors.
#include "core/session/codec/CookieSessionCodec.h"
#include "core/session/codec/TimestampSigner.h"
#include "core/session/codec/URLSafeTimedSerializer.h"
#include "core/value/TaggedJson.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QtTest>

#include "tests/support/FlaskCookieHelper.h"

using namespace rs;

namespace {
constexpr std::int64_t kNow = 1700000000;
const QByteArray kAlexCookie = "eyJ1c2VyIjoiYWxleCJ9.ZVPxAA.3yPREmnO7Lp4Ei4yLwPVy8QvfxQ";

struct Run {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

QString binary()
{
    return QString::fromLocal8Bit(qgetenv("RS_BINARY_DIR")) + QStringLiteral("/app/requestscope");
}

Run run(const QStringList &args, const QByteArray &input = {})
{
    QProcess p;
    p.start(binary(), args);
    Run r;
    if (!p.waitForStarted(10000))
        return r;
    if (!input.isEmpty())
        p.write(input);
    p.closeWriteChannel();
    if (!p.waitForFinished(60000)) {
        p.kill();
        p.waitForFinished();
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

Run sign(const QString &json, std::int64_t now = kNow, const QStringList &secrets = {"dev"})
{
    QStringList args{"cookie", "sign"};
    for (const QString &s : secrets)
        args << "--secret" << s;
    args << "--now" << QString::number(now) << json;
    return run(args);
}

Run decode(const QByteArray &cookie, std::int64_t now = kNow, const QStringList &extra = {},
           const QStringList &secrets = {"dev"})
{
    QStringList args{"cookie", "decode"};
    for (const QString &s : secrets)
        args << "--secret" << s;
    args << "--now" << QString::number(now) << extra << "--" << QString::fromLatin1(cookie);
    return run(args);
}

QString describe(const Run &r)
{
    return QStringLiteral("exit %1\nstdout: %2\nstderr: %3")
        .arg(r.exitCode)
        .arg(QString::fromUtf8(r.out), QString::fromUtf8(r.err));
}

// The sessions compared with Flask, in tagged-JSON form (keys deliberately unsorted).
const QStringList kSessions = {
    R"({"user":"alex"})",
    R"({"user":"alex","_permanent":true})",
    R"({})",
    R"({"name":"张伟","city":"北京","中文键":"值"})",
    R"({"mood":"😀🎉","🔑":"key","\uff01":1,"\ud800\udc00":2})",
    R"({"t":{" t":[1,"two",{" t":[]}]},"b":{" b":"AAH+/w=="},"u":{" u":"12345678123456781234567812345678"}})",
    R"({"at":{" d":"Thu, 29 Feb 2024 12:30:45 GMT"},"m":{" m":"<b>bold</b>"}})",
    R"({" di":{" b__":"not bytes"}})", // the session {" b": "not bytes"}
    R"({"x":{" di":{" t__":[1,2]}}})",
    R"({"f":[0.1,3.0,1e-07,1e+21,-0.0,123456789.125],"big":18446744073709551616,"neg":-9223372036854775809})",
    R"({"k":"aaaaaaaaaaa"})",
    R"({"k":"aaaaaaaaaaaa"})",
    R"({"data":"abcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabc","n":null,"ok":false})",
    R"({"_flashes":[{" t":["x1","登录成功1"]},{" t":["x2","登录成功2"]}]})",
    // Not a raw string: moc's lexer stumbles on \" inside one.
    "{\"s\":\"line\\nbreak\\ttab \\\"quote\\\" \\\\ / <tag> \\u0000\\u001f\\u007f\\u2028\"}",
    R"({"nested":{"z":{},"a":{"b":{"c":[1,2,{"e":null}]}}},"cart":[{"sku":"A-1","qty":2,"price":9.99}]})",
};
} // namespace

class CookieCliTest : public QObject {
    Q_OBJECT

private:
    bool haveFlask_ = false;
    QString noFlaskReason_;

    QList<QJsonObject> runFlask(const QList<QJsonObject> &commands)
    {
        return test::FlaskCookieHelper::run(commands);
    }

private slots:
    void initTestCase()
    {
        QVERIFY2(QFileInfo(binary()).isExecutable(), qPrintable("not built: " + binary()));
        QVERIFY2(QFileInfo::exists(test::FlaskCookieHelper::script()),
                 qPrintable("helper script not found: " + test::FlaskCookieHelper::script()));
        noFlaskReason_ = test::FlaskCookieHelper::unavailableReason();
        haveFlask_ = noFlaskReason_.isEmpty();
    }

    // Reference §a.8, secret 'dev', ts 1700000000.
    void signsTheWorkedExamples_data()
    {
        QTest::addColumn<QString>("json");
        QTest::addColumn<QByteArray>("cookie");
        QTest::newRow("alex") << R"({"user":"alex"})" << kAlexCookie;
        QTest::newRow("permanent") << R"({"_permanent":true,"user":"alex"})"
                                   << QByteArray(
                                          "eyJfcGVybWFuZW50Ijp0cnVlLCJ1c2VyIjoiYWxleCJ9.ZVPxAA.g5r-2Q1z7V_v_"
                                          "M3vz0qdaUdiKsc");
        // The engine writes its own JSON: the keys come out sorted whatever the input order.
        QTest::newRow("permanent, keys unsorted")
            << R"({"user": "alex", "_permanent": true})"
            << QByteArray("eyJfcGVybWFuZW50Ijp0cnVlLCJ1c2VyIjoiYWxleCJ9.ZVPxAA.g5r-2Q1z7V_v_M3vz0qdaUdiKsc");
        QTest::newRow("compressed") << R"({"k":"aaaaaaaaaaaa"})"
                                    << QByteArray(
                                           ".eJyrVspWslJKRAJKtQBDAway.ZVPxAA.6CBsbgQhH4MtJ6brha1P4SL-Whg");
    }
    void signsTheWorkedExamples()
    {
        QFETCH(QString, json);
        QFETCH(QByteArray, cookie);
        const Run r = sign(json);
        QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
        QCOMPARE(r.out, cookie + '\n');
        QVERIFY(r.err.isEmpty());
    }

    void decodesTheWorkedExamples()
    {
        Run r = decode(kAlexCookie);
        QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
        QCOMPARE(r.out, QByteArray(R"({"user":"alex"})"
                                   "\n"));
        r = decode(".eJyrVspWslJKRAJKtQBDAway.ZVPxAA.6CBsbgQhH4MtJ6brha1P4SL-Whg");
        QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
        QCOMPARE(r.out, QByteArray(R"({"k":"aaaaaaaaaaaa"})"
                                   "\n"));
    }

    // sign → decode gives back the engine's JSON of the session (sorted, ensure_ascii).
    void roundTrips()
    {
        for (const QString &json : kSessions) {
            const Run s = sign(json);
            QVERIFY2(s.exitCode == 0, qPrintable(json + "\n" + describe(s)));
            const Run d = decode(s.out.trimmed());
            QVERIFY2(d.exitCode == 0, qPrintable(json + "\n" + describe(d)));
            QString error;
            const QByteArray expected = TaggedJson::dumps(TaggedJson::loads(json.toUtf8(), &error));
            QVERIFY2(error.isEmpty(), qPrintable(error));
            QCOMPARE(d.out, expected + '\n');
            // The cookie is what the engine's codec signs for the same value.
            QCOMPARE(s.out.trimmed(), codec::CookieSessionCodec::sign(TaggedJson::loads(json.toUtf8()), kNow,
                                                                      {QByteArray("dev")}));
        }
    }

    // For every session, the CLI's cookie equals the one real Flask signs (same secret and time),
    // and decoding Flask's cookie prints exactly the JSON Flask signed.
    void sameBytesAsRealFlask()
    {
        if (!haveFlask_)
            QSKIP(qPrintable(noFlaskReason_));
        QList<QJsonObject> commands;
        const QList<QStringList> secrets = {{"dev"}, {"秘密-キー-🔑"}, {"old", "new"}};
        for (int i = 0; i < kSessions.size(); ++i) {
            QJsonObject c{{"op", "sign"}, {"now", qint64(kNow)}, {"tagged", kSessions[i]}};
            const QStringList &keys = secrets[i % secrets.size()];
            c["secret"] =
                keys.size() == 1 ? QJsonValue(keys.first()) : QJsonValue(QJsonArray::fromStringList(keys));
            commands << c;
        }
        const QList<QJsonObject> answers = runFlask(commands);
        QCOMPARE(answers.size(), kSessions.size());
        QVERIFY(kSessions.size() >= 10);
        for (int i = 0; i < kSessions.size(); ++i) {
            QVERIFY2(!answers[i].contains("error"),
                     qPrintable(kSessions[i] + ": " + answers[i]["message"].toString()));
            const QByteArray flaskCookie = answers[i]["cookie"].toString().toLatin1();
            const QByteArray flaskJson = answers[i]["json"].toString().toLatin1();
            const QStringList &keys = secrets[i % secrets.size()];
            const Run s = sign(kSessions[i], kNow, keys);
            QVERIFY2(s.exitCode == 0, qPrintable(describe(s)));
            QVERIFY2(s.out == flaskCookie + '\n',
                     qPrintable(kSessions[i] + "\n cli:   " + s.out.trimmed() + "\n flask: " + flaskCookie));
            const Run d = decode(flaskCookie, kNow, {}, keys);
            QVERIFY2(d.exitCode == 0, qPrintable(describe(d)));
            QCOMPARE(d.out, flaskJson + '\n');
        }
    }

    void readsTheSessionFromStandardInput()
    {
        const Run r = run({"cookie", "sign", "--secret", "dev", "--now", QString::number(kNow), "-"},
                          "{\"user\": \"alex\"}\n");
        QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
        QCOMPARE(r.out, kAlexCookie + '\n');
    }

    void keyRotation()
    {
        // Signs with the newest key, accepts a cookie signed with an older one.
        const Run rotated = sign(R"({"user":"alex"})", kNow, {"old", "new"});
        QCOMPARE(rotated.out, sign(R"({"user":"alex"})", kNow, {"new"}).out);
        const QByteArray byOld = sign(R"({"user":"alex"})", kNow, {"old"}).out.trimmed();
        QCOMPARE(decode(byOld, kNow, {}, {"old", "new"}).exitCode, 0);
        const Run refused = decode(byOld, kNow, {}, {"new"});
        QCOMPARE(refused.exitCode, 1);
        QVERIFY2(refused.err.contains("bad signature"), refused.err.constData());
    }

    void tamperedIsABadSignature_data()
    {
        QTest::addColumn<QByteArray>("cookie");
        QTest::addColumn<QStringList>("secrets");
        QByteArray sig = kAlexCookie;
        sig[sig.size() - 3] = sig[sig.size() - 3] == 'A' ? 'B' : 'A';
        QByteArray payload = kAlexCookie;
        payload[3] = 'X';
        QTest::newRow("signature changed") << sig << QStringList{"dev"};
        QTest::newRow("payload changed") << payload << QStringList{"dev"};
        QTest::newRow("timestamp changed")
            << QByteArray(kAlexCookie).replace(".ZVPxAA.", ".ZVPxAB.") << QStringList{"dev"};
        QTest::newRow("signature cut") << kAlexCookie.chopped(4) << QStringList{"dev"};
        QTest::newRow("wrong secret") << kAlexCookie << QStringList{"prod"};
    }
    void tamperedIsABadSignature()
    {
        QFETCH(QByteArray, cookie);
        QFETCH(QStringList, secrets);
        const Run r = decode(cookie, kNow, {}, secrets);
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.out.isEmpty());
        QVERIFY2(r.err.contains(": bad signature"), r.err.constData());
        QCOMPARE(r.err.count('\n'), 1);
    }

    void expiry()
    {
        // Flask's 31 days by default; an age equal to max-age is still accepted.
        QCOMPARE(decode(kAlexCookie, kNow + 2678400).exitCode, 0);
        Run r = decode(kAlexCookie, kNow + 2678401);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(": expired"), r.err.constData());
        QCOMPARE(decode(kAlexCookie, kNow + 100, {"--max-age", "100"}).exitCode, 0);
        r = decode(kAlexCookie, kNow + 101, {"--max-age", "100"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(": expired"), r.err.constData());
        r = decode(kAlexCookie, kNow - 1);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(": expired") && r.err.contains("future"), r.err.constData());
        // 'none' skips the age check, as loads(max_age=None) does.
        QCOMPARE(decode(kAlexCookie, kNow + 999999999, {"--max-age", "none"}).out,
                 QByteArray(R"({"user":"alex"})"
                            "\n"));
    }

    void malformed()
    {
        for (const QByteArray &cookie : {QByteArray("nodots"), QByteArray("")}) {
            const Run r = decode(cookie);
            QCOMPARE(r.exitCode, 1);
            QVERIFY2(r.err.contains(": malformed"), r.err.constData());
        }
        // A pasted Set-Cookie gets a hint.
        const Run r = decode("session=" + kAlexCookie + "; HttpOnly; Path=/");
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("without 'session='"), r.err.constData());
    }

    void badPayload()
    {
        // A valid signature over something that is not a session: Flask answers 500.
        const codec::TimestampSigner signer({QByteArray("dev")}, codec::CookieSessionCodec::kSalt,
                                            codec::KeyDerivation::Hmac);
        const QByteArray notADict = signer.sign(codec::URLSafeTimedSerializer::dumpPayload("[1,2]"), kNow);
        Run r = decode(notADict);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(": bad payload") && r.err.contains("500"), r.err.constData());
        const QByteArray notZlib = signer.sign(".bm90IHpsaWI", kNow);
        r = decode(notZlib);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(": bad payload"), r.err.constData());
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QByteArray>("mentions");
        QTest::newRow("no subcommand") << QStringList{"cookie"} << QByteArray("'sign' or 'decode'");
        QTest::newRow("unknown subcommand") << QStringList{"cookie", "verify"} << QByteArray("'verify'");
        QTest::newRow("no secret") << QStringList{"cookie", "sign", "{}"} << QByteArray("--secret");
        QTest::newRow("empty secret")
            << QStringList{"cookie", "sign", "--secret", "", "{}"} << QByteArray("may not be empty");
        QTest::newRow("bad now") << QStringList{"cookie", "sign", "--secret", "k", "--now", "soon", "{}"}
                                 << QByteArray("--now");
        QTest::newRow("negative now")
            << QStringList{"cookie", "decode", "--secret", "k", "--now", "-5", "x.y.z"}
            << QByteArray("--now");
        QTest::newRow("bad max-age") << QStringList{"cookie",    "decode", "--secret", "k",
                                                    "--max-age", "1d",     "x.y.z"}
                                     << QByteArray("--max-age");
        QTest::newRow("max-age on sign")
            << QStringList{"cookie", "sign", "--secret", "k", "--max-age", "5", "{}"}
            << QByteArray("--max-age");
        QTest::newRow("no JSON") << QStringList{"cookie", "sign", "--secret", "k"}
                                 << QByteArray("missing JSON");
        QTest::newRow("no cookie") << QStringList{"cookie", "decode", "--secret", "k"}
                                   << QByteArray("missing COOKIE");
        QTest::newRow("two arguments") << QStringList{"cookie", "sign", "--secret", "k", "{}", "{}"}
                                       << QByteArray("unexpected argument");
        QTest::newRow("unknown option")
            << QStringList{"cookie", "sign", "--secrt", "k", "{}"} << QByteArray("secrt");
        QTest::newRow("invalid JSON")
            << QStringList{"cookie", "sign", "--secret", "k", "{'user': 'alex'}"}
            << QByteArray("JSON: Expecting property name enclosed in double quotes");
        QTest::newRow("JSON not an object")
            << QStringList{"cookie", "sign", "--secret", "k", R"({" t":[1,2]})"}
            << QByteArray("must be an object");
    }
    void usageErrors()
    {
        QFETCH(QStringList, args);
        QFETCH(QByteArray, mentions);
        const Run r = run(args);
        QVERIFY2(r.exitCode == 2, qPrintable(describe(r)));
        QVERIFY(r.out.isEmpty());
        QVERIFY2(r.err.contains(mentions), r.err.constData());
        QCOMPARE(r.err.count('\n'), 1); // one line
    }

    void help()
    {
        Run r = run({"cookie", "--help"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("requestscope cookie sign   --secret KEY [--now UNIX] JSON"));
        r = run({"cookie", "decode", "--help"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("--max-age S"));
        r = run({"--help"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("requestscope cookie decode --secret KEY [--now UNIX] [--max-age S] COOKIE"));
    }
};

QTEST_GUILESS_MAIN(CookieCliTest)
#include "tst_cookie_cli.moc"
