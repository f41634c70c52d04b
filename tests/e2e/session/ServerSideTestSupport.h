#pragma once

// Shared by the server-side session tests (tst_store_contract, tst_store_concurrency,
// tst_store_outage): real redis-server and memcached processes on free loopback ports, the four
// stores, and an engine with one tiny view per session operation.
#include "core/context/Globals.h"
#include "core/framework/App.h"
#include "core/http/HttpServer.h"
#include "core/session/ServerSideSessionInterface.h"
#include "core/session/Session.h"
#include "core/session/store/FileSystemSessionStore.h"
#include "core/session/store/MemcachedSessionStore.h"
#include "core/session/store/RedisSessionStore.h"
#include "core/session/store/SqliteSessionStore.h"
#include "tests/support/FreePort.h"
#include "tests/support/TestHttpClient.h"

#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <memory>
#include <optional>

#include <csignal>

#include <sys/prctl.h>
#include <unistd.h>

namespace rs::test {

inline const QString kStoreSecret = QStringLiteral("server-side-secret");

// A redis-server or memcached started by the test on 127.0.0.1, killed when it goes.
class ExternalServer {
public:
    enum class Kind { Redis, Memcached };

    explicit ExternalServer(Kind kind) : kind_(kind) {}
    ~ExternalServer() { kill(); }
    ExternalServer(const ExternalServer &) = delete;
    ExternalServer &operator=(const ExternalServer &) = delete;

    QString program() const
    {
        return QStandardPaths::findExecutable(kind_ == Kind::Redis ? QStringLiteral("redis-server")
                                                                   : QStringLiteral("memcached"));
    }
    // Starts on `port` (0: a free one; an earlier port to restart on it). False with *error.
    bool start(QString *error, quint16 port = 0)
    {
        const QString exe = program();
        if (exe.isEmpty()) {
            *error =
                QStringLiteral("%1 is not installed (scripts/test.sh installs it)")
                    .arg(kind_ == Kind::Redis ? QStringLiteral("redis-server") : QStringLiteral("memcached"));
            return false;
        }
        port_ = port ? port : FreePort::find();
        if (!port_) {
            *error = QStringLiteral("no free port");
            return false;
        }
        QStringList args;
        if (kind_ == Kind::Redis) {
            args = {
                QStringLiteral("--port"),       QString::number(port_),      QStringLiteral("--bind"),
                QStringLiteral("127.0.0.1"),    QStringLiteral("--save"),    QString(),
                QStringLiteral("--appendonly"), QStringLiteral("no"),        QStringLiteral("--daemonize"),
                QStringLiteral("no"),           QStringLiteral("--logfile"), QString()};
        } else {
            args = {QStringLiteral("-p"),        QString::number(port_), QStringLiteral("-l"),
                    QStringLiteral("127.0.0.1"), QStringLiteral("-U"),   QStringLiteral("0")};
            // memcached refuses to run as root without -u; switching to another user would clear
            // the parent-death signal set below.
            if (::geteuid() == 0)
                args << QStringLiteral("-u") << QStringLiteral("root");
        }
        process_ = std::make_unique<QProcess>();
        process_->setStandardOutputFile(QProcess::nullDevice());
        process_->setStandardErrorFile(QProcess::nullDevice());
        // If the test crashes, the server goes with it instead of lingering on its port.
        process_->setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
        process_->start(exe, args);
        if (!process_->waitForStarted(5000)) {
            *error = QStringLiteral("%1 did not start: %2").arg(exe, process_->errorString());
            return false;
        }
        if (!FreePort::waitUntilListening(port_, 10000)) {
            *error = QStringLiteral("%1 is not listening on %2").arg(exe).arg(port_);
            kill();
            return false;
        }
        return true;
    }
    // SIGKILL: the server vanishes as in a crash.
    void kill()
    {
        if (!process_)
            return;
        if (process_->state() != QProcess::NotRunning) {
            process_->kill();
            process_->waitForFinished(5000);
        }
        process_.reset();
    }
    bool running() const { return process_ && process_->state() == QProcess::Running; }
    quint16 port() const { return port_; }

private:
    Kind kind_;
    quint16 port_ = 0;
    std::unique_ptr<QProcess> process_;
};

// Everything the stores need, made once per test program: servers, a directory, a file.
class StoreBackends {
public:
    StoreBackends() : redis_(ExternalServer::Kind::Redis), memcached_(ExternalServer::Kind::Memcached) {}

    // Starts what is installed; the reasons for the rest are kept for QSKIP.
    void startAll()
    {
        if (!redis_.start(&redisError_))
            redisError_ = QStringLiteral("redis: ") + redisError_;
        if (!memcached_.start(&memcachedError_))
            memcachedError_ = QStringLiteral("memcached: ") + memcachedError_;
        if (!SqliteSessionStore::driverAvailable(&sqliteError_))
            sqliteError_ = QStringLiteral("sqlite: ") + sqliteError_;
    }

    static QStringList names()
    {
        return {QStringLiteral("redis"), QStringLiteral("memcached"), QStringLiteral("filesystem"),
                QStringLiteral("sqlite")};
    }

    // A new store of that backend, or nullptr with the reason it cannot be tested here.
    std::shared_ptr<SessionStore> make(const QString &name, QString *whyNot)
    {
        if (name == QLatin1String("redis")) {
            *whyNot = redisError_;
            if (!redis_.running())
                return nullptr;
            RedisSessionStore::Endpoint e;
            e.port = redis_.port();
            return std::make_shared<RedisSessionStore>(e);
        }
        if (name == QLatin1String("memcached")) {
            *whyNot = memcachedError_;
            if (!memcached_.running())
                return nullptr;
            return std::make_shared<MemcachedSessionStore>(
                MemcachedSessionStore::Endpoint{QStringLiteral("127.0.0.1"), memcached_.port()});
        }
        if (name == QLatin1String("filesystem")) {
            const QString dir = tmp_.filePath(QStringLiteral("fs-%1").arg(++made_));
            if (!FileSystemSessionStore::prepareDirectory(dir, whyNot))
                return nullptr;
            return std::make_shared<FileSystemSessionStore>(dir);
        }
        *whyNot = sqliteError_;
        if (!sqliteError_.isEmpty())
            return nullptr;
        return std::make_shared<SqliteSessionStore>(
            tmp_.filePath(QStringLiteral("sessions-%1.sqlite").arg(++made_)));
    }

    ExternalServer &redis() { return redis_; }

private:
    ExternalServer redis_;
    ExternalServer memcached_;
    QString redisError_;
    QString memcachedError_;
    QString sqliteError_;
    QTemporaryDir tmp_;
    int made_ = 0;
};

// An app whose views each do one session operation, served on a free port with a store.
//   /noop  /get/<k>  /set/<k>/<v>  /incr/<k>  /clear  /permanent/<int:on>  /dump
class ServerSideEngine {
public:
    explicit ServerSideEngine(std::shared_ptr<SessionStore> store, int threads = 4)
        : app_(QStringLiteral("server-side")),
          interface_(std::make_shared<ServerSideSessionInterface>(std::move(store)))
    {
        app_.config().set(QStringLiteral("SECRET_KEY"), kStoreSecret);
        app_.setSessionInterface(interface_);
        app_.route(QStringLiteral("/noop"), QStringLiteral("noop"),
                   [](const Value &) -> ResponseValue { return "noop"; });
        app_.route(QStringLiteral("/get/<k>"), QStringLiteral("get"), [](const Value &args) -> ResponseValue {
            const Value v = session->get(args.get(QStringLiteral("k")).toStr());
            return v.isNone() ? QStringLiteral("<none>") : v.toStr();
        });
        app_.route(
            QStringLiteral("/set/<k>/<v>"), QStringLiteral("set"), [](const Value &args) -> ResponseValue {
                session->set(args.get(QStringLiteral("k")).toStr(), args.get(QStringLiteral("v")).toStr());
                return "ok";
            });
        app_.route(QStringLiteral("/incr/<k>"), QStringLiteral("incr"),
                   [](const Value &args) -> ResponseValue {
                       const QString k = args.get(QStringLiteral("k")).toStr();
                       const qint64 n = session->get(k, 0).toInt() + 1;
                       session->set(k, Value(static_cast<long long>(n)));
                       return QString::number(n);
                   });
        app_.route(QStringLiteral("/clear"), QStringLiteral("clear"), [](const Value &) -> ResponseValue {
            session->clear();
            return "cleared";
        });
        app_.route(QStringLiteral("/permanent/<int:on>"), QStringLiteral("permanent"),
                   [](const Value &args) -> ResponseValue {
                       session->setPermanent(args.get(QStringLiteral("on")).toInt() != 0);
                       return "ok";
                   });
        app_.route(QStringLiteral("/dump"), QStringLiteral("dump"),
                   [](const Value &) -> ResponseValue { return Value(session->data()); });
        http::ServerConfig config;
        config.port = 0;
        config.threads = threads;
        server_ = std::make_unique<http::HttpServer>(config, app_.httpHandler());
    }
    ~ServerSideEngine() { server_->stop(); }

    bool start(QString *error) { return server_->start(error); }
    App &app() { return app_; }
    quint16 port() const { return server_->port(); }
    int openConnections() const { return server_->openConnections(); }
    SessionStore &store() { return *interface_->store(); }
    QByteArray key(const QByteArray &sid) { return ServerSideSessionInterface::storeKey(app_, sid); }
    // The store's record for an sid: Found, Missing or Expired.
    SessionStore::Record record(const QByteArray &sid) { return store().get(key(sid)); }

private:
    App app_;
    std::shared_ptr<ServerSideSessionInterface> interface_;
    std::unique_ptr<http::HttpServer> server_;
};

// The session cookie a response sets: its value and attributes, or nullopt.
struct SessionCookie {
    QByteArray header;
    QByteArray value;
    bool deletes() const { return header.contains("Max-Age=0"); }
    bool hasExpires() const { return header.contains("; Expires="); }
};

inline std::optional<SessionCookie> sessionCookie(const TestResponse &r, const QByteArray &name = "session")
{
    for (const QByteArray &h : r.headers.values("Set-Cookie")) {
        if (!h.startsWith(name + '='))
            continue;
        const qsizetype end = h.indexOf(';');
        return SessionCookie{h, h.mid(name.size() + 1, (end < 0 ? h.size() : end) - name.size() - 1)};
    }
    return std::nullopt;
}

inline TestHeaders withCookie(const QByteArray &value, const QByteArray &name = "session")
{
    return TestHeaders{{"Cookie", name + '=' + value}};
}

} // namespace rs::test
