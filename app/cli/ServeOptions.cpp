#include "app/cli/ServeOptions.h"

#include <QCommandLineParser>

namespace rs::cli {

namespace {
struct Spec {
    const char *name;
    const char *valueName;
    const char *help;
};

const Spec kSpecs[] = {
    {"host", "H", "Address to bind (default 127.0.0.1)."},
    {"port", "P", "Port to listen on; 0 picks any free port (default 5000)."},
    {"threads", "N", "Worker threads (default 4, 1..64)."},
    {"workers", "MODEL",
     "Worker model: threads (one request at a time per worker thread) or coroutines (one coroutine per "
     "request, many on each worker thread; a waiting request yields). Default threads."},
    {"ident", "KIND",
     "What Local storage keys on: thread, coroutine or global (default coroutine with --workers "
     "coroutines, else thread). Broken on purpose: thread with coroutines (the requests of a worker "
     "share one slot) and global (the articles' plain dict: every request shares one slot)."},
    {"session", "TYPE",
     "Session backend: cookie, redis, memcached, filesystem, sqlite or null (default cookie)."},
    {"redis", "URL", "Redis server for --session redis (default redis://127.0.0.1:6379/0)."},
    {"memcached", "HOST:PORT", "memcached server for --session memcached (default 127.0.0.1:11211)."},
    {"session-dir", "DIR", "Directory for --session filesystem."},
    {"sqlite", "FILE", "Database file for --session sqlite."},
    {"secret", "KEY", "SECRET_KEY used to sign session cookies."},
    {"events", "FILE|-", "Write every event as a JSON line to FILE, or to standard output with -."},
    {"max-header-bytes", "BYTES", "Largest request line + headers (default 16384); larger gets 431."},
    {"max-body-bytes", "BYTES", "Largest request body (default 8388608); larger gets 413."},
    {"header-timeout-ms", "MS", "Time allowed to send the headers (default 10000); then 408."},
    {"keepalive-timeout-ms", "MS", "Idle time before a keep-alive connection is closed (default 5000)."},
};

bool parseNumber(const QString &text, qint64 min, qint64 max, qint64 *out)
{
    bool ok = false;
    const qint64 v = text.toLongLong(&ok);
    if (!ok || v < min || v > max)
        return false;
    *out = v;
    return true;
}
} // namespace

QString ServeOptions::helpText()
{
    QString text =
        QStringLiteral("Usage: requestscope serve [options]\n\nRuns the demo app without the GUI.\n\n");
    for (const Spec &s : kSpecs)
        text += QStringLiteral("  --%1 %2\n      %3\n")
                    .arg(QLatin1String(s.name), QLatin1String(s.valueName), QLatin1String(s.help));
    return text;
}

std::optional<ServeOptions> ServeOptions::parse(const QStringList &arguments, QString *error, bool *helpShown)
{
    QCommandLineParser parser;
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    for (const Spec &s : kSpecs)
        parser.addOption(
            QCommandLineOption(QLatin1String(s.name), QLatin1String(s.help), QLatin1String(s.valueName)));
    parser.addOption(
        QCommandLineOption({QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show help.")));
    if (!parser.parse(QStringList{QStringLiteral("requestscope-serve")} + arguments)) {
        *error = parser.errorText() + QStringLiteral(" (see requestscope serve --help)");
        return std::nullopt;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        if (helpShown)
            *helpShown = true;
        return std::nullopt;
    }
    if (!parser.positionalArguments().isEmpty()) {
        *error = QStringLiteral("unexpected argument '%1' (see requestscope serve --help)")
                     .arg(parser.positionalArguments().first());
        return std::nullopt;
    }

    ServeOptions o;
    o.server.port = 5000;
    auto fail = [&](const QString &message) {
        *error = message;
        return std::nullopt;
    };
    if (parser.isSet(QStringLiteral("host"))) {
        const QString host = parser.value(QStringLiteral("host"));
        QHostAddress address(host == QLatin1String("localhost") ? QStringLiteral("127.0.0.1") : host);
        if (address.isNull())
            return fail(QStringLiteral("--host: '%1' is not an IP address (for example 127.0.0.1 or 0.0.0.0)")
                            .arg(host));
        o.server.host = address;
    }
    qint64 n = 0;
    if (parser.isSet(QStringLiteral("port"))) {
        if (!parseNumber(parser.value(QStringLiteral("port")), 0, 65535, &n))
            return fail(QStringLiteral("--port: expected 0..65535, got '%1'")
                            .arg(parser.value(QStringLiteral("port"))));
        o.server.port = static_cast<quint16>(n);
    }
    if (parser.isSet(QStringLiteral("threads"))) {
        if (!parseNumber(parser.value(QStringLiteral("threads")), 1, 64, &n))
            return fail(QStringLiteral("--threads: expected 1..64, got '%1'")
                            .arg(parser.value(QStringLiteral("threads"))));
        o.server.threads = static_cast<int>(n);
    }
    if (parser.isSet(QStringLiteral("workers"))) {
        const QString model = parser.value(QStringLiteral("workers"));
        if (model == QLatin1String("coroutines"))
            o.server.coroutines = true;
        else if (model != QLatin1String("threads"))
            return fail(QStringLiteral("--workers: expected threads or coroutines, got '%1'").arg(model));
    }
    o.ident = o.server.coroutines ? fiber::IdentMode::Coroutine : fiber::IdentMode::Thread;
    if (parser.isSet(QStringLiteral("ident"))) {
        const QString kind = parser.value(QStringLiteral("ident"));
        const std::optional<fiber::IdentMode> mode = fiber::parseIdentMode(kind.toStdString());
        if (!mode)
            return fail(QStringLiteral("--ident: expected thread, coroutine or global, got '%1'").arg(kind));
        o.ident = *mode;
        o.identGiven = true;
    }
    struct Limit {
        const char *name;
        qint64 min;
        qint64 max;
        std::function<void(qint64)> apply;
    };
    const Limit limits[] = {
        {"max-header-bytes", 256, 1 << 24, [&](qint64 v) { o.server.maxHeaderBytes = v; }},
        {"max-body-bytes", 0, qint64(1) << 34, [&](qint64 v) { o.server.maxBodyBytes = v; }},
        {"header-timeout-ms", 10, 3'600'000, [&](qint64 v) { o.server.headerTimeoutMs = int(v); }},
        {"keepalive-timeout-ms", 10, 3'600'000, [&](qint64 v) { o.server.keepAliveTimeoutMs = int(v); }},
    };
    for (const Limit &l : limits) {
        const QString name = QLatin1String(l.name);
        if (!parser.isSet(name))
            continue;
        if (!parseNumber(parser.value(name), l.min, l.max, &n))
            return fail(QStringLiteral("--%1: expected %2..%3, got '%4'")
                            .arg(name)
                            .arg(l.min)
                            .arg(l.max)
                            .arg(parser.value(name)));
        l.apply(n);
    }
    if (parser.isSet(QStringLiteral("session"))) {
        o.session = parser.value(QStringLiteral("session"));
        const QStringList allowed{QStringLiteral("cookie"),    QStringLiteral("redis"),
                                  QStringLiteral("memcached"), QStringLiteral("filesystem"),
                                  QStringLiteral("sqlite"),    QStringLiteral("null")};
        if (!allowed.contains(o.session))
            return fail(QStringLiteral("--session: expected one of %1, got '%2'")
                            .arg(allowed.join(QStringLiteral(", ")), o.session));
    }
    if (parser.isSet(QStringLiteral("redis")))
        o.redisUrl = parser.value(QStringLiteral("redis"));
    if (parser.isSet(QStringLiteral("memcached")))
        o.memcached = parser.value(QStringLiteral("memcached"));
    o.sessionDir = parser.value(QStringLiteral("session-dir"));
    o.sqliteFile = parser.value(QStringLiteral("sqlite"));
    if (parser.isSet(QStringLiteral("secret"))) {
        o.secret = parser.value(QStringLiteral("secret"));
        if (o.secret->isEmpty())
            return fail(QStringLiteral("--secret: the key may not be empty"));
    }
    o.eventsPath = parser.value(QStringLiteral("events"));
    return o;
}

} // namespace rs::cli
