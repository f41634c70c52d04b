#include "app/cli/CookieCommand.h"

#include "core/session/codec/CookieSessionCodec.h"
#include "core/session/codec/Failure.h"
#include "core/session/codec/Signer.h"
#include "core/value/TaggedJson.h"

#include <QCommandLineParser>
#include <QDateTime>
#include <QFile>

#include <cstdio>
#include <optional>

namespace rs::cli {

namespace {
constexpr int kExitRejected = 1;
constexpr int kExitUsage = 2;

struct Options {
    QString command; // "sign" or "decode"
    QList<QByteArray> secrets;
    std::int64_t now = 0;
    std::optional<std::int64_t> maxAge = codec::CookieSessionCodec::kDefaultMaxAgeSeconds;
    QString input; // the JSON (sign) or the cookie (decode)
};

void printErr(const QString &text)
{
    std::fprintf(stderr, "%s\n", text.toUtf8().constData());
    std::fflush(stderr);
}

void printOut(const QByteArray &bytes)
{
    std::fwrite(bytes.constData(), 1, static_cast<std::size_t>(bytes.size()), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

int usageError(const QString &prefix, const QString &message)
{
    printErr(prefix + QStringLiteral(": ") + message + QStringLiteral(" (see requestscope cookie --help)"));
    return kExitUsage;
}

bool parseSeconds(const QString &text, std::int64_t *out)
{
    bool ok = false;
    const qint64 v = text.toLongLong(&ok);
    if (!ok || v < 0)
        return false;
    *out = v;
    return true;
}

// Parses `sign|decode [options] ARG`. Returns an exit code when it should stop (help or error).
std::optional<int> parse(const QStringList &arguments, Options *o)
{
    if (arguments.isEmpty())
        return usageError(QStringLiteral("requestscope cookie"),
                          QStringLiteral("expected 'sign' or 'decode'"));
    const QString first = arguments.first();
    if (first == QLatin1String("--help") || first == QLatin1String("-h") || first == QLatin1String("help")) {
        std::fputs(cookieHelpText().toUtf8().constData(), stdout);
        return 0;
    }
    if (first != QLatin1String("sign") && first != QLatin1String("decode"))
        return usageError(QStringLiteral("requestscope cookie"),
                          QStringLiteral("unknown subcommand '%1'; expected 'sign' or 'decode'").arg(first));
    o->command = first;
    const QString prefix = QStringLiteral("requestscope cookie ") + first;
    const bool decode = first == QLatin1String("decode");

    QCommandLineParser parser;
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    parser.addOption(QCommandLineOption(QStringLiteral("secret"), QString(), QStringLiteral("KEY")));
    parser.addOption(QCommandLineOption(QStringLiteral("now"), QString(), QStringLiteral("UNIX")));
    parser.addOption(QCommandLineOption(QStringLiteral("max-age"), QString(), QStringLiteral("S")));
    parser.addOption(QCommandLineOption({QStringLiteral("h"), QStringLiteral("help")}, QString()));
    if (!parser.parse(QStringList{prefix} + arguments.mid(1)))
        return usageError(prefix, parser.errorText());
    if (parser.isSet(QStringLiteral("help"))) {
        std::fputs(cookieHelpText().toUtf8().constData(), stdout);
        return 0;
    }

    const QStringList secrets = parser.values(QStringLiteral("secret"));
    if (secrets.isEmpty())
        return usageError(prefix, QStringLiteral("--secret KEY is required (the app's SECRET_KEY)"));
    for (const QString &s : secrets) {
        if (s.isEmpty())
            return usageError(prefix, QStringLiteral("--secret: the key may not be empty"));
    }
    o->secrets = codec::Signer::keysFromStrings(secrets);

    o->now = QDateTime::currentSecsSinceEpoch();
    if (parser.isSet(QStringLiteral("now"))) {
        const QString text = parser.value(QStringLiteral("now"));
        if (!parseSeconds(text, &o->now))
            return usageError(
                prefix,
                QStringLiteral("--now: expected Unix seconds (a whole number ≥ 0), got '%1'").arg(text));
    }
    if (parser.isSet(QStringLiteral("max-age"))) {
        if (!decode)
            return usageError(prefix, QStringLiteral("--max-age only applies to 'cookie decode'"));
        const QString text = parser.value(QStringLiteral("max-age"));
        std::int64_t seconds = 0;
        if (text == QLatin1String("none"))
            o->maxAge.reset();
        else if (parseSeconds(text, &seconds))
            o->maxAge = seconds;
        else
            return usageError(
                prefix, QStringLiteral("--max-age: expected seconds (a whole number ≥ 0) or 'none', got '%1'")
                            .arg(text));
    }

    const QStringList positional = parser.positionalArguments();
    const QString what = decode ? QStringLiteral("COOKIE (the cookie's value)")
                                : QStringLiteral("JSON (the session in tagged-JSON form, or - for stdin)");
    if (positional.isEmpty())
        return usageError(prefix, QStringLiteral("missing %1").arg(what));
    if (positional.size() > 1)
        return usageError(prefix, QStringLiteral("unexpected argument '%1' after %2; quote the %3")
                                      .arg(positional.at(1), positional.at(0),
                                           decode ? QStringLiteral("cookie") : QStringLiteral("JSON")));
    o->input = positional.first();
    return std::nullopt;
}

int sign(const Options &o)
{
    const QString prefix = QStringLiteral("requestscope cookie sign");
    QByteArray json = o.input.toUtf8();
    if (o.input == QLatin1String("-")) {
        QFile in;
        if (!in.open(stdin, QIODevice::ReadOnly))
            return usageError(prefix, QStringLiteral("cannot read standard input"));
        // A session is a few KiB (a cookie holds 4); refuse what cannot be one instead of reading it all.
        constexpr qint64 kMaxInputBytes = 1 << 20;
        json = in.read(kMaxInputBytes + 1);
        if (json.size() > kMaxInputBytes)
            return usageError(
                prefix, QStringLiteral("standard input is over %1 bytes: not a session").arg(kMaxInputBytes));
        json = json.trimmed();
    }
    // Read into the engine's own values, so what gets signed is what the engine writes.
    QString error;
    const Value session = TaggedJson::loads(json, &error);
    if (!error.isEmpty())
        return usageError(prefix, QStringLiteral("JSON: ") + error);
    if (!session.isDict())
        return usageError(prefix,
                          QStringLiteral("JSON: the session must be an object, got %1").arg(session.repr()));
    const QByteArray cookie = codec::CookieSessionCodec::sign(session, o.now, o.secrets, &error);
    if (cookie.isEmpty()) {
        printErr(prefix + QStringLiteral(": cannot serialize the session: ") + error);
        return kExitRejected;
    }
    printOut(cookie);
    return 0;
}

QString reasonInWords(codec::Failure failure)
{
    switch (failure) {
    case codec::Failure::BadSignature: return QStringLiteral("bad signature");
    case codec::Failure::Expired: return QStringLiteral("expired");
    case codec::Failure::Malformed: return QStringLiteral("malformed");
    case codec::Failure::BadPayload: return QStringLiteral("bad payload");
    case codec::Failure::None: break;
    }
    return QStringLiteral("ok");
}

// What Flask would make of the cookie, so the user knows what the refusal means for a request.
QString flaskOutcome(codec::Failure failure)
{
    return failure == codec::Failure::BadPayload
               ? QStringLiteral("Flask answers such a request with HTTP 500")
               : QStringLiteral("Flask ignores such a cookie and starts a new empty session");
}

int decode(const Options &o)
{
    const QString prefix = QStringLiteral("requestscope cookie decode");
    const QByteArray cookie = o.input.toUtf8();
    const codec::LoadResult r = codec::CookieSessionCodec::decode(cookie, o.secrets, o.now, o.maxAge);
    if (!r.ok()) {
        QString line = prefix + QStringLiteral(": ") + reasonInWords(r.failure);
        if (!r.message.isEmpty())
            line += QStringLiteral(": ") + r.message;
        line += QStringLiteral(" — ") + flaskOutcome(r.failure);
        if (cookie.contains('=') || cookie.contains(';'))
            line += QStringLiteral(" (pass only the value, without 'session=' or the attributes)");
        printErr(line);
        return kExitRejected;
    }
    printOut(r.json);
    return 0;
}
} // namespace

QString cookieHelpText()
{
    return QStringLiteral(
        "Usage:\n"
        "  requestscope cookie sign   --secret KEY [--now UNIX] JSON\n"
        "  requestscope cookie decode --secret KEY [--now UNIX] [--max-age S] COOKIE\n"
        "\n"
        "Signs or opens a Flask 2.2 session cookie, byte for byte as Flask's\n"
        "SecureCookieSessionInterface (salt \"cookie-session\", HMAC-SHA1, TaggedJSON, zlib).\n"
        "\n"
        "  sign    JSON is the session in tagged-JSON form, as Flask writes it, for example\n"
        "          '{\"user\":\"alex\",\"pair\":{\" t\":[1,2]}}' (a tuple); - reads it from standard input.\n"
        "          Prints the cookie value.\n"
        "  decode  Prints the session JSON exactly as it was signed. A refused cookie prints the\n"
        "          reason (bad signature, expired, malformed, bad payload) on stderr and exits 1.\n"
        "\n"
        "Options:\n"
        "  --secret KEY  the app's SECRET_KEY; repeat it for key rotation (oldest first: sign uses\n"
        "                the last, decode accepts any)\n"
        "  --now UNIX    the clock, in Unix seconds (default: the current time)\n"
        "  --max-age S   decode: the oldest accepted signature age in seconds (default 2678400, the\n"
        "                31 days of PERMANENT_SESSION_LIFETIME); 'none' skips the age check\n"
        "\n"
        "Exit status: 0 done, 1 refused (decode) or not serializable (sign), 2 bad arguments.\n");
}

int runCookie(const QStringList &arguments)
{
    Options o;
    if (const std::optional<int> stop = parse(arguments, &o))
        return *stop;
    return o.command == QLatin1String("sign") ? sign(o) : decode(o);
}

} // namespace rs::cli
