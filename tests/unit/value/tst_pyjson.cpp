// PyJson against Python 3.11's json module. Every expected text below was produced by
// /usr/bin/python3 (json.dumps / json.loads) on Debian 12.
#include "core/value/PyJson.h"

#include <QtTest>

#include <cmath>
#include <limits>

using rs::PyJson;
using rs::Value;

namespace {
PyJson::Options compactSorted()
{
    PyJson::Options o;
    o.sortKeys = true;
    o.compact = true;
    return o;
}
} // namespace

class TstPyJson : public QObject {
    Q_OBJECT

private slots:
    void floatRepr_data()
    {
        QTest::addColumn<double>("value");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("3.0") << 3.0 << QByteArray("3.0");
        QTest::newRow("0.1") << 0.1 << QByteArray("0.1");
        QTest::newRow("1e-07") << 1e-07 << QByteArray("1e-07");
        QTest::newRow("1e+21") << 1e21 << QByteArray("1e+21");
        QTest::newRow("-0.0") << -0.0 << QByteArray("-0.0");
        QTest::newRow("123456789.125") << 123456789.125 << QByteArray("123456789.125");
        QTest::newRow("1e16") << 1e16 << QByteArray("1e+16");
        QTest::newRow("1234567890123456.0") << 1234567890123456.0 << QByteArray("1234567890123456.0");
        QTest::newRow("5e-324") << 5e-324 << QByteArray("5e-324");
        QTest::newRow("max") << 1.7976931348623157e308 << QByteArray("1.7976931348623157e+308");
        QTest::newRow("0.0001") << 0.0001 << QByteArray("0.0001");
        QTest::newRow("1e-05") << 0.00001 << QByteArray("1e-05");
        QTest::newRow("1e15") << 1e15 << QByteArray("1000000000000000.0");
        QTest::newRow("1e22") << 1e22 << QByteArray("1e+22");
        QTest::newRow("2^64-ish") << 12345678901234567890.0 << QByteArray("1.2345678901234567e+19");
        QTest::newRow("0.1+0.2") << 0.1 + 0.2 << QByteArray("0.30000000000000004");
        QTest::newRow("100.0") << 100.0 << QByteArray("100.0");
        QTest::newRow("2.5e-05") << 2.5e-5 << QByteArray("2.5e-05");
        QTest::newRow("-1.5e+300") << -1.5e300 << QByteArray("-1.5e+300");
        QTest::newRow("123456789012345.6") << 123456789012345.6 << QByteArray("123456789012345.6");
    }
    void floatRepr()
    {
        QFETCH(double, value);
        QFETCH(QByteArray, expected);
        QCOMPARE(PyJson::dumps(Value(value)), expected);
        // And it reads back to the same double.
        QString error;
        const Value back = PyJson::loads(expected, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(back.isFloat());
        QCOMPARE(back.toDouble(), value);
        QCOMPARE(std::signbit(back.toDouble()), std::signbit(value));
    }

    void nonFiniteFloats()
    {
        const Value v = Value::list({std::nan(""), HUGE_VAL, -HUGE_VAL});
        QCOMPARE(PyJson::dumps(v), QByteArray("[NaN, Infinity, -Infinity]"));
        PyJson::Options strict;
        strict.allowNan = false;
        QString error;
        QCOMPARE(PyJson::dumps(v, strict, &error), QByteArray());
        QCOMPARE(error, QStringLiteral("Out of range float values are not JSON compliant"));

        const Value back = PyJson::loads("[-Infinity, NaN, Infinity]", &error);
        QVERIFY(error.isEmpty());
        QCOMPARE(back.items().size(), std::size_t(3));
        QVERIFY(std::isinf(back.items()[0].toDouble()) && back.items()[0].toDouble() < 0);
        QVERIFY(std::isnan(back.items()[1].toDouble()));
        QVERIFY(std::isinf(back.items()[2].toDouble()) && back.items()[2].toDouble() > 0);
    }

    void escapesEnsureAscii()
    {
        const QString s =
            QString::fromUtf8("q\"b\\s/<>\n\r\t\b\f") + QChar(0) +
            QString::fromUtf8("\x01\x1f\x7f\xc2\x80\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\xe2\x80\xa8");
        QCOMPARE(
            PyJson::dumps(Value(s)),
            QByteArray(
                "\"q\\\"b\\\\s/"
                "<>\\n\\r\\t\\b\\f\\u0000\\u0001\\u001f\\u007f\\u0080\\u00e9\\u20ac\\ud83d\\ude00\\u2028\""));
    }

    void escapesUtf8()
    {
        const QString s =
            QString::fromUtf8("q\"b\\s/<>\n\r\t\b\f") + QChar(0) +
            QString::fromUtf8("\x01\x1f\x7f\xc2\x80\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\xe2\x80\xa8");
        PyJson::Options o;
        o.ensureAscii = false;
        QCOMPARE(
            PyJson::dumps(Value(s), o),
            QByteArray("\"q\\\"b\\\\s/<>\\n\\r\\t\\b\\f\\u0000\\u0001\\u001f\x7f\xc2\x80\xc3\xa9\xe2\x82\xac"
                       "\xf0\x9f\x98\x80\xe2\x80\xa8\""));
    }

    // QString::compare orders UTF-16 units, which puts U+1F600 (D83D DE00) before U+FF01.
    void sortKeysByCodePoint()
    {
        const QStringList keys = {QString(QChar(0xFF01)),
                                  QString::fromUtf8("\xf0\x9f\x98\x80"),
                                  "a",
                                  "B",
                                  "_x",
                                  "1",
                                  "a ",
                                  "aa",
                                  "b",
                                  QString(QChar(0xFFFF)),
                                  QString::fromUtf8("\xc3\xa9"),
                                  "Z",
                                  ""};
        Value d = Value::dict();
        for (int i = 0; i < keys.size(); ++i)
            d.set(keys[i], i);
        PyJson::Options o;
        o.sortKeys = true;
        QCOMPARE(PyJson::dumps(d, o),
                 QByteArray(R"({"": 12, "1": 5, "B": 3, "Z": 11, "_x": 4, "a": 2, "a ": 6, "aa": 7, "b": 8, )"
                            R"("\u00e9": 10, "\uff01": 0, "\uffff": 9, "\ud83d\ude00": 1})"));
        QVERIFY(QString::compare(keys[1], keys[0]) < 0); // the trap itself
        QVERIFY(PyJson::compareCodePoints(keys[1], keys[0]) > 0);
        QCOMPARE(PyJson::compareCodePoints("a", "a"), 0);
        QVERIFY(PyJson::compareCodePoints("a", "aa") < 0);
    }

    void sortKeysNested()
    {
        const Value v = Value::dict(
            {{"b", Value::dict({{"z", 1}, {"y", Value::list({Value::dict({{"d", 1}, {"c", 2}})})}})},
             {"a", 0}});
        QCOMPARE(PyJson::dumps(v, compactSorted()), QByteArray(R"({"a":0,"b":{"y":[{"c":2,"d":1}],"z":1}})"));
        QCOMPARE(PyJson::dumps(v), QByteArray(R"({"b": {"z": 1, "y": [{"d": 1, "c": 2}]}, "a": 0})"));
    }

    void separatorsAndIndent()
    {
        const Value v = Value::dict({{"b", Value::list({1, 2.5, nullptr, true, false, "x"})},
                                     {"a", Value::dict({{"d", Value::list()}, {"c", Value::dict()}})},
                                     {"e", Value::tuple({1, 2})}});
        QCOMPARE(
            PyJson::dumps(v),
            QByteArray(R"({"b": [1, 2.5, null, true, false, "x"], "a": {"d": [], "c": {}}, "e": [1, 2]})"));
        PyJson::Options compact;
        compact.compact = true;
        QCOMPARE(PyJson::dumps(v, compact),
                 QByteArray(R"({"b":[1,2.5,null,true,false,"x"],"a":{"d":[],"c":{}},"e":[1,2]})"));
        PyJson::Options indent2;
        indent2.indent = 2;
        QCOMPARE(PyJson::dumps(v, indent2),
                 QByteArray(
                     "{\n  \"b\": [\n    1,\n    2.5,\n    null,\n    true,\n    false,\n    \"x\"\n  ],\n  "
                     "\"a\": {\n    \"d\": [],\n    \"c\": {}\n  },\n  \"e\": [\n    1,\n    2\n  ]\n}"));
        PyJson::Options indent0;
        indent0.indent = 0;
        QCOMPARE(PyJson::dumps(v, indent0),
                 QByteArray("{\n\"b\": [\n1,\n2.5,\nnull,\ntrue,\nfalse,\n\"x\"\n],\n\"a\": {\n\"d\": "
                            "[],\n\"c\": {}\n},\n"
                            "\"e\": [\n1,\n2\n]\n}"));
        PyJson::Options sortedIndent = compactSorted();
        sortedIndent.indent = 2;
        QCOMPARE(PyJson::dumps(v, sortedIndent),
                 QByteArray("{\n  \"a\":{\n    \"c\":{},\n    \"d\":[]\n  },\n  \"b\":[\n    1,\n    2.5,\n  "
                            "  null,\n    "
                            "true,\n    false,\n    \"x\"\n  ],\n  \"e\":[\n    1,\n    2\n  ]\n}"));
    }

    void bigInts()
    {
        const Value v = Value::list(
            {Value::integer("18446744073709551616"), Value::integer("-9223372036854775809"),
             Value(std::numeric_limits<long long>::max()), Value(std::numeric_limits<long long>::min()),
             Value::integer("1000000000000000000000000000000")});
        const QByteArray text = "[18446744073709551616, -9223372036854775809, 9223372036854775807, "
                                "-9223372036854775808, 1000000000000000000000000000000]";
        QCOMPARE(PyJson::dumps(v), text);
        QString error;
        const Value back = PyJson::loads(text, &error);
        QVERIFY(error.isEmpty());
        QCOMPARE(back.items()[0].type(), Value::Type::BigInt);
        QCOMPARE(back.items()[0].bigIntDigits(), std::string("18446744073709551616"));
        QCOMPARE(back.items()[1].bigIntDigits(), std::string("-9223372036854775809"));
        QCOMPARE(back.items()[2].type(), Value::Type::Int);
        QCOMPARE(back.items()[3].toInt(), std::numeric_limits<long long>::min());
        QCOMPARE(back, v);
        QCOMPARE(PyJson::dumps(back), text);
    }

    void intDigitLimit()
    {
        QString error;
        const std::string ok(4300, '7');
        QCOMPARE(PyJson::dumps(Value::integer(ok), PyJson::Options{}, &error), QByteArray::fromStdString(ok));
        QVERIFY(error.isEmpty());
        const std::string tooLong(4301, '7');
        QCOMPARE(PyJson::dumps(Value::integer(tooLong), PyJson::Options{}, &error), QByteArray());
        QVERIFY(error.startsWith("Exceeds the limit (4300 digits)"));
        QVERIFY(PyJson::loads(QByteArray::fromStdString(tooLong), &error).isNone());
        QVERIFY(error.startsWith("Exceeds the limit (4300 digits)"));
        QVERIFY(PyJson::loads(QByteArray::fromStdString("-" + ok), &error).isInt());
        QVERIFY(error.isEmpty());
    }

    void numbersRead()
    {
        QString error;
        Value v = PyJson::loads("1E5", &error);
        QVERIFY(v.isFloat());
        QCOMPARE(v.toDouble(), 100000.0);
        v = PyJson::loads("-0", &error);
        QVERIFY(v.type() == Value::Type::Int);
        QCOMPARE(v.toInt(), 0);
        v = PyJson::loads("-0.0", &error);
        QVERIFY(v.isFloat() && std::signbit(v.toDouble()));
        v = PyJson::loads("1e400", &error);
        QVERIFY(std::isinf(v.toDouble()) && v.toDouble() > 0);
        v = PyJson::loads("-1e-400", &error);
        QVERIFY(v.isFloat() && v.toDouble() == 0.0 && std::signbit(v.toDouble()));
        v = PyJson::loads("2e-324", &error);
        QCOMPARE(v.toDouble(), 0.0);
        v = PyJson::loads("3e-324", &error);
        QCOMPARE(v.toDouble(), 5e-324);
        v = PyJson::loads("0.1e1", &error);
        QCOMPARE(v.toDouble(), 1.0);
        v = PyJson::loads("-1e-99999999999999999999999", &error);
        QVERIFY(v.isFloat() && v.toDouble() == 0.0);
        v = PyJson::loads("123456789e99999999999999999999999", &error);
        QVERIFY(std::isinf(v.toDouble()));
        v = PyJson::loads("0.000000000000000000000000000000000000000000000000000000001e-300", &error);
        QCOMPARE(v.toDouble(), 0.0);
        QVERIFY(error.isEmpty());
    }

    void stringsRead()
    {
        QString error;
        QCOMPARE(PyJson::loads(R"("\ud83d\ude00 \u00e9\/")", &error).toStr(),
                 QString::fromUtf8("\xf0\x9f\x98\x80 \xc3\xa9/"));
        QCOMPARE(PyJson::loads("\"\xc3\xa9\xf0\x9f\x98\x80\\u00e9\"", &error).toStr(),
                 QString::fromUtf8("\xc3\xa9\xf0\x9f\x98\x80\xc3\xa9"));
        // A lone surrogate survives, and is written back the same way.
        const Value lone = PyJson::loads(R"("\ud800x")", &error);
        QVERIFY(error.isEmpty());
        QCOMPARE(lone.toStr().size(), 2);
        QCOMPARE(lone.toStr()[0].unicode(), char16_t(0xd800));
        QCOMPARE(PyJson::dumps(lone), QByteArray(R"("\ud800x")"));
        QCOMPARE(PyJson::loads("\"\x7f\"", &error).toStr(), QString(QChar(0x7f)));
    }

    void duplicateKeysKeepFirstPlaceLastValue()
    {
        QString error;
        const Value v = PyJson::loads(R"({"a":1,"b":2,"a":3})", &error);
        QCOMPARE(PyJson::dumps(v), QByteArray(R"({"a": 3, "b": 2})"));
    }

    void roundTrips_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::newRow("empty object") << QByteArray("{}");
        QTest::newRow("empty list") << QByteArray("[]");
        QTest::newRow("scalars") << QByteArray(R"([null, true, false, 0, -1, 1.5, "", "x"])");
        QTest::newRow("nested") << QByteArray(R"({"a": [{"b": {"c": [[], {}]}}], "d": -2.5e-07})");
        QTest::newRow("unicode") << QByteArray(R"({"\u4e2d\u6587": "\ud83d\ude00", "k": "\u0000\u007f"})");
        QTest::newRow("big") << QByteArray(R"([123456789012345678901234567890, -1e+300])");
        QTest::newRow("order kept") << QByteArray(R"({"z": 1, "a": 2, "m": 3})");
    }
    void roundTrips()
    {
        QFETCH(QByteArray, text);
        QString error;
        const Value v = PyJson::loads(text, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(PyJson::dumps(v), text);
        QCOMPARE(PyJson::loads(PyJson::dumps(v, compactSorted()), &error), v);
    }

    void malformed_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("message");
        QTest::newRow("open array") << QByteArray("[1,") << "Expecting value: line 1 column 4 (char 3)";
        QTest::newRow("no colon") << QByteArray(R"({"a" 1})")
                                  << "Expecting ':' delimiter: line 1 column 6 (char 5)";
        QTest::newRow("int key")
            << QByteArray("{1:2}")
            << "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)";
        QTest::newRow("unterminated")
            << QByteArray("\"abc") << "Unterminated string starting at: line 1 column 1 (char 0)";
        QTest::newRow("control") << QByteArray("\"a\x01\"")
                                 << "Invalid control character at: line 1 column 3 (char 2)";
        QTest::newRow("tab") << QByteArray("\"\t\"")
                             << "Invalid control character at: line 1 column 2 (char 1)";
        QTest::newRow("bad escape") << QByteArray(R"("\x")") << "Invalid \\escape: line 1 column 2 (char 1)";
        QTest::newRow("short \\u") << QByteArray(R"("\u12")")
                                   << "Invalid \\uXXXX escape: line 1 column 3 (char 2)";
        QTest::newRow("\\u at end") << QByteArray("\"\\u1234")
                                    << "Invalid \\uXXXX escape: line 1 column 3 (char 2)";
        QTest::newRow("bad hex") << QByteArray(R"("\u00zz")")
                                 << "Invalid \\uXXXX escape: line 1 column 3 (char 2)";
        QTest::newRow("pair then short")
            << QByteArray(R"("\ud83d\u12")") << "Invalid \\uXXXX escape: line 1 column 9 (char 8)";
        QTest::newRow("pair then bad")
            << QByteArray(R"("\ud83d\x")") << "Invalid \\escape: line 1 column 8 (char 7)";
        QTest::newRow("backslash at end")
            << QByteArray("\"abc\\") << "Unterminated string starting at: line 1 column 1 (char 0)";
        QTest::newRow("extra") << QByteArray("[1] x") << "Extra data: line 1 column 5 (char 4)";
        QTest::newRow("empty") << QByteArray("") << "Expecting value: line 1 column 1 (char 0)";
        QTest::newRow("space") << QByteArray(" ") << "Expecting value: line 1 column 2 (char 1)";
        QTest::newRow("nul") << QByteArray("nul") << "Expecting value: line 1 column 1 (char 0)";
        QTest::newRow("trailing comma") << QByteArray("[1,]") << "Expecting value: line 1 column 4 (char 3)";
        QTest::newRow("trailing comma obj")
            << QByteArray(R"({"a":1,})")
            << "Expecting property name enclosed in double quotes: line 1 column 8 (char 7)";
        QTest::newRow("bom") << QByteArray("\xef\xbb\xbf"
                                           "1")
                             << "Unexpected UTF-8 BOM (decode using utf-8-sig): line 1 column 1 (char 0)";
        QTest::newRow("minus") << QByteArray("-") << "Expecting value: line 1 column 1 (char 0)";
        QTest::newRow("leading zero") << QByteArray("01") << "Extra data: line 1 column 2 (char 1)";
        QTest::newRow("dot") << QByteArray("1.") << "Extra data: line 1 column 2 (char 1)";
        QTest::newRow(".5") << QByteArray(".5") << "Expecting value: line 1 column 1 (char 0)";
        QTest::newRow("1e") << QByteArray("1e") << "Extra data: line 1 column 2 (char 1)";
        QTest::newRow("1.5e+") << QByteArray("1.5e+") << "Extra data: line 1 column 4 (char 3)";
        QTest::newRow("open object")
            << QByteArray("{")
            << "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)";
        QTest::newRow("no comma obj")
            << QByteArray(R"({"a":1)") << "Expecting ',' delimiter: line 1 column 7 (char 6)";
        QTest::newRow("no comma arr")
            << QByteArray("[1 2]") << "Expecting ',' delimiter: line 1 column 4 (char 3)";
        QTest::newRow("key only") << QByteArray(R"({"a")")
                                  << "Expecting ':' delimiter: line 1 column 5 (char 4)";
        QTest::newRow("-I") << QByteArray("-I") << "Expecting value: line 1 column 1 (char 0)";
        QTest::newRow("-Infinityx") << QByteArray("-Infinityx") << "Extra data: line 1 column 10 (char 9)";
        QTest::newRow("Infinit") << QByteArray("Infinit") << "Expecting value: line 1 column 1 (char 0)";
        QTest::newRow("lines") << QByteArray("[1,\n 2,\n x]") << "Expecting value: line 3 column 2 (char 9)";
        // Positions count characters, not bytes, as in Python.
        QTest::newRow("chars not bytes") << QByteArray("[\"\xc3\xa9\xf0\x9f\x98\x80\" x]")
                                         << "Expecting ',' delimiter: line 1 column 7 (char 6)";
        QTest::newRow("bad utf-8")
            << QByteArray("\"\xff\"")
            << "'utf-8' codec can't decode byte 0xff in position 1: invalid start byte";
        QTest::newRow("utf-8 surrogate")
            << QByteArray("\"\xed\xa0\x80\"")
            << "'utf-8' codec can't decode byte 0xed in position 1: invalid continuation byte";
        QTest::newRow("overlong") << QByteArray("\"\xc0\xaf\"")
                                  << "'utf-8' codec can't decode byte 0xc0 in position 1: invalid start byte";
        QTest::newRow("truncated utf-8")
            << QByteArray("\"\xe2\x82")
            << "'utf-8' codec can't decode bytes in position 1-2: unexpected end of data";
        QTest::newRow("bad continuation")
            << QByteArray("\"\xe2\x82x\"")
            << "'utf-8' codec can't decode bytes in position 1-2: invalid continuation byte";
    }
    void malformed()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, message);
        QString error = "stale";
        const Value v = PyJson::loads(text, &error);
        QVERIFY(v.isNone());
        QCOMPARE(error, message);
    }

    void depthLimit()
    {
        QString error;
        const int ok = PyJson::kMaxDepth;
        QByteArray deep = QByteArray(ok, '[') + QByteArray(ok, ']');
        const Value v = PyJson::loads(deep, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(PyJson::dumps(v, compactSorted()), deep);
        const QByteArray tooDeep = QByteArray(100000, '[') + QByteArray(100000, ']');
        QVERIFY(PyJson::loads(tooDeep, &error).isNone());
        QVERIFY(error.startsWith("maximum recursion depth exceeded"));
        QVERIFY(PyJson::loads(QByteArray(100000, '{'), &error).isNone()); // must not crash either
        QVERIFY(!error.isEmpty());
    }

    void typesOutsideJson()
    {
        QString error;
        QCOMPARE(PyJson::dumps(Value::tuple({1, "a"})), QByteArray(R"([1, "a"])"));
        QCOMPARE(PyJson::dumps(Value(Value::Markup{"<b>"})), QByteArray(R"("<b>")"));
        QCOMPARE(PyJson::dumps(Value(QByteArray("x")), PyJson::Options{}, &error), QByteArray());
        QCOMPARE(error, QStringLiteral("Object of type bytes is not JSON serializable"));
        const QUuid u = QUuid::fromString(QStringLiteral("12345678-1234-5678-1234-567812345678"));
        QCOMPARE(PyJson::dumps(Value(u), PyJson::Options{}, &error), QByteArray());
        QCOMPARE(error, QStringLiteral("Object of type UUID is not JSON serializable"));
        PyJson::Options flask;
        flask.flaskDefault = true;
        QCOMPARE(PyJson::dumps(Value(u), flask, &error),
                 QByteArray(R"("12345678-1234-5678-1234-567812345678")"));
        QVERIFY(error.isEmpty());
        const QDateTime dt(QDate(2024, 2, 29), QTime(12, 30, 45, 123), Qt::UTC);
        QCOMPARE(PyJson::dumps(Value(dt), flask), QByteArray(R"("Thu, 29 Feb 2024 12:30:45 GMT")"));
    }

    // Checked against Flask 2.2.2: app.test_request_context(); jsonify(...).get_data().
    void jsonifyBody()
    {
        const Value v = Value::dict(
            {{"b", 1},
             {"a", Value::list({1.0, QString::fromUtf8("\xc3\xa9\xf0\x9f\x98\x80<>/")})},
             {"u", Value(QUuid::fromString(QStringLiteral("00000000-0000-0000-0000-000000000005")))},
             {"d", Value(QDateTime(QDate(2024, 2, 29), QTime(12, 30, 45, 123), Qt::UTC))},
             {"m", Value(Value::Markup{"<b>"})}});
        QCOMPARE(PyJson::jsonifyBody(v),
                 QByteArray(R"({"a":[1.0,"\u00e9\ud83d\ude00<>/"],"b":1,"d":"Thu, 29 Feb 2024 12:30:45 GMT",)"
                            R"("m":"<b>","u":"00000000-0000-0000-0000-000000000005"})"
                            "\n"));
        QCOMPARE(PyJson::jsonifyBody(Value::list({1, 2})), QByteArray("[1,2]\n"));
        QCOMPARE(PyJson::jsonifyBody(Value()), QByteArray("null\n"));
        QString error;
        QCOMPARE(PyJson::jsonifyBody(Value(QByteArray("x")), &error), QByteArray());
        QCOMPARE(error, QStringLiteral("Object of type bytes is not JSON serializable"));
    }
};

QTEST_APPLESS_MAIN(TstPyJson)
#include "tst_pyjson.moc"
