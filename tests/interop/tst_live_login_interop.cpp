// A live login on the engine against Debian's real Flask 2.2 (tests/interop/flask_cookie.py under
// /usr/bin/python3): the Set-Cookie of the demo's /login opens in Flask to {'user': 'alex'}, and a
// cookie Flask signs makes the engine's /home greet alex. The same for flashed messages.
#include "app/demo/DemoApp.h"
#include "core/http/HttpServer.h"
#include "tests/support/CookieJar.h"
#include "tests/support/TestHttpClient.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QtTest>

#include "tests/support/FlaskCookieHelper.h"

using namespace rs;

namespace {
const QString kSecret = QStringLiteral("live-interop-secret");
} // namespace

class LiveLoginInteropTest : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<demo::DemoApp> demo_;
    std::unique_ptr<http::HttpServer> server_;

    QJsonObject askFlask(QJsonObject command)
    {
        command["secret"] = kSecret;
        command["now"] = QDateTime::currentSecsSinceEpoch();
        const QList<QJsonObject> answers = test::FlaskCookieHelper::run({command}, 60000);
        return answers.isEmpty() ? QJsonObject{{"error", "the Flask helper gave no answer"}}
                                 : answers.first();
    }

    QByteArray sessionCookieOf(const test::TestResponse &r)
    {
        const test::SetCookie c = test::SetCookie::parse(r.header("Set-Cookie"));
        return c.name == "session" ? c.value : QByteArray();
    }

private slots:
    void initTestCase()
    {
        QVERIFY2(QFileInfo::exists(test::FlaskCookieHelper::script()),
                 qPrintable("helper script not found: " + test::FlaskCookieHelper::script()));
        const QString unavailable = test::FlaskCookieHelper::unavailableReason();
        if (!unavailable.isEmpty())
            QSKIP(qPrintable(unavailable));

        demo_ = std::make_unique<demo::DemoApp>();
        demo_->app().config().set(QStringLiteral("SECRET_KEY"), kSecret);
        http::ServerConfig config;
        config.port = 0;
        server_ = std::make_unique<http::HttpServer>(config, demo_->app().httpHandler());
        QString error;
        QVERIFY2(server_->start(&error), qPrintable(error));
    }
    void cleanupTestCase()
    {
        if (server_)
            server_->stop();
    }

    void flaskOpensTheEnginesLoginCookie()
    {
        test::TestHttpClient c(server_->port());
        const QByteArray cookie = sessionCookieOf(c.get("/login"));
        QVERIFY(!cookie.isEmpty());
        const QJsonObject answer = askFlask({{"op", "decode"},
                                             {"max_age", 2678400},
                                             {"cookie", QString::fromLatin1(cookie)},
                                             {"expr", "{'user': 'alex'}"}});
        QVERIFY2(answer["ok"].toBool(), qPrintable(QJsonDocument(answer).toJson(QJsonDocument::Compact)));
        QCOMPARE(answer["json"].toString(), QStringLiteral(R"({"user":"alex"})"));
        QVERIFY(answer["equal"].toBool());
    }

    void theEngineOpensFlasksCookie()
    {
        const QJsonObject signedByFlask = askFlask({{"op", "sign"}, {"expr", "{'user': 'alex'}"}});
        QVERIFY2(signedByFlask.contains("cookie"), qPrintable(signedByFlask["message"].toString()));
        test::TestHttpClient c(server_->port());
        const auto r =
            c.get("/home", {{"Cookie", "session=" + signedByFlask["cookie"].toString().toLatin1()}});
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body, QByteArray("hello alex\n"));
        QVERIFY(!r.headers.contains("Set-Cookie"));
    }

    void flashedMessagesCrossOver()
    {
        // The engine flashes; Flask reads the tuples.
        test::TestHttpClient c(server_->port());
        const QByteArray cookie = sessionCookieOf(c.get("/flash/login"));
        const QJsonObject opened =
            askFlask({{"op", "decode"},
                      {"max_age", 2678400},
                      {"cookie", QString::fromLatin1(cookie)},
                      {"expr", "{'_flashes': [('x1', '登录成功1'), ('x2', '登录成功2')]}"}});
        QVERIFY2(opened["ok"].toBool() && opened["equal"].toBool(),
                 qPrintable(QJsonDocument(opened).toJson(QJsonDocument::Compact)));

        // Flask flashes; the engine's get_flashed_messages reads them.
        const QJsonObject signedByFlask =
            askFlask({{"op", "sign"}, {"expr", "{'_flashes': [('x1', '登录成功1'), ('x2', '登录成功2')]}"}});
        const auto r =
            c.get("/flash/logout", {{"Cookie", "session=" + signedByFlask["cookie"].toString().toLatin1()}});
        QCOMPARE(r.status, 200);
        QCOMPARE(QJsonDocument::fromJson(r.body).array(), QJsonArray({QStringLiteral("登录成功1")}));
    }
};

QTEST_GUILESS_MAIN(LiveLoginInteropTest)
#include "tst_live_login_interop.moc"
