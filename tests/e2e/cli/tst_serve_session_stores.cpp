// `requestscope serve --session redis|memcached|filesystem|sqlite` end to end: the demo's
// /login and /home over each store (servers started here on free loopback ports), what lands in
// the store, a Redis that is down at start (a warning, then 503s), and one clear line with exit 2
// for every bad --redis, --memcached, --session-dir and --sqlite.
#include "tests/e2e/session/ServerSideTestSupport.h"

#include <QFileInfo>
#include <QRegularExpression>
#include <QtTest>

using namespace rs;
using test::ExternalServer;
using test::TestHttpClient;

class ServeSessionStoresTest : public QObject {
    Q_OBJECT

    QString binary() const
    {
        return qEnvironmentVariable("RS_BINARY_DIR") + QStringLiteral("/app/requestscope");
    }

    // Starts `serve` and returns the port from its listening line (0 on failure); *err gets stderr.
    quint16 startServe(QProcess &p, const QStringList &args, QByteArray *err)
    {
        p.start(binary(),
                QStringList{"serve", "--port", "0", "--secret", "stores-test-secret-0123456789abc"} + args);
        if (!p.waitForStarted(5000))
            return 0;
        const QRegularExpression listening(QStringLiteral("listening on http://127\\.0\\.0\\.1:(\\d+)"));
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < 10000) {
            p.waitForReadyRead(200);
            *err += p.readAllStandardError();
            const auto m = listening.match(QString::fromUtf8(*err));
            if (m.hasMatch())
                return static_cast<quint16>(m.captured(1).toUInt());
            if (p.state() == QProcess::NotRunning)
                break;
        }
        qWarning() << "serve did not print its listening line:" << *err;
        return 0;
    }

    // /login then /home with its cookie; returns the sid.
    QByteArray loginAndHome(quint16 port)
    {
        TestHttpClient client(port);
        const test::TestResponse login = client.get("/login");
        const auto cookie = test::sessionCookie(login);
        if (login.status != 200 || !cookie) {
            qWarning() << "login:" << login.status << login.body;
            return {};
        }
        const test::TestResponse home = client.get("/home", test::withCookie(cookie->value));
        if (!home.body.startsWith("hello alex")) {
            qWarning() << "home:" << home.body;
            return {};
        }
        return cookie->value;
    }

    static void stop(QProcess &p)
    {
        p.terminate();
        p.waitForFinished(10000);
    }

private slots:
    void badStoreArgumentsExitWith2_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("redis scheme")
            << QStringList{"--session", "redis", "--redis", "http://h:1/0"}
            << "--redis: 'http://h:1/0' is not a Redis URL: the scheme must be redis";
        QTest::newRow("redis port") << QStringList{"--session", "redis", "--redis", "redis://h:99999/0"}
                                    << "--redis: 'redis://h:99999/0' is not a Redis URL";
        QTest::newRow("redis db") << QStringList{"--session", "redis", "--redis", "redis://h:6379/x"}
                                  << "the path must be a database number";
        QTest::newRow("memcached") << QStringList{"--session", "memcached", "--memcached", "nohost"}
                                   << "--memcached: 'nohost' is not a memcached server: no port";
        QTest::newRow("dir is a file")
            << QStringList{"--session", "filesystem", "--session-dir", "/etc/hostname"}
            << "--session-dir: /etc/hostname is not a directory";
        QTest::newRow("sqlite nowhere")
            << QStringList{"--session", "sqlite", "--sqlite", "/nonexistent/dir/s.sqlite"}
            << "--session sqlite: cannot open /nonexistent/dir/s.sqlite";
    }
    void badStoreArgumentsExitWith2()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        QProcess p;
        p.start(binary(),
                QStringList{"serve", "--port", "0", "--secret", "stores-test-secret-0123456789abc"} + args);
        QVERIFY(p.waitForFinished(10000));
        const QString err = QString::fromUtf8(p.readAllStandardError());
        QCOMPARE(p.exitCode(), 2);
        QVERIFY2(err.startsWith(QStringLiteral("requestscope serve: ")), qPrintable(err));
        QVERIFY2(err.contains(message), qPrintable(err));
        QCOMPARE(err.count(QLatin1Char('\n')), 1);
    }

    void filesystem()
    {
        QTemporaryDir dir;
        const QString sessions = dir.filePath(QStringLiteral("sessions"));
        QProcess p;
        QByteArray err;
        const quint16 port = startServe(p, {"--session", "filesystem", "--session-dir", sessions}, &err);
        QVERIFY(port);
        QVERIFY2(err.contains("sessions: filesystem at " + sessions.toUtf8()), err.constData());
        const QByteArray sid = loginAndHome(port);
        QVERIFY(!sid.isEmpty());
        stop(p);
        const QFileInfo file(sessions + QStringLiteral("/session:") + QString::fromLatin1(sid));
        QVERIFY(file.exists());
        QCOMPARE(file.permissions() & 0x7077, QFile::ReadOwner | QFile::WriteOwner);
        QCOMPARE(QDir(sessions).entryList(QDir::Files).size(), 1);
    }

    void sqlite()
    {
        QString error;
        if (!SqliteSessionStore::driverAvailable(&error))
            QSKIP(qPrintable(error));
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("s.sqlite"));
        QProcess p;
        QByteArray err;
        const quint16 port = startServe(p, {"--session", "sqlite", "--sqlite", file}, &err);
        QVERIFY(port);
        const QByteArray sid = loginAndHome(port);
        QVERIFY(!sid.isEmpty());
        stop(p);
        SqliteSessionStore store(file);
        const SessionStore::Record record = store.get("session:" + sid);
        QCOMPARE(record.status, SessionStore::Record::Status::Found);
        QCOMPARE(record.data, QByteArray("{\"_permanent\":true,\"user\":\"alex\"}"));
    }

    void redisAndMemcached_data()
    {
        QTest::addColumn<bool>("redis");
        QTest::newRow("redis") << true;
        QTest::newRow("memcached") << false;
    }
    void redisAndMemcached()
    {
        QFETCH(bool, redis);
        ExternalServer server(redis ? ExternalServer::Kind::Redis : ExternalServer::Kind::Memcached);
        QString error;
        if (!server.start(&error))
            QSKIP(qPrintable(error));
        const QString port = QString::number(server.port());
        const QStringList args =
            redis ? QStringList{"--session", "redis", "--redis", "redis://127.0.0.1:" + port + "/0"}
                  : QStringList{"--session", "memcached", "--memcached", "127.0.0.1:" + port};
        QProcess p;
        QByteArray err;
        const quint16 servePort = startServe(p, args, &err);
        QVERIFY(servePort);
        QVERIFY2(!err.contains("warning"), err.constData());
        const QByteArray sid = loginAndHome(servePort);
        QVERIFY(!sid.isEmpty());
        stop(p);
        std::shared_ptr<SessionStore> store;
        if (redis) {
            RedisSessionStore::Endpoint e;
            e.port = server.port();
            store = std::make_shared<RedisSessionStore>(e);
        } else {
            store = std::make_shared<MemcachedSessionStore>(
                MemcachedSessionStore::Endpoint{QStringLiteral("127.0.0.1"), server.port()});
        }
        QCOMPARE(store->get("session:" + sid).data, QByteArray("{\"_permanent\":true,\"user\":\"alex\"}"));
    }

    void redisDownAtStartIsAWarning()
    {
        const quint16 nothing = test::FreePort::find();
        QProcess p;
        QByteArray err;
        const quint16 port = startServe(
            p, {"--session", "redis", "--redis", QStringLiteral("redis://127.0.0.1:%1/0").arg(nothing)},
            &err);
        QVERIFY(port);
        QVERIFY2(err.contains("warning: redis at 127.0.0.1:" + QByteArray::number(nothing) +
                              "/0 does not answer (Connection refused)"),
                 err.constData());
        TestHttpClient client(port);
        QCOMPARE(client.get("/hello").status, 200); // no session needed, no store needed
        const test::TestResponse login = client.get("/login");
        QCOMPARE(login.status, 503);
        QVERIFY(!login.headers.contains("Set-Cookie"));
        stop(p);
    }
};

QTEST_GUILESS_MAIN(ServeSessionStoresTest)
#include "tst_serve_session_stores.moc"
