// flash() and get_flashed_messages() as Flask 2.2 runs them (reference §e), over a real socket:
// the "_flashes" tuples in the cookie, the first read popping them (the cookie is deleted when
// that empties the session, re-set when other keys remain), the unfiltered per-request cache,
// the flash-after-read gotcha, categories and filters, a null session, and the events.
#include "core/context/Globals.h"
#include "core/context/RuntimeError.h"
#include "core/framework/App.h"
#include "core/framework/Flash.h"
#include "core/http/HttpServer.h"
#include "core/session/codec/CookieSessionCodec.h"
#include "core/session/codec/Signer.h"
#include "tests/support/CookieJar.h"
#include "tests/support/EventRecorder.h"
#include "tests/support/TestHttpClient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QtTest>

using namespace rs;

namespace {
const QString kSecret = QStringLiteral("flash-secret");
const QByteArray kDeleted = "session=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; HttpOnly; Path=/";

QByteArray sessionJson(const QByteArray &cookie)
{
    return codec::CookieSessionCodec::decode(cookie, codec::Signer::keysFromStrings({kSecret}),
                                             QDateTime::currentSecsSinceEpoch())
        .json;
}

QByteArray compactJson(const QByteArray &body)
{
    return QJsonDocument::fromJson(body).toJson(QJsonDocument::Compact);
}
} // namespace

class FlashTest : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<App> app_;
    std::unique_ptr<http::HttpServer> server_;

    void serve(bool withSecret)
    {
        if (server_)
            server_->stop();
        server_.reset();
        app_ = std::make_unique<App>(QStringLiteral("flash"));
        if (withSecret)
            app_->config().set(QStringLiteral("SECRET_KEY"), kSecret);
        app_->route(QStringLiteral("/add"), QStringLiteral("add"), [](const Value &) -> ResponseValue {
            flash(QStringLiteral("m1"), QStringLiteral("x1"));
            flash(QStringLiteral("m2"), QStringLiteral("x2"));
            flash(QStringLiteral("plain"));
            return "added";
        });
        app_->route(QStringLiteral("/login"), QStringLiteral("login"), [](const Value &) -> ResponseValue {
            session->set(QStringLiteral("user"), QStringLiteral("alex"));
            return "ok";
        });
        // The first read caches the whole list; a filter applies to each call on its own.
        app_->route(QStringLiteral("/read"), QStringLiteral("read"), [](const Value &) -> ResponseValue {
            const Value filtered = getFlashedMessages(false, {QStringLiteral("x1")});
            const Value all = getFlashedMessages(true);
            return Value::list({filtered, all});
        });
        // get, flash, get: both reads are empty; the new message waits for the next request.
        app_->route(QStringLiteral("/gotcha"), QStringLiteral("gotcha"), [](const Value &) -> ResponseValue {
            const Value first = getFlashedMessages();
            flash(QStringLiteral("hi"));
            const Value second = getFlashedMessages();
            return Value::list({first, second});
        });
        http::ServerConfig config;
        config.port = 0;
        config.threads = 1;
        server_ = std::make_unique<http::HttpServer>(config, app_->httpHandler());
        QString error;
        QVERIFY2(server_->start(&error), qPrintable(error));
    }

private slots:
    void init() { serve(true); }
    void cleanup()
    {
        server_->stop();
        server_.reset();
        app_.reset();
    }

    void flashesAreTuplesInTheCookie()
    {
        test::EventRecorder recorder;
        test::TestHttpClient c(server_->port());
        const auto r = c.get("/add");
        const test::SetCookie cookie = test::SetCookie::parse(r.header("Set-Cookie"));
        QCOMPARE(sessionJson(cookie.value),
                 QByteArray(R"({"_flashes":[{" t":["x1","m1"]},{" t":["x2","m2"]},)"
                            R"({" t":["message","plain"]}]})"));
        QCOMPARE(r.header("Vary"), QByteArray("Cookie"));
        QStringList added;
        for (const trace::Event &e : recorder.events())
            if (e.kind == trace::EventKind::FlashAdd)
                added << e.field("category").toString() + ":" + e.field("message").toString();
        QCOMPARE(added, QStringList({"x1:m1", "x2:m2", "message:plain"}));
    }

    void firstReadPopsAndDeletesTheCookie()
    {
        test::EventRecorder recorder;
        test::TestHttpClient c(server_->port());
        test::CookieJar jar;
        jar.update(c.get("/add"));
        recorder.clear();
        const auto r = c.get("/read", jar.headers());
        QCOMPARE(compactJson(r.body),
                 QByteArray(R"([["m1"],[["x1","m1"],["x2","m2"],["message","plain"]]])"));
        QCOMPARE(r.headers.values("Set-Cookie"), std::vector<QByteArray>{kDeleted});
        QCOMPARE(r.header("Vary"), QByteArray("Cookie"));
        QStringList consumed;
        for (const trace::Event &e : recorder.events())
            if (e.kind == trace::EventKind::FlashConsume)
                consumed << e.field("category").toString() + ":" + e.field("message").toString();
        QCOMPARE(consumed, QStringList({"x1:m1", "x2:m2", "message:plain"}));
        jar.update(r);
        QCOMPARE(compactJson(c.get("/read", jar.headers()).body), QByteArray("[[],[]]"));
    }

    void readingKeepsTheRestOfTheSession()
    {
        test::TestHttpClient c(server_->port());
        test::CookieJar jar;
        jar.update(c.get("/login"));
        jar.update(c.get("/add", jar.headers()));
        QVERIFY(sessionJson(jar.value("session")).startsWith(R"({"_flashes":)"));
        const auto r = c.get("/read", jar.headers());
        const test::SetCookie cookie = test::SetCookie::parse(r.header("Set-Cookie"));
        QCOMPARE(sessionJson(cookie.value), QByteArray(R"({"user":"alex"})"));
    }

    void flashAfterReadShowsOnTheNextRequest()
    {
        test::TestHttpClient c(server_->port());
        test::CookieJar jar;
        auto r = c.get("/gotcha");
        QCOMPARE(compactJson(r.body), QByteArray("[[],[]]"));
        jar.update(r);
        QCOMPARE(sessionJson(jar.value("session")), QByteArray(R"({"_flashes":[{" t":["message","hi"]}]})"));
        r = c.get("/gotcha", jar.headers());
        QCOMPARE(compactJson(r.body), QByteArray(R"([["hi"],["hi"]])"));
        // Popped, then flashed again: the cookie carries the new "hi".
        jar.update(r);
        QCOMPARE(sessionJson(jar.value("session")), QByteArray(R"({"_flashes":[{" t":["message","hi"]}]})"));
    }

    void flashOnANullSessionFailsWithFlasksMessage()
    {
        serve(false);
        test::EventRecorder recorder;
        test::TestHttpClient c(server_->port());
        QCOMPARE(c.get("/add").status, 500);
        QStringList errors;
        for (const trace::Event &e : recorder.events())
            if (e.kind == trace::EventKind::Error)
                errors << e.field("message").toString();
        QVERIFY2(errors.contains(Session::nullSessionMessage()), qPrintable(errors.join('\n')));
        // Reading works and finds nothing.
        const auto r = c.get("/read");
        QCOMPARE(r.status, 200);
        QCOMPARE(compactJson(r.body), QByteArray("[[],[]]"));
    }

    void outsideARequestIsFlasksError()
    {
        try {
            getFlashedMessages();
            QFAIL("no error");
        } catch (const RuntimeError &e) {
            QCOMPARE(QByteArray(e.what()), QByteArray(kRequestContextError));
        }
    }
};

QTEST_GUILESS_MAIN(FlashTest)
#include "tst_flash.moc"
