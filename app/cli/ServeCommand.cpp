#include "app/cli/ServeCommand.h"

#include "app/cli/ServeOptions.h"
#include "app/cli/SignalWatcher.h"
#include "app/demo/DemoApp.h"
#include "core/http/HttpServer.h"
#include "core/session/NullSessionInterface.h"
#include "core/session/SecretKeyStore.h"
#include "core/session/SecureCookieSessionInterface.h"
#include "core/session/ServerSideSessionInterface.h"
#include "core/session/store/FileSystemSessionStore.h"
#include "core/session/store/MemcachedSessionStore.h"
#include "core/session/store/RedisSessionStore.h"
#include "core/session/store/SqliteSessionStore.h"
#include "core/trace/EventDispatcher.h"
#include "core/trace/JsonLinesSink.h"

#include <QCoreApplication>
#include <QDir>

#include <cstdio>
#include <stdexcept>

namespace rs::cli {

namespace {
void printErr(const QString &text)
{
    std::fprintf(stderr, "%s\n", text.toLocal8Bit().constData());
    std::fflush(stderr);
}

// Installs the session interface `serve --session` asks for; false with *error if it cannot.
// A server store that is down now is only a warning: requests get 503 until it answers.
bool configureSession(App &app, const ServeOptions &options, QString *error)
{
    const QString type = options.session;
    app.config().set(QStringLiteral("SESSION_TYPE"), type);
    if (type == QLatin1String("null")) {
        app.setSessionInterface(std::make_shared<NullSessionInterface>());
        return true;
    }
    if (type == QLatin1String("cookie")) {
        app.setSessionInterface(std::make_shared<SecureCookieSessionInterface>());
        return true;
    }
    std::shared_ptr<SessionStore> store;
    if (type == QLatin1String("redis")) {
        const std::optional<RedisSessionStore::Endpoint> endpoint =
            RedisSessionStore::parseUrl(options.redisUrl, error);
        if (!endpoint) {
            *error = QStringLiteral("--redis: ") + *error;
            return false;
        }
        store = std::make_shared<RedisSessionStore>(*endpoint);
    } else if (type == QLatin1String("memcached")) {
        const std::optional<MemcachedSessionStore::Endpoint> endpoint =
            MemcachedSessionStore::parseServer(options.memcached, error);
        if (!endpoint) {
            *error = QStringLiteral("--memcached: ") + *error;
            return false;
        }
        store = std::make_shared<MemcachedSessionStore>(*endpoint);
    } else if (type == QLatin1String("filesystem")) {
        // flask-session's default SESSION_FILE_DIR.
        const QString dir = options.sessionDir.isEmpty()
                                ? QDir::current().filePath(QStringLiteral("flask_session"))
                                : options.sessionDir;
        if (!FileSystemSessionStore::prepareDirectory(dir, error)) {
            *error = QStringLiteral("--session-dir: ") + *error;
            return false;
        }
        store = std::make_shared<FileSystemSessionStore>(dir);
    } else if (type == QLatin1String("sqlite")) {
        const QString file = options.sqliteFile.isEmpty()
                                 ? QDir::current().filePath(QStringLiteral("flask_session.sqlite"))
                                 : options.sqliteFile;
        if (!SqliteSessionStore::driverAvailable(error))
            return false;
        store = std::make_shared<SqliteSessionStore>(file);
    } else {
        *error = QStringLiteral("--session %1: unknown session backend").arg(type);
        return false;
    }
    QString pingError;
    if (!store->tryPing(&pingError)) {
        // A local file or directory that does not work will not heal by itself; a server may.
        if (type == QLatin1String("sqlite") || type == QLatin1String("filesystem")) {
            *error = QStringLiteral("--session %1: %2").arg(type, pingError);
            return false;
        }
        printErr(QStringLiteral(
                     "requestscope serve: warning: %1 at %2 does not answer (%3); requests that use the "
                     "session get 503 until it does")
                     .arg(store->backend(), store->where(), pingError));
    }
    printErr(QStringLiteral("sessions: %1 at %2").arg(store->backend(), store->where()));
    app.setSessionInterface(std::make_shared<ServerSideSessionInterface>(std::move(store)));
    return true;
}
} // namespace

int runServe(const QStringList &arguments)
{
    QString error;
    bool help = false;
    const std::optional<ServeOptions> options = ServeOptions::parse(arguments, &error, &help);
    if (help) {
        std::fputs(ServeOptions::helpText().toLocal8Bit().constData(), stdout);
        return 0;
    }
    if (!options) {
        printErr(QStringLiteral("requestscope serve: ") + error);
        return 2;
    }

    demo::DemoApp demo;
    App &app = demo.app();
    if (options->secret) {
        app.config().set(QStringLiteral("SECRET_KEY"), *options->secret);
    } else {
        const QString key = SecretKeyStore::loadOrCreate(&error);
        if (key.isEmpty()) {
            printErr(QStringLiteral("requestscope serve: ") + error +
                     QStringLiteral(" (or pass --secret KEY)"));
            return 1;
        }
        app.config().set(QStringLiteral("SECRET_KEY"), key);
    }
    if (!configureSession(app, *options, &error)) {
        printErr(QStringLiteral("requestscope serve: ") + error);
        return 2;
    }

    trace::EventDispatcher dispatcher;
    if (!options->eventsPath.isEmpty()) {
        try {
            dispatcher.addSink(std::make_shared<trace::JsonLinesSink>(options->eventsPath.toStdString()));
        } catch (const std::exception &e) {
            printErr(QStringLiteral("requestscope serve: --events: ") + QString::fromUtf8(e.what()));
            return 2;
        }
        dispatcher.start();
    }

    http::HttpServer server(options->server, app.httpHandler());
    if (!server.start(&error)) {
        printErr(QStringLiteral("requestscope serve: ") + error);
        return 1;
    }
    const QString host = server.address().toString();
    printErr(QStringLiteral("listening on http://%1:%2").arg(host).arg(server.port()));

    SignalWatcher watcher;
    QObject::connect(&watcher, &SignalWatcher::stopRequested, qApp, [] { QCoreApplication::quit(); });
    QCoreApplication::exec();

    server.stop();
    if (!options->eventsPath.isEmpty()) {
        dispatcher.stop();
        const auto &bus = trace::EventBus::instance();
        printErr(QStringLiteral("events: %1 written, %2 dropped (buffer of %3)")
                     .arg(bus.published())
                     .arg(bus.dropped())
                     .arg(bus.capacity()));
    }
    printErr(QStringLiteral("stopped after %1 requests on %2 connections")
                 .arg(server.requestsHandled())
                 .arg(server.connectionsAccepted()));
    return 0;
}

} // namespace rs::cli
