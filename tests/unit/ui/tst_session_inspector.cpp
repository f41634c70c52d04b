// The Session inspector, offscreen, on cookies made by the engine's own codec: the layers and the
// verdict for a valid, a tampered, an expired, a compressed and a malformed cookie; a flask-session
// sid; header lines; Re-sign and Mis-sign checked by the codec; Python's message for bad JSON;
// and the cookie handed on by Send.
#include "core/session/ServerSideSessionInterface.h"
#include "core/session/codec/CookieSessionCodec.h"
#include "core/session/codec/FlaskSessionSigner.h"
#include "core/value/TaggedJson.h"
#include "ui/session/PastedCookie.h"
#include "ui/session/SessionInspector.h"

#include <QComboBox>
#include <QDateTime>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTreeWidget>
#include <QtTest>

using namespace rs;
using namespace rs::codec;
using rs::ui::SessionInspector;

namespace {
const QList<QByteArray> kKey = {QByteArrayLiteral("k")};

qint64 now()
{
    return QDateTime::currentSecsSinceEpoch();
}

QByteArray signedCookie(const Value &session, qint64 at = now())
{
    return CookieSessionCodec::sign(session, at, kKey);
}

// The Result and Details cells of one layer row.
QStringList layer(SessionInspector &inspector, const QString &name)
{
    auto *tree = inspector.findChild<QTreeWidget *>(QStringLiteral("layers"));
    for (int i = 0; i < tree->topLevelItemCount(); ++i) {
        const QTreeWidgetItem *item = tree->topLevelItem(i);
        if (item->text(0) == name)
            return {item->text(1), item->text(2)};
    }
    return {};
}

QStringList layerNames(SessionInspector &inspector)
{
    auto *tree = inspector.findChild<QTreeWidget *>(QStringLiteral("layers"));
    QStringList names;
    for (int i = 0; i < tree->topLevelItemCount(); ++i)
        names.append(tree->topLevelItem(i)->text(0));
    return names;
}

template <class T> T *child(QWidget &w, const char *name)
{
    T *c = w.findChild<T *>(QString::fromLatin1(name));
    if (!c)
        qFatal("no child %s", name);
    return c;
}
} // namespace

class TstSessionInspector : public QObject {
    Q_OBJECT

private slots:
    void validCookieShowsLayersAndPayload()
    {
        SessionInspector inspector;
        inspector.setSecret(QStringLiteral("k"));
        const QByteArray cookie = signedCookie(Value::dict({{"user", "alex"}}), now() - 30);
        inspector.setCookieText(QString::fromLatin1(cookie));

        QVERIFY2(inspector.verdict().startsWith(QStringLiteral("accepted")), qPrintable(inspector.verdict()));
        QCOMPARE(layerNames(inspector), (QStringList{QStringLiteral("Payload JSON"), QStringLiteral("zlib"),
                                                     QStringLiteral("base64"), QStringLiteral("Timestamp"),
                                                     QStringLiteral("Signature")}));
        QCOMPARE(
            layer(inspector, QStringLiteral("Signature")),
            (QStringList{QStringLiteral("valid"), QStringLiteral("valid with the engine's SECRET_KEY")}));
        QCOMPARE(layer(inspector, QStringLiteral("Payload JSON")).value(0), QStringLiteral("a JSON object"));
        QVERIFY(layer(inspector, QStringLiteral("Payload JSON"))
                    .value(1)
                    .contains(QStringLiteral("{'user': 'alex'}")));
        QCOMPARE(layer(inspector, QStringLiteral("zlib")).value(0), QStringLiteral("not compressed"));
        QCOMPARE(layer(inspector, QStringLiteral("base64")).value(1),
                 QStringLiteral("20 characters → 15 bytes"));
        const QStringList ts = layer(inspector, QStringLiteral("Timestamp"));
        QCOMPARE(ts.value(0), QStringLiteral("fresh"));
        QVERIFY2(ts.value(1).contains(QStringLiteral(" UTC, age 3")), qPrintable(ts.value(1))); // 30 or 31 s
        QVERIFY(ts.value(1).contains(QStringLiteral("max-age 2678400 s")));
        QCOMPARE(child<QPlainTextEdit>(inspector, "payloadEdit")->toPlainText(),
                 QStringLiteral("{\n  \"user\": \"alex\"\n}"));
        QVERIFY(child<QLabel>(inspector, "pythonView")->text().contains(QStringLiteral("{'user': 'alex'}")));
        // The engine's key is used, never shown.
        QVERIFY(!child<QComboBox>(inspector, "signKey")->currentText().contains(QLatin1String("'k'")));
    }

    void tamperedSignatureIsBadSignature()
    {
        SessionInspector inspector;
        inspector.setSecret(QStringLiteral("k"));
        QByteArray cookie = signedCookie(Value::dict({{"user", "alex"}}));
        const qsizetype at = cookie.lastIndexOf('.') + 5;
        cookie[at] = cookie[at] == 'Q' ? 'R' : 'Q';
        inspector.setCookieText(QString::fromLatin1(cookie));

        QVERIFY2(inspector.verdict().startsWith(QStringLiteral("rejected — bad signature: signature '")),
                 qPrintable(inspector.verdict()));
        QCOMPARE(layer(inspector, QStringLiteral("Signature")).value(0), QStringLiteral("bad signature"));
        QVERIFY(layer(inspector, QStringLiteral("Signature"))
                    .value(1)
                    .contains(QStringLiteral("does not match the key given")));
        // The payload can still be looked at.
        QVERIFY(layer(inspector, QStringLiteral("Payload JSON")).value(1).contains(QStringLiteral("'alex'")));

        // Another key that did sign it makes it valid again: key rotation.
        inspector.setCookieText(
            QString::fromLatin1(CookieSessionCodec::sign(Value::dict({}), now(), {"old"})));
        QVERIFY(inspector.verdict().contains(QStringLiteral("bad signature")));
        child<QPlainTextEdit>(inspector, "extraKeys")->setPlainText(QStringLiteral("old"));
        QVERIFY2(inspector.verdict().startsWith(QStringLiteral("accepted")), qPrintable(inspector.verdict()));
        QCOMPARE(layer(inspector, QStringLiteral("Signature")).value(1), QStringLiteral("valid with 'old'"));
    }

    void expiredTimestamp()
    {
        SessionInspector inspector;
        inspector.setSecret(QStringLiteral("k"));
        inspector.setMaxAgeSeconds(3600);
        inspector.setCookieText(
            QString::fromLatin1(signedCookie(Value::dict({{"user", "alex"}}), now() - 7200)));
        QVERIFY2(inspector.verdict().startsWith(QStringLiteral("rejected — expired: signature age 720")),
                 qPrintable(inspector.verdict()));
        QVERIFY(inspector.verdict().contains(QStringLiteral("> 3600 seconds")));
        QCOMPARE(layer(inspector, QStringLiteral("Timestamp")).value(0), QStringLiteral("expired"));
        QCOMPARE(layer(inspector, QStringLiteral("Signature")).value(0), QStringLiteral("valid"));
        // PERMANENT_SESSION_LIFETIME longer: the same cookie is fine.
        inspector.setMaxAgeSeconds(86400);
        QVERIFY(inspector.verdict().startsWith(QStringLiteral("accepted")));
    }

    void compressedCookie()
    {
        SessionInspector inspector;
        inspector.setSecret(QStringLiteral("k"));
        Value session = Value::dict({{"cart", Value::list({})}, {"pair", Value::tuple({1, 2})}});
        for (int i = 0; i < 15; ++i)
            session.find(QStringLiteral("cart"))->append(QStringLiteral("item-%1").arg(i));
        session.set(QStringLiteral("raw"), QByteArray("\x00\xff", 2));
        const QByteArray cookie = signedCookie(session);
        QVERIFY(cookie.startsWith('.'));
        inspector.setCookieText(QString::fromLatin1(cookie));
        QVERIFY(inspector.verdict().startsWith(QStringLiteral("accepted")));
        const QStringList zlib = layer(inspector, QStringLiteral("zlib"));
        QCOMPARE(zlib.value(0), QStringLiteral("compressed"));
        QVERIFY2(zlib.value(1).contains(
                     QStringLiteral("inflate to %1 bytes").arg(TaggedJson::dumps(session).size())),
                 qPrintable(zlib.value(1)));
        // Tags shown readably, as Python sees them.
        const QString python = child<QLabel>(inspector, "pythonView")->text();
        QVERIFY2(python.contains(QStringLiteral("'pair': (1, 2)")), qPrintable(python));
        QVERIFY2(python.contains(QStringLiteral("'raw': b'\\x00\\xff'")), qPrintable(python));
        // The editor keeps the tags, so that a re-signed cookie keeps the types.
        QVERIFY(child<QPlainTextEdit>(inspector, "payloadEdit")
                    ->toPlainText()
                    .contains(QStringLiteral("\" t\"")));
    }

    void malformedCookies()
    {
        SessionInspector inspector;
        inspector.setSecret(QStringLiteral("k"));
        inspector.setCookieText(QStringLiteral("nodots-at-all!"));
        QCOMPARE(inspector.verdict(),
                 QStringLiteral("rejected — malformed: no '.' separator found in the value"));
        QCOMPARE(layer(inspector, QStringLiteral("Signature")).value(0), QStringLiteral("missing"));
        inspector.setCookieText(QStringLiteral("eyJ1c2VyIjoiYWxleCJ9.AAAAAAAAAAAAAAAA.sig"));
        QCOMPARE(layer(inspector, QStringLiteral("Timestamp")).value(0), QStringLiteral("malformed"));
        QVERIFY(inspector.verdict().startsWith(QStringLiteral("rejected — bad signature")));
    }

    void headerLinesAndNames()
    {
        const QByteArray cookie = signedCookie(Value::dict({{"user", "alex"}}));
        SessionInspector inspector;
        inspector.setSecret(QStringLiteral("k"));
        inspector.setCookieText(
            QStringLiteral("Cookie: theme=dark; session=%1; other=1").arg(QString::fromLatin1(cookie)));
        QCOMPARE(inspector.cookieValue(), QString::fromLatin1(cookie));
        QVERIFY(inspector.verdict().startsWith(QStringLiteral("accepted")));
        inspector.setCookieText(
            QStringLiteral("Set-Cookie: session=%1; Expires=Wed, 21 Oct 2015 07:28:00 GMT; HttpOnly; Path=/")
                .arg(QString::fromLatin1(cookie)));
        QCOMPARE(inspector.cookieValue(), QString::fromLatin1(cookie));
        inspector.setCookieText(QStringLiteral("Cookie: theme=dark; lang=en"));
        QCOMPARE(inspector.verdict(), QStringLiteral("no cookie named 'session' in the pasted text"));
        inspector.setCookieText(QStringLiteral("sess=\"%1\"").arg(QString::fromLatin1(cookie)));
        QCOMPARE(inspector.cookieName(), QStringLiteral("sess"));
        QCOMPARE(inspector.cookieValue(), QString::fromLatin1(cookie));

        QCOMPARE(
            ui::PastedCookie::parse(QStringLiteral("  abc.de\nf.ghi \n"), QStringLiteral("session")).value,
            QStringLiteral("abc.def.ghi"));
    }

    void resignMakesACookieTheCodecAccepts()
    {
        SessionInspector inspector;
        inspector.setSecret(QStringLiteral("k"));
        inspector.setCookieText(
            QString::fromLatin1(signedCookie(Value::dict({{"user", "alex"}}), now() - 100)));
        child<QPlainTextEdit>(inspector, "payloadEdit")
            ->setPlainText(QStringLiteral(R"({"user": "mallory", "admin": true, "pair": {" t": [1, "x"]}})"));
        QVERIFY(child<QLabel>(inspector, "pythonView")->text().contains(QStringLiteral("edited")));
        auto *resign = child<QPushButton>(inspector, "resign");
        QVERIFY(resign->isEnabled());
        QTest::mouseClick(resign, Qt::LeftButton);

        const QByteArray cookie = inspector.cookieValue().toLatin1();
        const LoadResult r = CookieSessionCodec::decode(cookie, kKey, now());
        QVERIFY2(r.ok(), qPrintable(r.message));
        QCOMPARE(r.payload,
                 Value::dict({{"admin", true}, {"pair", Value::tuple({1, "x"})}, {"user", "mallory"}}));
        QVERIFY(now() - qint64(r.timestamp) <= 1);
        QVERIFY(inspector.verdict().startsWith(QStringLiteral("accepted")));
        QVERIFY(child<QLabel>(inspector, "action")
                    ->text()
                    .startsWith(QStringLiteral("Re-signed with the engine's SECRET_KEY")));
    }

    void misSignMakesACookieTheCodecRejects()
    {
        SessionInspector inspector;
        inspector.setSecret(QStringLiteral("k"));
        inspector.setCookieText(QString::fromLatin1(signedCookie(Value::dict({{"user", "alex"}}))));
        auto *mode = child<QComboBox>(inspector, "misSignMode");
        auto *misSign = child<QPushButton>(inspector, "misSign");

        mode->setCurrentIndex(mode->findData(int(SessionInspector::MisSign::WrongKey)));
        QTest::mouseClick(misSign, Qt::LeftButton);
        LoadResult r = CookieSessionCodec::decode(inspector.cookieValue().toLatin1(), kKey, now());
        QCOMPARE(r.failure, Failure::BadSignature);
        QVERIFY(child<QLabel>(inspector, "action")
                    ->text()
                    .contains(QStringLiteral("signed with the key 'wrong-key'")));
        QVERIFY(inspector.verdict().startsWith(QStringLiteral("rejected — bad signature")));
        // It is a real signature, only with another key.
        QVERIFY(CookieSessionCodec::decode(inspector.cookieValue().toLatin1(), {"wrong-key"}, now()).ok());

        mode->setCurrentIndex(mode->findData(int(SessionInspector::MisSign::FlipSignatureCharacter)));
        QTest::mouseClick(misSign, Qt::LeftButton);
        r = CookieSessionCodec::decode(inspector.cookieValue().toLatin1(), kKey, now());
        QCOMPARE(r.failure, Failure::BadSignature);
        QVERIFY(child<QLabel>(inspector, "action")
                    ->text()
                    .contains(QStringLiteral("first character changed from")));
        QCOMPARE(layer(inspector, QStringLiteral("Signature")).value(0), QStringLiteral("bad signature"));
        // Everything but the signature is intact.
        QCOMPARE(layer(inspector, QStringLiteral("Payload JSON")).value(0), QStringLiteral("a JSON object"));
    }

    void badJsonShowsPythonsMessage()
    {
        SessionInspector inspector;
        inspector.setSecret(QStringLiteral("k"));
        inspector.setCookieText(QString::fromLatin1(signedCookie(Value::dict({{"user", "alex"}}))));
        child<QPlainTextEdit>(inspector, "payloadEdit")->setPlainText(QStringLiteral(R"({"a": })"));
        auto *error = child<QLabel>(inspector, "jsonError");
        QVERIFY(!error->isHidden());
        QCOMPARE(error->text(),
                 QStringLiteral("Not valid JSON — Python says: Expecting value: line 1 column 7 (char 6)"));
        QVERIFY(!child<QPushButton>(inspector, "resign")->isEnabled());
        QVERIFY(!child<QPushButton>(inspector, "misSign")->isEnabled());

        child<QPlainTextEdit>(inspector, "payloadEdit")->setPlainText(QStringLiteral("[1, 2]"));
        QVERIFY(error->text().contains(QStringLiteral("must be a JSON object")));
        QVERIFY(!child<QPushButton>(inspector, "resign")->isEnabled());

        child<QPlainTextEdit>(inspector, "payloadEdit")->setPlainText(QStringLiteral(R"({"a": 1})"));
        QVERIFY(error->isHidden());
        QVERIFY(child<QPushButton>(inspector, "resign")->isEnabled());
    }

    void sendCarriesTheCookie()
    {
        SessionInspector inspector;
        QSignalSpy spy(&inspector, &SessionInspector::sendWithCookieRequested);
        auto *send = child<QPushButton>(inspector, "send");
        QVERIFY(!send->isEnabled());
        const QByteArray cookie = signedCookie(Value::dict({{"user", "alex"}}));
        inspector.setCookieText(QStringLiteral("session=%1").arg(QString::fromLatin1(cookie)));
        QVERIFY(send->isEnabled());
        QTest::mouseClick(send, Qt::LeftButton);
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.at(0).at(0).toString(), QStringLiteral("session"));
        QCOMPARE(spy.at(0).at(1).toString(), QString::fromLatin1(cookie));
        QCOMPARE(spy.at(0).at(2).toString(), QStringLiteral("/home"));

        // To the path the user typed (a missing leading slash is added).
        auto *path = child<QLineEdit>(inspector, "sendPath");
        path->clear();
        QTest::keyClicks(path, QStringLiteral("cart?x=1"));
        QTest::keyClick(path, Qt::Key_Return);
        QCOMPARE(spy.count(), 2);
        QCOMPARE(spy.at(1).at(2).toString(), QStringLiteral("/cart?x=1"));
        QCOMPARE(spy.at(1).at(1).toString(), QString::fromLatin1(cookie));
    }

    void sendReSignsAnEditFirst()
    {
        SessionInspector inspector;
        inspector.setSecret(QStringLiteral("k"));
        QSignalSpy spy(&inspector, &SessionInspector::sendWithCookieRequested);
        const QByteArray cookie = signedCookie(Value::dict({{"user", "alex"}}));
        inspector.setCookieText(QString::fromLatin1(cookie));
        child<QPlainTextEdit>(inspector, "payloadEdit")->setPlainText(QStringLiteral(R"({"user": "eve"})"));
        QTest::mouseClick(child<QPushButton>(inspector, "send"), Qt::LeftButton);
        QCOMPARE(spy.count(), 1);
        // Not the old cookie: a new one of the edited payload, valid with the key.
        const QByteArray sent = spy.at(0).at(1).toString().toLatin1();
        QVERIFY(sent != cookie);
        const LoadResult loaded = CookieSessionCodec::decode(sent, kKey, now(), 3600);
        QVERIFY2(loaded.ok(), qPrintable(loaded.message));
        QCOMPARE(loaded.payload.get(QStringLiteral("user")).toStr(), QStringLiteral("eve"));
        QCOMPARE(inspector.cookieValue(), QString::fromLatin1(sent));
        const QString action = child<QLabel>(inspector, "action")->text();
        QVERIFY2(action.contains(QStringLiteral("Re-signed")) &&
                     action.contains(QStringLiteral("Sent GET /home")),
                 qPrintable(action));

        // Sent again unchanged: the same cookie, no second re-signing.
        QTest::mouseClick(child<QPushButton>(inspector, "send"), Qt::LeftButton);
        QCOMPARE(spy.count(), 2);
        QCOMPARE(spy.at(1).at(1).toString(), QString::fromLatin1(sent));
    }

    void sendRefusesAnEditItCannotSign()
    {
        SessionInspector inspector;
        inspector.setSecret(QStringLiteral("k"));
        QSignalSpy spy(&inspector, &SessionInspector::sendWithCookieRequested);
        const QByteArray cookie = signedCookie(Value::dict({{"user", "alex"}}));
        inspector.setCookieText(QString::fromLatin1(cookie));
        auto *payload = child<QPlainTextEdit>(inspector, "payloadEdit");
        auto *action = child<QLabel>(inspector, "action");

        payload->setPlainText(QStringLiteral(R"({"user": )")); // not JSON
        QTest::mouseClick(child<QPushButton>(inspector, "send"), Qt::LeftButton);
        QCOMPARE(spy.count(), 0);
        QVERIFY2(action->text().startsWith(QStringLiteral("Not sent")), qPrintable(action->text()));
        QCOMPARE(inspector.cookieValue(), QString::fromLatin1(cookie));

        // A valid edit but no key to sign it with.
        inspector.setSecret(QString());
        payload->setPlainText(QStringLiteral(R"({"user": "eve"})"));
        QTest::mouseClick(child<QPushButton>(inspector, "send"), Qt::LeftButton);
        QCOMPARE(spy.count(), 0);
        QVERIFY2(action->text().contains(QStringLiteral("no key")), qPrintable(action->text()));
    }

    void sendKeepsAMisSignedCookie()
    {
        SessionInspector inspector;
        inspector.setSecret(QStringLiteral("k"));
        QSignalSpy spy(&inspector, &SessionInspector::sendWithCookieRequested);
        inspector.setCookieText(QString::fromLatin1(signedCookie(Value::dict({{"user", "alex"}}))));
        child<QPlainTextEdit>(inspector, "payloadEdit")->setPlainText(QStringLiteral(R"({"user": "eve"})"));
        QTest::mouseClick(child<QPushButton>(inspector, "misSign"), Qt::LeftButton);
        const QString misSigned = inspector.cookieValue();
        QTest::mouseClick(child<QPushButton>(inspector, "send"), Qt::LeftButton);
        QCOMPARE(spy.count(), 1);
        // The deliberately wrong cookie goes out as it is: its payload is the one shown.
        QCOMPARE(spy.at(0).at(1).toString(), misSigned);
        QVERIFY(!CookieSessionCodec::decode(misSigned.toLatin1(), kKey, now(), 3600).ok());
    }

    void noKeyMeansNotChecked()
    {
        SessionInspector inspector;
        inspector.setCookieText(QString::fromLatin1(signedCookie(Value::dict({{"user", "alex"}}))));
        QCOMPARE(layer(inspector, QStringLiteral("Signature")).value(0), QStringLiteral("not checked"));
        QCOMPARE(inspector.verdict(),
                 QStringLiteral(
                     "rejected — bad signature: no secret key is configured, so no signature can match"));
        QVERIFY(!child<QPushButton>(inspector, "resign")->isEnabled());
    }

    void flaskSessionSids()
    {
        SessionInspector inspector;
        inspector.setSecret(QStringLiteral("k"));
        const QString sid = ServerSideSessionInterface::generateSid();
        inspector.setCookieText(sid);
        QVERIFY2(inspector.verdict().contains(QStringLiteral("server-side session id without signature")),
                 qPrintable(inspector.verdict()));
        const QByteArray signedSid = FlaskSessionSigner(kKey).sign(sid);
        inspector.setCookieText(QString::fromLatin1(signedSid));
        QVERIFY2(inspector.verdict().startsWith(QStringLiteral("accepted: a signed flask-session id")),
                 qPrintable(inspector.verdict()));
        QCOMPARE(layer(inspector, QStringLiteral("Signature")).value(0), QStringLiteral("valid"));
        inspector.setCookieText(QString::fromLatin1(FlaskSessionSigner({"other"}).sign(sid)));
        QVERIFY(inspector.verdict().startsWith(QStringLiteral("rejected — bad signature")));
    }

    // Rendered once for a look (RS_GRAB_DIR=/tmp/x to keep the PNG).
    void grab()
    {
        SessionInspector inspector;
        inspector.resize(900, 720);
        inspector.setSecret(QStringLiteral("k"));
        QByteArray cookie =
            signedCookie(Value::dict({{"cart", Value::list({"apple", "pear"})}, {"user", "alex"}}));
        cookie[cookie.lastIndexOf('.') + 4] = cookie[cookie.lastIndexOf('.') + 4] == 'x' ? 'y' : 'x';
        inspector.setCookieText(QString::fromLatin1(cookie));
        const QPixmap pixmap = inspector.grab();
        QVERIFY(!pixmap.isNull());
        const QString dir = qEnvironmentVariable("RS_GRAB_DIR");
        if (!dir.isEmpty())
            QVERIFY(pixmap.save(dir + QStringLiteral("/session_inspector.png")));
    }
};

QTEST_MAIN(TstSessionInspector)
#include "tst_session_inspector.moc"
