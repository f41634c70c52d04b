// The client's text helpers: how a body is shown (JSON indented, text, hex dump for binary) and
// which lines a side-by-side comparison marks.
#include "ui/client/BodyFormat.h"
#include "ui/client/LineDiff.h"

#include <QtTest>

using namespace rs::ui;

class ClientTextTest : public QObject {
    Q_OBJECT

private slots:
    void bodiesAreClassified()
    {
        using BodyFormat::Kind;
        QCOMPARE(BodyFormat::classify({}, "text/plain"), Kind::Empty);
        QCOMPARE(BodyFormat::classify(R"({"a":1})", "application/json"), Kind::Json);
        QCOMPARE(BodyFormat::classify(R"(["x"])", "text/plain"), Kind::Json); // looks like JSON and parses
        QCOMPARE(BodyFormat::classify("{not json", "application/json"), Kind::Text);
        QCOMPARE(BodyFormat::classify("hello\n", "text/plain"), Kind::Text);
        QCOMPARE(BodyFormat::classify("登录成功", ""), Kind::Text);
        QCOMPARE(BodyFormat::classify(QByteArray("ab\0cd", 5), "text/plain"), Kind::Binary);
        QCOMPARE(BodyFormat::classify("\xff\xfe", ""), Kind::Binary);
        QCOMPARE(BodyFormat::classify("chunk 0\n", "application/octet-stream"), Kind::Binary);
    }

    void jsonIsIndented()
    {
        BodyFormat::Kind kind{};
        const QString shown =
            BodyFormat::render(R"({"user":"alex","cart":["x"]})", "application/json", &kind);
        QCOMPARE(kind, BodyFormat::Kind::Json);
        QVERIFY2(shown.contains(QStringLiteral("\n    \"user\": \"alex\"")), qPrintable(shown));
    }

    void binaryIsAHexDump()
    {
        QByteArray bytes;
        for (int i = 0; i < 20; ++i)
            bytes += char(i);
        const QString dump = BodyFormat::hexDump(bytes, 1024);
        const QStringList lines = dump.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 2);
        QCOMPARE(
            lines.at(0),
            QStringLiteral("00000000  00 01 02 03 04 05 06 07  08 09 0a 0b 0c 0d 0e 0f  |................|"));
        QVERIFY2(lines.at(1).startsWith(QStringLiteral("00000010  10 11 12 13 ")), qPrintable(lines.at(1)));
        QVERIFY(BodyFormat::hexDump(QByteArray(100, 'A'), 32).contains(QStringLiteral("68 more bytes")));
        QVERIFY(BodyFormat::render("Hi", "image/png").startsWith(QStringLiteral("00000000  48 69")));
    }

    void differingLinesAreMarked()
    {
        const QStringList a{"GET /home", "HTTP/1.1 200 OK", "X-Request-Id: 1", "", "hello anonymous"};
        const QStringList b{"GET /home", "HTTP/1.1 200 OK", "X-Request-Id: 2", "Vary: Cookie",
                            "",          "hello alex"};
        const LineDiff::Result r = LineDiff::compare(a, b);
        QCOMPARE(r.leftDiffers, (QList<bool>{false, false, true, false, true}));
        QCOMPARE(r.rightDiffers, (QList<bool>{false, false, true, true, false, true}));
        QCOMPARE(r.differingLines(), 5);
        QCOMPARE(LineDiff::compare(a, a).differingLines(), 0);
        QCOMPARE(LineDiff::compare({}, a).differingLines(), 5);
    }

    void longInputsAreComparedByPosition()
    {
        QStringList a, b;
        for (int i = 0; i < LineDiff::kMaxLines + 10; ++i) {
            a << QString::number(i);
            b << QString::number(i == 5 ? -1 : i);
        }
        const LineDiff::Result r = LineDiff::compare(a, b);
        QCOMPARE(r.differingLines(), 2);
        QVERIFY(r.leftDiffers.at(5) && r.rightDiffers.at(5));
    }
};

QTEST_GUILESS_MAIN(ClientTextTest)
#include "tst_client_text.moc"
