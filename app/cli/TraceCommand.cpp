#include "app/cli/TraceCommand.h"

#include "core/trace/ChromeTraceWriter.h"
#include "core/trace/EventReader.h"
#include "core/trace/HarWriter.h"
#include "core/trace/TraceSummary.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

#include <cstdio>
#include <functional>

namespace rs::cli {

namespace {
void printErr(const QString &text)
{
    const QByteArray bytes = text.toLocal8Bit() + '\n';
    std::fwrite(bytes.constData(), 1, static_cast<std::size_t>(bytes.size()), stderr);
}

int usage(const QString &message)
{
    printErr(QStringLiteral("requestscope trace: ") + message +
             QStringLiteral(" (see requestscope trace --help)"));
    return 2;
}

// Reads IN, handing each event to `sink`. 0: read to the end; 1: could not open, or damaged (the
// events before the damage were handed over, and stderr says where).
int readAll(const QString &in, const std::function<void(const trace::Event &)> &sink, std::int64_t *count)
{
    trace::EventReader reader;
    QString error;
    if (!reader.open(in, &error)) {
        printErr(QStringLiteral("requestscope trace: ") + error);
        return 1;
    }
    trace::Event e;
    *count = 0;
    while (reader.next(e)) {
        sink(e);
        ++*count;
    }
    if (const auto &damage = reader.damage()) {
        printErr(QStringLiteral("requestscope trace: %1: %2 — used the %3 events before it")
                     .arg(in, damage->message)
                     .arg(*count));
        return 1;
    }
    return 0;
}

bool writeOut(const QString &out, const QByteArray &bytes)
{
    if (out == QLatin1String("-")) {
        std::fwrite(bytes.constData(), 1, static_cast<std::size_t>(bytes.size()), stdout);
        std::fflush(stdout);
        return true;
    }
    QSaveFile file(out);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        printErr(QStringLiteral("requestscope trace: cannot write %1: %2").arg(out, file.errorString()));
        return false;
    }
    return true;
}

int runExport(QStringList args)
{
    QString format;
    bool redact = false;
    QStringList files;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString &a = args[i];
        if (a == QLatin1String("--format")) {
            if (i + 1 >= args.size())
                return usage(QStringLiteral("--format needs chrome or har"));
            format = args[++i];
        } else if (a.startsWith(QLatin1String("--format="))) {
            format = a.mid(9);
        } else if (a == QLatin1String("--redact")) {
            redact = true;
        } else if (a.startsWith(QLatin1String("--")) && a != QLatin1String("-")) {
            return usage(QStringLiteral("export: unknown option '%1'").arg(a));
        } else {
            files << a;
        }
    }
    if (format != QLatin1String("chrome") && format != QLatin1String("har"))
        return usage(format.isEmpty()
                         ? QStringLiteral("export: --format chrome or --format har is required")
                         : QStringLiteral("export: --format: expected chrome or har, got '%1'").arg(format));
    if (redact && format != QLatin1String("har"))
        return usage(QStringLiteral("export: --redact goes with --format har"));
    if (files.size() != 2)
        return usage(QStringLiteral("export: expected IN and OUT, got %1 file name(s)").arg(files.size()));
    const QString &in = files[0];
    const QString &out = files[1];
    std::int64_t count = 0;
    QByteArray bytes;
    int status = 0;
    if (format == QLatin1String("chrome")) {
        trace::ChromeTraceWriter writer;
        status = readAll(
            in, [&](const trace::Event &e) { writer.add(e); }, &count);
        if (status != 0 && count == 0 && !QFileInfo::exists(in))
            return 1;
        bytes = writer.finish();
        printErr(QStringLiteral("requestscope trace: %1 events → %2 tracks").arg(count).arg(writer.tracks()));
    } else {
        trace::HarWriter writer(redact);
        status = readAll(
            in, [&](const trace::Event &e) { writer.add(e); }, &count);
        if (status != 0 && count == 0 && !QFileInfo::exists(in))
            return 1;
        // Events carry engine time: date them as if the last one happened when the file was last written.
        const QDateTime last =
            in == QLatin1String("-") ? QDateTime::currentDateTimeUtc() : QFileInfo(in).lastModified().toUTC();
        bytes = writer.finish(last);
        printErr(QStringLiteral("requestscope trace: %1 events → %2 HAR entries")
                     .arg(count)
                     .arg(writer.entries()));
    }
    if (!writeOut(out, bytes))
        return 1;
    return status;
}

int runSummary(const QStringList &args)
{
    if (args.size() != 1 || args[0].startsWith(QLatin1String("--")))
        return usage(QStringLiteral("summary: expected one recording (IN)"));
    trace::TraceSummary summary;
    std::int64_t count = 0;
    const int status = readAll(
        args[0], [&](const trace::Event &e) { summary.add(e); }, &count);
    if (status != 0 && count == 0 && !QFileInfo::exists(args[0]))
        return 1;
    const QByteArray text = summary.text().toUtf8();
    std::fwrite(text.constData(), 1, static_cast<std::size_t>(text.size()), stdout);
    return status;
}
} // namespace

QString traceHelpText()
{
    return QStringLiteral(
        "Usage:\n"
        "  requestscope trace export --format chrome IN OUT\n"
        "      Chrome Trace Event JSON for chrome://tracing or Perfetto: a process per worker, a track\n"
        "      per thread or coroutine, requests and phases as slices, every other event an instant.\n"
        "  requestscope trace export --format har [--redact] IN OUT\n"
        "      HAR 1.2 of the requests the engine saw, each with its lifecycle under _requestscope;\n"
        "      --redact hides Cookie, Set-Cookie and Authorization values.\n"
        "  requestscope trace summary IN\n"
        "      Requests, status counts, request and phase time percentiles, session decisions, errors.\n"
        "IN is a recording from `requestscope serve --events FILE` (FILE.gz for gzip); OUT may be -.\n"
        "A damaged recording is used up to the damaged line, which is named on stderr (exit 1).\n");
}

int runTrace(const QStringList &arguments)
{
    if (arguments.isEmpty())
        return usage(QStringLiteral("expected export or summary"));
    const QString &sub = arguments[0];
    if (sub == QLatin1String("--help") || sub == QLatin1String("-h") || sub == QLatin1String("help")) {
        const QByteArray text = traceHelpText().toUtf8();
        std::fwrite(text.constData(), 1, static_cast<std::size_t>(text.size()), stdout);
        return 0;
    }
    if (sub == QLatin1String("export"))
        return runExport(arguments.mid(1));
    if (sub == QLatin1String("summary"))
        return runSummary(arguments.mid(1));
    return usage(QStringLiteral("unknown subcommand '%1' (expected export or summary)").arg(sub));
}

} // namespace rs::cli
