// TaggedJson and HttpDate against Flask 2.2.2's session_json_serializer (flask/json/tag.py) and
// werkzeug.http; every expected text was produced by /usr/bin/python3 on Debian 12 with
// S.dumps(S.loads(input)) inside an app context.
#include "core/value/HttpDate.h"
#include "core/value/PyBase64.h"
#include "core/value/TaggedJson.h"

#include <QtTest>

using rs::HttpDate;
using rs::PyBase64;
using rs::TaggedJson;
using rs::Value;

class TstTaggedJson : public QObject {
    Q_OBJECT

private slots:
    void tagForms()
    {
        const QUuid u = QUuid::fromString(QStringLiteral("12345678-1234-5678-1234-567812345678"));
        QCOMPARE(TaggedJson::dumps(Value::tuple({1, "a"})), QByteArray(R"({" t":[1,"a"]})"));
        QCOMPARE(TaggedJson::dumps(Value(QByteArray("\x00\x01\xfe\xff", 4))),
                 QByteArray(R"({" b":"AAH+/w=="})"));
        QCOMPARE(TaggedJson::dumps(Value(Value::Markup{"<i>"})), QByteArray(R"({" m":"<i>"})"));
        QCOMPARE(TaggedJson::dumps(Value(u)), QByteArray(R"({" u":"12345678123456781234567812345678"})"));
        QCOMPARE(TaggedJson::dumps(Value::list({Value::tuple({})})), QByteArray(R"([{" t":[]}])"));
        // Only one-key dicts whose key is a tag get the " di" wrapper; keys are never tagged.
        QCOMPARE(TaggedJson::dumps(Value::dict({{" t", 1}})), QByteArray(R"({" di":{" t__":1}})"));
        QCOMPARE(TaggedJson::dumps(Value::dict({{" x", 1}})), QByteArray(R"({" x":1})"));
        QCOMPARE(TaggedJson::dumps(Value::dict({{" t", 1}, {" b", 2}})), QByteArray(R"({" b":2," t":1})"));
        QCOMPARE(TaggedJson::tagKeys().size(), 6);
    }

    void untagEdges_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QByteArray>("retagged"); // empty: loading fails
        QTest::newRow("tuple of str")
            << QByteArray(R"({" t":"ab😀"})") << QByteArray(R"({" t":["a","b","\ud83d\ude00"]})");
        QTest::newRow("tuple of dict")
            << QByteArray(R"({" t":{"x":1,"y":2}})") << QByteArray(R"({" t":["x","y"]})");
        QTest::newRow("tuple of bytes")
            << QByteArray(R"({" t":{" b":"AAE="}})") << QByteArray(R"({" t":[0,1]})");
        QTest::newRow("tuple of int") << QByteArray(R"({" t":5})") << QByteArray();
        QTest::newRow("date garbage") << QByteArray(R"({" d":"garbage"})") << QByteArray("null");
        QTest::newRow("date empty") << QByteArray(R"({" d":""})") << QByteArray("null");
        QTest::newRow("date zero") << QByteArray(R"({" d":0})") << QByteArray("null");
        QTest::newRow("date int") << QByteArray(R"({" d":5})") << QByteArray();
        QTest::newRow("date bytes") << QByteArray(R"({" d":{" b":"AAAA"}})") << QByteArray("null");
        QTest::newRow("date rfc850") << QByteArray(R"({" d":"Sunday, 06-Nov-94 08:49:37 GMT"})")
                                     << QByteArray(R"({" d":"Sun, 06 Nov 1994 08:49:37 GMT"})");
        QTest::newRow("date offset") << QByteArray(R"({" d":"29 Feb 2024 12:30:45 +0200"})")
                                     << QByteArray(R"({" d":"Thu, 29 Feb 2024 10:30:45 GMT"})");
        QTest::newRow("uuid braces") << QByteArray(R"({" u":"{12345678-1234-5678-1234-567812345678}"})")
                                     << QByteArray(R"({" u":"12345678123456781234567812345678"})");
        QTest::newRow("uuid urn") << QByteArray(R"({" u":"urn:uuid:12345678-1234-5678-1234-567812345678"})")
                                  << QByteArray(R"({" u":"12345678123456781234567812345678"})");
        QTest::newRow("uuid 0x") << QByteArray(R"({" u":"0x345678123456781234567812345678"})")
                                 << QByteArray(R"({" u":"00345678123456781234567812345678"})");
        QTest::newRow("uuid bad") << QByteArray(R"({" u":"bad"})") << QByteArray();
        QTest::newRow("uuid int") << QByteArray(R"({" u":5})") << QByteArray();
        QTest::newRow("bytes urlsafe chars skipped")
            << QByteArray(R"({" b":"AAH-_w=="})") << QByteArray(R"({" b":"AAHw"})");
        QTest::newRow("bytes non-ascii") << QByteArray(R"({" b":"é"})") << QByteArray();
        QTest::newRow("bytes int") << QByteArray(R"({" b":5})") << QByteArray();
        QTest::newRow("bytes bad length") << QByteArray(R"({" b":"abcde"})") << QByteArray();
        QTest::newRow("markup int") << QByteArray(R"({" m":5})") << QByteArray(R"({" m":"5"})");
        QTest::newRow("markup list") << QByteArray(R"({" m":[1,"a",null]})")
                                     << QByteArray(R"({" m":"[1, 'a', None]"})");
        QTest::newRow("markup dict") << QByteArray(R"({" m":{"a":1.5}})")
                                     << QByteArray(R"({" m":"{'a': 1.5}"})");
        QTest::newRow("di empty") << QByteArray(R"({" di":{}})") << QByteArray();
        QTest::newRow("di list") << QByteArray(R"({" di":[1]})") << QByteArray();
        QTest::newRow("di first key only")
            << QByteArray(R"({" di":{"x":1,"yy__":2}})") << QByteArray(R"({"":1})");
        QTest::newRow("di short key") << QByteArray(R"({" di":{"k":1}})") << QByteArray(R"({"":1})");
        // The hook also runs on a value that a repeated key overwrites, and can fail there.
        QTest::newRow("overwritten value still untagged")
            << QByteArray(R"({"a":{" t":0},"a":1})") << QByteArray();
        QTest::newRow("two keys") << QByteArray(R"({" t":[1]," b":"x"})")
                                  << QByteArray(R"({" b":"x"," t":[1]})");
        QTest::newRow("unknown tag") << QByteArray(R"({" x":1})") << QByteArray(R"({" x":1})");
        QTest::newRow("in list") << QByteArray(R"([{" t":[]}])") << QByteArray(R"([{" t":[]}])");
    }
    void untagEdges()
    {
        QFETCH(QByteArray, input);
        QFETCH(QByteArray, retagged);
        QString error;
        const Value v = TaggedJson::loads(input, &error);
        if (retagged.isEmpty()) {
            QVERIFY2(!error.isEmpty(), qPrintable(v.repr()));
            QVERIFY(v.isNone());
            return;
        }
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(TaggedJson::dumps(v), retagged);
    }

    void untagTypes()
    {
        QString error;
        const Value v = TaggedJson::loads(
            R"({"t":{" t":[1]},"b":{" b":"eA=="},"m":{" m":"<b>"},"u":{" u":"12345678123456781234567812345678"},)"
            R"("d":{" d":"Thu, 29 Feb 2024 12:30:45 GMT"}})",
            &error);
        QVERIFY(error.isEmpty());
        QCOMPARE(v.get("t"), Value::tuple({1}));
        QCOMPARE(v.get("b"), Value(QByteArray("x")));
        QCOMPARE(v.get("m").markupHtml(), QStringLiteral("<b>"));
        QCOMPARE(v.get("u").toUuid(),
                 QUuid::fromString(QStringLiteral("12345678-1234-5678-1234-567812345678")));
        const QDateTime dt = v.get("d").toDateTime();
        QCOMPARE(dt, QDateTime(QDate(2024, 2, 29), QTime(12, 30, 45), Qt::UTC));
        QCOMPARE(dt.timeSpec(), Qt::UTC);
        // untagTree does the same on an already parsed value.
        const Value tree =
            TaggedJson::untagTree(Value::dict({{"x", Value::dict({{" t", Value::list({1})}})}}), &error);
        QCOMPARE(tree.get("x"), Value::tuple({1}));
    }

    void httpDateFormat()
    {
        QCOMPARE(HttpDate::format(QDateTime(QDate(2024, 2, 29), QTime(12, 30, 45, 999), Qt::UTC)),
                 QStringLiteral("Thu, 29 Feb 2024 12:30:45 GMT"));
        QCOMPARE(HttpDate::format(QDateTime(QDate(1970, 1, 1), QTime(0, 0), Qt::UTC)),
                 QStringLiteral("Thu, 01 Jan 1970 00:00:00 GMT"));
        QCOMPARE(HttpDate::format(QDateTime(QDate(999, 12, 5), QTime(1, 2, 3), Qt::UTC)),
                 QStringLiteral("Thu, 05 Dec 0999 01:02:03 GMT"));
        QCOMPARE(HttpDate::format(QDateTime(QDate(2023, 12, 15), QTime(22, 13, 20), Qt::LocalTime)),
                 QStringLiteral("Fri, 15 Dec 2023 22:13:20 GMT"));
        QCOMPARE(HttpDate::format(QDateTime()), QString());
    }

    void httpDateParse_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("unix"); // -1: None
        QTest::newRow("imf") << "Thu, 29 Feb 2024 12:30:45 GMT" << qint64(1709209845);
        QTest::newRow("no day name") << "29 Feb 2024 12:30:45 GMT" << qint64(1709209845);
        QTest::newRow("no zone") << "Thu, 29 Feb 2024 12:30:45" << qint64(1709209845);
        QTest::newRow("offset") << "Thu, 29 Feb 2024 12:30:45 +0200" << qint64(1709202645);
        QTest::newRow("EST") << "Thu, 29 Feb 2024 12:30:45 EST" << qint64(1709227845);
        QTest::newRow("-0000") << "Thu, 29 Feb 2024 12:30:45 -0000" << qint64(1709209845);
        QTest::newRow("rfc850") << "Sunday, 06-Nov-94 08:49:37 GMT" << qint64(784111777);
        QTest::newRow("two-digit 69") << "1 Jan 69 00:00:00 GMT" << qint64(-31536000);
        QTest::newRow("no seconds") << "1 Jan 2000 10:20 GMT" << qint64(946722000);
        QTest::newRow("30 Feb") << "30 Feb 2024 00:00:00 GMT" << qint64(-1);
        QTest::newRow("second 60") << "1 Jan 2000 23:59:60 GMT" << qint64(-1);
        QTest::newRow("offset too big") << "1 Jan 2000 00:00:00 +9999" << qint64(-1);
        QTest::newRow("garbage") << "garbage" << qint64(-1);
        QTest::newRow("empty") << "" << qint64(-1);
        QTest::newRow("spaces") << "   " << qint64(-1);
    }
    void httpDateParse()
    {
        QFETCH(QString, text);
        QFETCH(qint64, unix);
        const auto dt = HttpDate::parse(text);
        if (unix == -1) {
            QVERIFY(!dt);
            return;
        }
        QVERIFY(dt);
        QCOMPARE(dt->toSecsSinceEpoch(), unix);
        QCOMPARE(dt->timeSpec(), Qt::UTC);
    }

    // binascii.a2b_base64 in its lenient mode.
    void lenientBase64()
    {
        QByteArray out;
        QString error;
        QVERIFY(PyBase64::a2bBase64("AAH+/w==", &out));
        QCOMPARE(out, QByteArray("\x00\x01\xfe\xff", 4));
        QVERIFY(PyBase64::a2bBase64("AA==trailing ignored", &out));
        QCOMPARE(out, QByteArray(1, '\0'));
        QVERIFY(PyBase64::a2bBase64("A=A=A=A", &out)); // an early '=' is skipped, a later one ends it
        QCOMPARE(out, QByteArray(2, '\0'));
        QVERIFY(!PyBase64::a2bBase64("AAA", &out, &error));
        QCOMPARE(error, QStringLiteral("Incorrect padding"));
        QVERIFY(!PyBase64::b64decode(QStringLiteral("é"), &out, &error));
        QCOMPARE(error, QStringLiteral("string argument should contain only ASCII characters"));
    }
};

QTEST_APPLESS_MAIN(TstTaggedJson)
#include "tst_taggedjson.moc"
