// The signed-cookie session's save decisions over a real socket: every row of reference §b.4
// (Set-Cookie and Vary exactly), the permanent refresh and SESSION_REFRESH_EACH_REQUEST=False,
// tampered and expired cookies, the attribute order of dump_cookie, the 4093-byte warning and a
// missing secret key. The app is defined here so that each view does exactly one thing.
#include "core/context/Globals.h"
#include "core/framework/App.h"
#include "core/http/HttpServer.h"
#include "core/session/Session.h"
#include "core/session/codec/CookieSessionCodec.h"
#include "core/session/codec/Signer.h"
#include "tests/support/CookieJar.h"
#include "tests/support/EventRecorder.h"
#include "tests/support/TestHttpClient.h"

#include <QtTest>

#include <memory>

using namespace rs;
using test::SetCookie;

namespace {
const QString kSecret = QStringLiteral("outcomes-secret");
constexpr qint64 kLifetime = 2678400; // 31 days
const QByteArray kDeleted = "session=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; HttpOnly; Path=/";

// Letters a pseudo-random walk picks, so that zlib cannot shrink them much.
QString noisyText(int n)
{
    QString s;
    quint32 x = 2024;
    for (int i = 0; i < n; ++i) {
        x = x * 1103515245u + 12345u;
        s += QChar(u'0' + static_cast<char16_t>((x >> 16) % 75));
    }
    return s;
}

// An app with one view per session operation, served on a free port.
class Served {
public:
    explicit Served(std::optional<QString> secret = kSecret) : app_(QStringLiteral("outcomes"))
    {
        if (secret)
            app_.config().set(QStringLiteral("SECRET_KEY"), *secret);
        auto view = [this](const char *rule, std::function<void()> body) {
            app_.route(QString::fromLatin1(rule), QString::fromLatin1(rule).mid(1).replace(u'-', u'_'),
                       [body](const Value &) -> ResponseValue {
                           body();
                           return "ok";
                       });
        };
        view("/none", [] {});
        view("/read", [] { session->get(QStringLiteral("a")); });
        view("/clear", [] { session->clear(); });
        view("/set", [] { session->set(QStringLiteral("user"), QStringLiteral("alex")); });
        view("/set-permanent", [] {
            session->setPermanent(true);
            session->set(QStringLiteral("user"), QStringLiteral("alex"));
        });
        app_.route(
            QStringLiteral("/big/<int:n>"), QStringLiteral("big"), [](const Value &args) -> ResponseValue {
                session->set(QStringLiteral("big"), noisyText(int(args.get(QStringLiteral("n")).toInt())));
                return "ok";
            });
        http::ServerConfig config;
        config.port = 0;
        config.threads = 2;
        server_ = std::make_unique<http::HttpServer>(config, app_.httpHandler());
    }
    ~Served() { server_->stop(); }

    bool start(QString *error) { return server_->start(error); }
    App &app() { return app_; }
    quint16 port() const { return server_->port(); }

private:
    App app_;
    std::unique_ptr<http::HttpServer> server_;
};

test::TestHeaders cookieHeader(const QByteArray &value)
{
    return {{"Cookie", "session=" + value}};
}

QList<QByteArray> keys()
{
    return codec::Signer::keysFromStrings({kSecret});
}

// The cookie the engine signs for `session` at `when`.
QByteArray signedAt(const Value &session, std::int64_t when)
{
    return codec::CookieSessionCodec::sign(session, when, keys());
}

codec::LoadResult open(const QByteArray &cookie)
{
    return codec::CookieSessionCodec::decode(cookie, keys(), QDateTime::currentSecsSinceEpoch());
}

QStringList outcomes(const std::vector<trace::Event> &events, trace::EventKind kind, const char *field)
{
    QStringList out;
    for (const trace::Event &e : events)
        if (e.kind == kind)
            out << e.field(field).toString();
    return out;
}
} // namespace

class CookieOutcomesTest : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<Served> served_;

    test::TestResponse get(const QByteArray &path, const test::TestHeaders &headers = {})
    {
        test::TestHttpClient c(served_->port());
        return c.get(path, headers);
    }

    // A cookie for {'user': 'alex'} made by the app itself.
    QByteArray loginCookie(const QByteArray &path = "/set")
    {
        const test::TestResponse r = get(path);
        return SetCookie::parse(r.header("Set-Cookie")).value;
    }

private slots:
    void init()
    {
        served_ = std::make_unique<Served>();
        QString error;
        QVERIFY2(served_->start(&error), qPrintable(error));
    }
    void cleanup() { served_.reset(); }

    void noCookieViewDoesNothing()
    {
        const auto r = get("/none");
        QCOMPARE(r.status, 200);
        QVERIFY(!r.headers.contains("Set-Cookie"));
        QVERIFY(!r.headers.contains("Vary"));
    }

    void noCookieViewReads()
    {
        const auto r = get("/read");
        QVERIFY(!r.headers.contains("Set-Cookie"));
        QCOMPARE(r.headers.values("Vary"), std::vector<QByteArray>{"Cookie"});
    }

    void noCookieViewClears()
    {
        const auto r = get("/clear");
        QCOMPARE(r.headers.values("Set-Cookie"), std::vector<QByteArray>{kDeleted});
        QCOMPARE(r.headers.values("Vary"), std::vector<QByteArray>{"Cookie"});
    }

    void viewSetsUser()
    {
        test::EventRecorder recorder;
        const auto r = get("/set");
        const QByteArray header = r.header("Set-Cookie");
        QCOMPARE(r.headers.count("Set-Cookie"), 1);
        const SetCookie c = SetCookie::parse(header);
        const codec::LoadResult opened = open(c.value);
        QVERIFY2(opened.ok(), qPrintable(opened.message));
        QCOMPARE(opened.json, QByteArray(R"({"user":"alex"})"));
        // Exactly the bytes Flask would send for the same second.
        QCOMPARE(header,
                 "session=" + signedAt(Value::dict({{"user", "alex"}}), std::int64_t(opened.timestamp)) +
                     "; HttpOnly; Path=/");
        QCOMPARE(r.headers.values("Vary"), std::vector<QByteArray>{"Cookie"});
        const auto events = recorder.events();
        QCOMPARE(outcomes(events, trace::EventKind::SessionSave, "decision"), QStringList{"set_cookie"});
        QCOMPARE(outcomes(events, trace::EventKind::SessionOpen, "outcome"), QStringList{"new"});
    }

    void validCookieNonPermanentViewDoesNothing()
    {
        const QByteArray cookie = loginCookie();
        const auto r = get("/none", cookieHeader(cookie));
        QCOMPARE(r.status, 200);
        QVERIFY(!r.headers.contains("Set-Cookie"));
        QVERIFY(!r.headers.contains("Vary"));
    }

    void validCookiePermanentIsRefreshed()
    {
        const QByteArray first = loginCookie("/set-permanent");
        const codec::LoadResult before = open(first);
        QVERIFY(before.ok());
        QCOMPARE(before.json, QByteArray(R"({"_permanent":true,"user":"alex"})"));
        QTest::qWait(1100); // the next whole second: a new timestamp
        const auto r = get("/none", cookieHeader(first));
        QCOMPARE(r.headers.count("Set-Cookie"), 1);
        const QByteArray header = r.header("Set-Cookie");
        const SetCookie c = SetCookie::parse(header);
        const codec::LoadResult after = open(c.value);
        QVERIFY2(after.ok(), qPrintable(after.message));
        QCOMPARE(after.json, before.json);
        QVERIFY2(after.timestamp > before.timestamp, header.constData());
        QVERIFY(c.value != first);
        // session=…; Expires=<now + 31 days>; HttpOnly; Path=/ — nothing else, in that order.
        QCOMPARE(c.attributes.size(), 3);
        QCOMPARE(c.attributes[0].first, QByteArray("Expires"));
        QCOMPARE(c.attributes[1], qMakePair(QByteArray("HttpOnly"), QByteArray()));
        QCOMPARE(c.attributes[2], qMakePair(QByteArray("Path"), QByteArray("/")));
        const std::optional<QDateTime> expires = c.expires();
        QVERIFY2(expires, header.constData());
        const qint64 expected = qint64(after.timestamp) + kLifetime;
        QVERIFY2(qAbs(expires->toSecsSinceEpoch() - expected) <= 1, header.constData());
        QCOMPARE(header, "session=" +
                             signedAt(Value::dict({{"_permanent", true}, {"user", "alex"}}),
                                      std::int64_t(after.timestamp)) +
                             "; Expires=" + *c.attribute("Expires") + "; HttpOnly; Path=/");
        QCOMPARE(r.headers.values("Vary"), std::vector<QByteArray>{"Cookie"});
    }

    void permanentWithoutRefreshEachRequest()
    {
        served_->app().config().set(QStringLiteral("SESSION_REFRESH_EACH_REQUEST"), false);
        const QByteArray cookie = loginCookie("/set-permanent");
        QVERIFY(!cookie.isEmpty()); // modified: still set once
        const auto r = get("/none", cookieHeader(cookie));
        QCOMPARE(r.status, 200);
        QVERIFY(!r.headers.contains("Set-Cookie"));
        QVERIFY(!r.headers.contains("Vary"));
    }

    void clearOnNonEmptySession()
    {
        const auto r = get("/clear", cookieHeader(loginCookie()));
        QCOMPARE(r.headers.values("Set-Cookie"), std::vector<QByteArray>{kDeleted});
        QCOMPARE(r.headers.values("Vary"), std::vector<QByteArray>{"Cookie"});
    }

    void badCookieViewOnlyReads_data()
    {
        QTest::addColumn<QByteArray>("cookie");
        QTest::addColumn<QString>("outcome");
        const std::int64_t now = QDateTime::currentSecsSinceEpoch();
        const Value alex = Value::dict({{"user", "alex"}});
        QByteArray tampered = signedAt(alex, now);
        tampered[tampered.size() - 2] = tampered[tampered.size() - 2] == 'A' ? 'B' : 'A';
        QTest::newRow("tampered") << tampered << "bad_signature";
        QTest::newRow("other secret")
            << codec::CookieSessionCodec::sign(alex, now, {QByteArray("other")}) << "bad_signature";
        QTest::newRow("expired") << signedAt(alex, now - kLifetime - 5) << "expired";
        QTest::newRow("from the future") << signedAt(alex, now + 3600) << "expired";
        QTest::newRow("no dots") << QByteArray("garbage") << "bad_signature";
    }
    void badCookieViewOnlyReads()
    {
        QFETCH(QByteArray, cookie);
        QFETCH(QString, outcome);
        test::EventRecorder recorder;
        const auto r = get("/read", cookieHeader(cookie));
        QCOMPARE(r.status, 200);
        // A new empty session; the bad cookie is not deleted.
        QVERIFY(!r.headers.contains("Set-Cookie"));
        QCOMPARE(r.headers.values("Vary"), std::vector<QByteArray>{"Cookie"});
        QCOMPARE(outcomes(recorder.events(), trace::EventKind::SessionOpen, "outcome"), QStringList{outcome});
    }

    // A valid signature over data that is not a session: Flask does not catch BadPayload → 500.
    void validSignatureBadPayloadIs500()
    {
        const QByteArray cookie = codec::CookieSessionCodec::serializer(keys()).signer().sign(
            "WzEsMl0", QDateTime::currentSecsSinceEpoch()); // base64url of "[1,2]"
        const auto r = get("/read", cookieHeader(cookie));
        QCOMPARE(r.status, 500);
        QVERIFY(!r.headers.contains("Set-Cookie"));
    }

    void attributeOrderWithEverythingConfigured()
    {
        Config &config = served_->app().config();
        config.set(QStringLiteral("SESSION_COOKIE_DOMAIN"), QStringLiteral("example.com"));
        config.set(QStringLiteral("SESSION_COOKIE_SECURE"), true);
        config.set(QStringLiteral("SESSION_COOKIE_SAMESITE"), QStringLiteral("Lax"));
        config.set(QStringLiteral("SESSION_COOKIE_PATH"), QStringLiteral("/app"));
        const auto r = get("/set-permanent");
        const QByteArray header = r.header("Set-Cookie");
        const SetCookie c = SetCookie::parse(header);
        const codec::LoadResult opened = open(c.value);
        QVERIFY2(opened.ok(), qPrintable(opened.message));
        QVERIFY(c.attribute("Expires"));
        // dump_cookie's order: Domain, Expires, Max-Age, Secure, HttpOnly, Path, SameSite.
        QCOMPARE(header, "session=" + c.value + "; Domain=example.com; Expires=" + *c.attribute("Expires") +
                             "; Secure; HttpOnly; Path=/app; SameSite=Lax");
        const auto cleared = get("/clear", cookieHeader(c.value));
        QCOMPARE(cleared.header("Set-Cookie"),
                 QByteArray("session=; Domain=example.com; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; "
                            "Secure; HttpOnly; Path=/app; SameSite=Lax"));
    }

    void badSameSiteIs500()
    {
        served_->app().config().set(QStringLiteral("SESSION_COOKIE_SAMESITE"), QStringLiteral("Sideways"));
        QCOMPARE(get("/set").status, 500);
        QCOMPARE(get("/none").status, 200); // no cookie written: no error
    }

    void oversizedCookieWarnsButIsSent()
    {
        test::EventRecorder recorder;
        const auto r = get("/big/6000");
        QCOMPARE(r.status, 200);
        const QByteArray header = r.header("Set-Cookie");
        const SetCookie c = SetCookie::parse(header);
        QVERIFY2(header.size() > 4093, QByteArray::number(header.size()).constData());
        QVERIFY(open(c.value).ok()); // still sent, whole
        const qsizetype valueSize = c.value.size();
        const QString expected =
            QStringLiteral(
                "The 'session' cookie is too large: the value was %1 bytes but the header required %2 "
                "extra bytes. The final size was %3 bytes but the limit is 4093 bytes. Browsers may "
                "silently ignore cookies larger than this.")
                .arg(valueSize)
                .arg(header.size() - valueSize)
                .arg(header.size());
        QStringList warnings;
        for (const trace::Event &e : recorder.events())
            if (e.kind == trace::EventKind::Error)
                warnings << e.field("where").toString() + " " + e.field("type").toString() + ": " +
                                e.field("message").toString();
        QCOMPARE(warnings.size(), 1);
        QCOMPARE(warnings.first(), QStringLiteral("save_session UserWarning: ") + expected);

        // Below the limit: no warning.
        recorder.clear();
        QVERIFY(get("/big/100").header("Set-Cookie").size() < 4093);
        QCOMPARE(outcomes(recorder.events(), trace::EventKind::Error, "message"), QStringList{});
    }

    void noSecretKey()
    {
        served_ = std::make_unique<Served>(std::nullopt);
        QString error;
        QVERIFY2(served_->start(&error), qPrintable(error));
        test::EventRecorder recorder;
        auto r = get("/set");
        QCOMPARE(r.status, 500);
        QVERIFY(!r.headers.contains("Set-Cookie"));
        const QString flaskMessage = QStringLiteral("The session is unavailable because no secret key was "
                                                    "set.  Set the secret_key on the application "
                                                    "to something unique and secret.");
        QStringList errors = outcomes(recorder.events(), trace::EventKind::Error, "message");
        QVERIFY2(errors.contains(flaskMessage), qPrintable(errors.join('\n')));
        QCOMPARE(outcomes(recorder.events(), trace::EventKind::SessionOpen, "outcome"),
                 QStringList{"no_secret_key"});
        // Reading a null session is fine, and nothing is saved.
        r = get("/read");
        QCOMPARE(r.status, 200);
        QVERIFY(!r.headers.contains("Set-Cookie"));
        QVERIFY(!r.headers.contains("Vary"));
    }
};

QTEST_GUILESS_MAIN(CookieOutcomesTest)
#include "tst_cookie_outcomes.moc"
