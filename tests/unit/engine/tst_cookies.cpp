// Set-Cookie as werkzeug.http.dump_cookie writes it and Cookie as parse_cookie reads it; the
// expected strings were produced by Werkzeug 2.2.2.
#include "core/framework/Cookies.h"
#include "core/framework/Response.h"

#include <QTimeZone>
#include <QtTest>

#include <stdexcept>

using namespace rs;

class CookiesTest : public QObject {
    Q_OBJECT

private slots:
    void attributeOrderIsWerkzeugs()
    {
        CookieOptions o;
        o.expires = QDateTime(QDate(2026, 11, 21), QTime(9, 12, 0), Qt::UTC);
        o.domain = "example.com";
        o.secure = true;
        o.httpOnly = true;
        o.path = "/app";
        o.sameSite = "lax";
        QCOMPARE(cookies::dump("sid", "abc", o),
                 QByteArray(
                     "sid=abc; Domain=example.com; Expires=Sat, 21 Nov 2026 09:12:00 GMT; Secure; HttpOnly; "
                     "Path=/app; SameSite=Lax"));
    }

    void deleteCookie()
    {
        Response r;
        r.deleteCookie("session", "/", {}, false, true);
        QCOMPARE(r.headers().value("Set-Cookie"),
                 QByteArray("session=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; HttpOnly; Path=/"));
    }

    void illegalCharactersAreQuoted()
    {
        CookieOptions o;
        QCOMPARE(cookies::dump("k", "a b;c\"d\\e,f", o),
                 QByteArray("k=\"a b\\073c\\\"d\\\\e\\054f\"; Path=/"));
        o.path = {};
        QCOMPARE(cookies::dump("k", "v", o), QByteArray("k=v"));
    }

    void badSameSiteAndLocalDomainAreErrors()
    {
        CookieOptions o;
        o.sameSite = "bogus";
        try {
            cookies::dump("k", "v", o);
            QFAIL("SameSite=bogus must be refused");
        } catch (const std::invalid_argument &e) {
            QCOMPARE(QString::fromUtf8(e.what()),
                     QStringLiteral("SameSite must be 'Strict', 'Lax', or 'None'."));
        }
        CookieOptions local;
        local.domain = "localhost";
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, cookies::dump("k", "v", local));
    }

    void sizeWarningKeepsTheCookie()
    {
        CookieOptions o;
        o.path = "/";
        o.httpOnly = true;
        QString warning;
        const QByteArray big(5250, 'a');
        const QByteArray header = cookies::dump("session", big, o, &warning);
        QCOMPARE(header.size(), 5250 + 26);
        QCOMPARE(warning,
                 QStringLiteral("The 'session' cookie is too large: the value was 5250 bytes but the header "
                                "required 26 extra bytes. The final size was 5276 bytes but the limit is "
                                "4093 bytes. Browsers may silently ignore cookies larger than this."));
    }

    void parseLikeWerkzeug()
    {
        const auto pairs = cookies::parse("a=1; b=\"x\\073y\"; c=; =bad; d=\"q\\\"uote\"; a=2");
        const std::vector<std::pair<QString, QString>> expected = {
            {"a", "1"}, {"b", "x;y"}, {"c", ""}, {"d", "q\"uote"}, {"a", "2"}};
        QCOMPARE(pairs, expected);
    }

    void varyIsAddedOnce()
    {
        Response r;
        r.addVary("Cookie");
        r.addVary("cookie");
        r.addVary("Accept");
        QCOMPARE(r.headers().value("Vary"), QByteArray("Cookie, Accept"));
    }
};

QTEST_GUILESS_MAIN(CookiesTest)
#include "tst_cookies.moc"
