// The demo app's session routes over real sockets, with a cookie jar as a browser keeps one:
// login → home → logout, the cart's nested-mutation gotcha and its fix, flash across a redirect,
// permanent on/off, and 8 concurrent clients whose sessions must hold exactly their own writes.
#include "app/demo/DemoApp.h"
#include "core/http/HttpServer.h"
#include "core/session/codec/CookieSessionCodec.h"
#include "core/session/codec/Signer.h"
#include "tests/support/CookieJar.h"
#include "tests/support/EventRecorder.h"
#include "tests/support/TestHttpClient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QtTest>

#include <atomic>
#include <thread>

using namespace rs;
using test::CookieJar;
using test::SetCookie;

namespace {
const QString kSecret = QStringLiteral("demo-sessions-secret");
constexpr qint64 kLifetime = 2678400;

codec::LoadResult open(const QByteArray &cookie)
{
    return codec::CookieSessionCodec::decode(cookie, codec::Signer::keysFromStrings({kSecret}),
                                             QDateTime::currentSecsSinceEpoch());
}

// A browser: one connection, one cookie jar.
class Browser {
public:
    explicit Browser(quint16 port) : client_(port) {}
    test::TestResponse get(const QByteArray &path)
    {
        test::TestResponse r = client_.get(path, jar_.headers());
        jar_.update(r);
        return r;
    }
    CookieJar &jar() { return jar_; }

private:
    test::TestHttpClient client_;
    CookieJar jar_;
};

QJsonArray jsonArray(const test::TestResponse &r)
{
    return QJsonDocument::fromJson(r.body).array();
}
} // namespace

class DemoSessionsTest : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<demo::DemoApp> demo_;
    std::unique_ptr<http::HttpServer> server_;

private slots:
    void initTestCase()
    {
        demo_ = std::make_unique<demo::DemoApp>();
        demo_->app().config().set(QStringLiteral("SECRET_KEY"), kSecret);
        http::ServerConfig config;
        config.port = 0;
        server_ = std::make_unique<http::HttpServer>(config, demo_->app().httpHandler());
        QString error;
        QVERIFY2(server_->start(&error), qPrintable(error));
    }
    void cleanupTestCase() { server_->stop(); }

    void loginHomeLogout()
    {
        Browser b(server_->port());
        auto r = b.get("/home");
        QCOMPARE(r.status, 200);
        QVERIFY2(r.body.startsWith("hello anonymous"), r.body.constData());
        QVERIFY(!r.headers.contains("Set-Cookie"));

        r = b.get("/login");
        QCOMPARE(r.status, 200);
        QVERIFY2(r.body.contains("session['user'] = 'alex'"), r.body.constData());
        const SetCookie c = SetCookie::parse(r.header("Set-Cookie"));
        QCOMPARE(c.name, QByteArray("session"));
        QCOMPARE(open(c.value).json, QByteArray(R"({"user":"alex"})"));
        QCOMPARE(r.header("Set-Cookie"), "session=" + c.value + "; HttpOnly; Path=/; SameSite=Lax");
        QCOMPARE(r.header("Vary"), QByteArray("Cookie"));

        r = b.get("/home");
        QCOMPARE(r.body, QByteArray("hello alex\n"));
        QVERIFY(!r.headers.contains("Set-Cookie")); // read only, not permanent

        r = b.get("/logout");
        QCOMPARE(r.header("Set-Cookie"), QByteArray("session=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; "
                                                    "Max-Age=0; HttpOnly; Path=/; SameSite=Lax"));
        QVERIFY(r.body.contains("deletes the cookie"));
        QVERIFY(!b.jar().contains("session"));
        QVERIFY(b.get("/home").body.startsWith("hello anonymous"));
    }

    // session["cart"].append(x) is not noticed; session.modified = True saves it.
    void cartGotchaAndFix()
    {
        Browser b(server_->port());
        auto r = b.get("/cart/add/apple");
        QCOMPARE(r.status, 200);
        QVERIFY2(r.body.contains("created the cart") && r.body.contains("is saved"), r.body.constData());
        QVERIFY(r.headers.contains("Set-Cookie")); // the cart was created: a write
        QCOMPARE(jsonArray(b.get("/cart")), QJsonArray({"apple"}));

        r = b.get("/cart/add/pear");
        QVERIFY2(r.body.contains("['apple', 'pear']"), r.body.constData()); // in this request
        QVERIFY2(r.body.contains("session.modified is False") && r.body.contains("LOST"), r.body.constData());
        QVERIFY(!r.headers.contains("Set-Cookie"));
        QCOMPARE(r.header("Vary"), QByteArray("Cookie"));
        QCOMPARE(jsonArray(b.get("/cart")), QJsonArray({"apple"})); // pear is lost

        r = b.get("/cart/add-fixed/pear");
        QVERIFY2(r.body.contains("session.modified = True") && r.body.contains("is saved"),
                 r.body.constData());
        QVERIFY(r.headers.contains("Set-Cookie"));
        const auto cart = b.get("/cart");
        QCOMPARE(cart.header("Content-Type"), QByteArray("application/json"));
        QCOMPARE(jsonArray(cart), QJsonArray({"apple", "pear"}));
        QCOMPARE(open(b.jar().value("session")).json, QByteArray(R"({"cart":["apple","pear"]})"));
    }

    // A permanent session is re-signed on every request, so even the in-place change is saved.
    void cartGotchaDoesNotBitePermanentSessions()
    {
        Browser b(server_->port());
        b.get("/permanent/on");
        b.get("/cart/add/apple");
        const auto r = b.get("/cart/add/pear");
        QVERIFY2(r.body.contains("permanent"), r.body.constData());
        QVERIFY(r.headers.contains("Set-Cookie"));
        QCOMPARE(jsonArray(b.get("/cart")), QJsonArray({"apple", "pear"}));
    }

    void flashAcrossARedirect()
    {
        test::EventRecorder recorder;
        Browser b(server_->port());
        auto r = b.get("/flash/login");
        QCOMPARE(r.status, 302);
        QCOMPARE(r.header("Location"), QByteArray("/flash/logout"));
        QCOMPARE(open(b.jar().value("session")).json,
                 QByteArray(R"({"_flashes":[{" t":["x1","\u767b\u5f55\u6210\u529f1"]},)"
                            R"({" t":["x2","\u767b\u5f55\u6210\u529f2"]}]})"));

        r = b.get("/flash/logout");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.header("Content-Type"), QByteArray("application/json"));
        QCOMPARE(jsonArray(r), QJsonArray({QStringLiteral("登录成功1")}));
        QCOMPARE(r.body, QByteArray(R"(["\u767b\u5f55\u6210\u529f1"])"
                                    "\n")); // Flask's bytes
        // Reading popped both messages; the session is empty, so the cookie is deleted.
        QCOMPARE(r.header("Set-Cookie"), QByteArray("session=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; "
                                                    "Max-Age=0; HttpOnly; Path=/; SameSite=Lax"));
        QCOMPARE(jsonArray(b.get("/flash/logout")), QJsonArray());

        QStringList flashes;
        for (const trace::Event &e : recorder.events())
            if (e.kind == trace::EventKind::FlashAdd || e.kind == trace::EventKind::FlashConsume)
                flashes << QString::fromUtf8(trace::kindName(e.kind).data()) + ' ' +
                               e.field("category").toString() + ' ' + e.field("message").toString();
        QCOMPARE(flashes, QStringList({"flash.add x1 登录成功1", "flash.add x2 登录成功2",
                                       "flash.consume x1 登录成功1", "flash.consume x2 登录成功2"}));
    }

    void permanentOnAndOff()
    {
        Browser b(server_->port());
        b.get("/login");
        auto r = b.get("/permanent/on");
        QVERIFY2(r.body.contains("Expires"), r.body.constData());
        SetCookie c = SetCookie::parse(r.header("Set-Cookie"));
        QCOMPARE(open(c.value).json, QByteArray(R"({"_permanent":true,"user":"alex"})"));
        std::optional<QDateTime> expires = c.expires();
        QVERIFY2(expires, r.header("Set-Cookie").constData());
        QVERIFY(qAbs(expires->toSecsSinceEpoch() - (QDateTime::currentSecsSinceEpoch() + kLifetime)) <= 2);

        // Refreshed on a request that only reads.
        r = b.get("/home");
        QCOMPARE(r.body, QByteArray("hello alex\n"));
        c = SetCookie::parse(r.header("Set-Cookie"));
        QVERIFY(c.expires());

        r = b.get("/permanent/off");
        c = SetCookie::parse(r.header("Set-Cookie"));
        QCOMPARE(open(c.value).json, QByteArray(R"({"_permanent":false,"user":"alex"})"));
        QVERIFY(!c.attribute("Expires"));
        QCOMPARE(r.header("Set-Cookie"), "session=" + c.value + "; HttpOnly; Path=/; SameSite=Lax");
        r = b.get("/home");
        QCOMPARE(r.body, QByteArray("hello alex\n"));
        QVERIFY(!r.headers.contains("Set-Cookie"));
    }

    // 8 clients × 1000 requests at once, each with its own session: clear, add 8 items unique to
    // the client, read the cart back — it must hold exactly those items, in order.
    void concurrentClientsKeepTheirOwnSessions()
    {
        constexpr int kClients = 8;
        constexpr int kRequests = 1000;
        std::atomic<int> failures{0};
        std::atomic<int> checkedCarts{0};
        std::vector<QString> firstFailure(kClients);
        std::vector<std::thread> threads;
        for (int i = 0; i < kClients; ++i) {
            threads.emplace_back([&, i] {
                Browser b(server_->port());
                QJsonArray expected;
                for (int k = 0; k < kRequests && failures.load() == 0; ++k) {
                    const auto fail = [&](const QString &why) {
                        if (failures.fetch_add(1) == 0)
                            firstFailure[i] =
                                QStringLiteral("client %1, request %2: %3").arg(i).arg(k).arg(why);
                    };
                    if (k % 10 == 0) {
                        const auto r = b.get("/logout");
                        expected = QJsonArray();
                        if (r.status != 200 || b.jar().contains("session"))
                            fail(QStringLiteral("logout did not delete the cookie"));
                    } else if (k % 10 == 9) {
                        const auto r = b.get("/cart");
                        if (r.status != 200 || jsonArray(r) != expected)
                            fail(QStringLiteral("cart %1, expected %2")
                                     .arg(QString::fromUtf8(r.body),
                                          QString::fromUtf8(
                                              QJsonDocument(expected).toJson(QJsonDocument::Compact))));
                        checkedCarts.fetch_add(1);
                    } else {
                        const QString item = QStringLiteral("c%1-%2").arg(i).arg(k);
                        const auto r = b.get("/cart/add-fixed/" + item.toLatin1());
                        expected.append(item);
                        if (r.status != 200 || !r.headers.contains("Set-Cookie"))
                            fail(QStringLiteral("add-fixed answered %1 without Set-Cookie").arg(r.status));
                    }
                }
            });
        }
        for (auto &t : threads)
            t.join();
        QString first;
        for (const QString &f : firstFailure)
            if (!f.isEmpty())
                first = f;
        QVERIFY2(failures.load() == 0, qPrintable(first));
        QCOMPARE(checkedCarts.load(), kClients * kRequests / 10);
    }
};

QTEST_GUILESS_MAIN(DemoSessionsTest)
#include "tst_demo_sessions.moc"
