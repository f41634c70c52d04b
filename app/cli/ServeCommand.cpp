#include "app/cli/ServeCommand.h"

#include "app/cli/ServeOptions.h"
#include "app/cli/SignalWatcher.h"
#include "app/demo/DemoApp.h"
#include "core/context/Globals.h"
#include "core/control/EngineSettings.h"
#include "core/http/HttpServer.h"
#include "core/session/SecretKeyStore.h"
#include "core/session/SessionBackend.h"
#include "core/trace/EventDispatcher.h"
#include "core/trace/JsonLinesSink.h"

#include <QCoreApplication>

#include <csignal>
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
    app.config().set(QStringLiteral("SESSION_TYPE"), options.session);
    SessionBackendSettings settings;
    settings.type = options.session;
    settings.redisUrl = options.redisUrl;
    settings.memcached = options.memcached;
    settings.sessionDir = options.sessionDir;
    settings.sqliteFile = options.sqliteFile;
    SessionBackend::Result backend = SessionBackend::create(settings);
    if (!backend.interface) {
        *error = backend.error;
        return false;
    }
    if (!backend.warning.isEmpty())
        printErr(QStringLiteral("requestscope serve: warning: ") + backend.warning);
    if (options.session != QLatin1String("cookie") && options.session != QLatin1String("null"))
        printErr(QStringLiteral("sessions: ") + backend.description);
    app.setSessionInterface(std::move(backend.interface));
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

    // A file-size limit (ulimit -f, RLIMIT_FSIZE) reached while writing a session file, the secret
    // key or the events must fail that write with EFBIG — the store answers 503 — instead of
    // SIGXFSZ killing the whole server (tests/load/session_dir_faults.sh).
    std::signal(SIGXFSZ, SIG_IGN);

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

    // The Locals' ident function is read without a lock: set it before any worker runs.
    if (options->server.coroutines || options->identGiven)
        useIdentMode(options->ident);
    if (const QString broken = options->brokenIdentWarning(); !broken.isEmpty())
        printErr(QStringLiteral("requestscope serve: warning: ") + broken);
    for (const QString &unsafe : control::EngineSettings::securityWarnings(
             options->server.host.toString(), options->secret.value_or(QString())))
        printErr(QStringLiteral("requestscope serve: warning: ") + unsafe);
    http::HttpServer server(options->server, app.httpHandler());
    if (!server.start(&error)) {
        printErr(QStringLiteral("requestscope serve: ") + error);
        return 1;
    }
    const QString host = server.address().toString();
    printErr(QStringLiteral("listening on http://%1:%2").arg(host).arg(server.port()));
    if (options->server.coroutines || options->identGiven)
        printErr(QStringLiteral("workers: %1 %2, Local ident: %3")
                     .arg(options->server.threads)
                     .arg(options->server.coroutines ? QStringLiteral("threads running coroutines")
                                                     : QStringLiteral("threads"))
                     .arg(QLatin1String(fiber::identModeName(options->ident))));

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
