#include "app/cli/CookieCommand.h"
#include "app/cli/ServeCommand.h"
#include "app/cli/TraceCommand.h"
#include "core/trace/ExecutionContext.h"

#ifdef RS_WITH_GUI
#include "app/gui/GuiMain.h"
#endif

#include <QCoreApplication>
#include <QString>

#include <cstdio>
#include <memory>

namespace {
const char *const kUsage =
    "Usage:\n"
    "  requestscope                 the GUI, with the demo app serving on 127.0.0.1:5000\n"
    "  requestscope serve [opts]    the demo app without the GUI (requestscope serve --help)\n"
    "  requestscope cookie sign   --secret KEY [--now UNIX] JSON\n"
    "                               a Flask session cookie for a session in tagged-JSON form\n"
    "  requestscope cookie decode --secret KEY [--now UNIX] [--max-age S] COOKIE\n"
    "                               the JSON a Flask session cookie carries, or why it is refused\n"
    "                               (requestscope cookie --help)\n"
    "  requestscope trace export --format chrome|har [--redact] IN OUT\n"
    "  requestscope trace summary IN\n"
    "                               a recording of `serve --events FILE` as a Chrome trace (Perfetto)\n"
    "                               or HAR, or summed up (requestscope trace --help)\n"
    "  requestscope replay FILE     the replay window on a recording (File → Record events in the\n"
    "                               GUI, or serve --events FILE), without the demo app\n";
}

int main(int argc, char **argv)
{
    rs::trace::ExecutionContext::setThreadName("main");
    const QString command = argc > 1 ? QString::fromLocal8Bit(argv[1]) : QString();
    if (command == QLatin1String("serve")) {
        QCoreApplication app(argc, argv);
        QStringList rest = QCoreApplication::arguments().mid(2);
        return rs::cli::runServe(rest);
    }
    if (command == QLatin1String("cookie")) {
        QCoreApplication app(argc, argv);
        return rs::cli::runCookie(QCoreApplication::arguments().mid(2));
    }
    if (command == QLatin1String("trace")) {
        QCoreApplication app(argc, argv);
        return rs::cli::runTrace(QCoreApplication::arguments().mid(2));
    }
    if (command == QLatin1String("replay")) {
#ifdef RS_WITH_GUI
        if (argc != 3 || argv[2][0] == '-') {
            std::fputs("usage: requestscope replay FILE   (a recording: JSON lines, plain or .gz)\n", stderr);
            return 2;
        }
        return rs::app::replayMain(argc, argv, QString::fromLocal8Bit(argv[2]));
#else
        std::fputs("requestscope: this build has no GUI; use 'requestscope trace summary FILE'\n", stderr);
        return 2;
#endif
    }
    if (command == QLatin1String("--help") || command == QLatin1String("-h") ||
        command == QLatin1String("help")) {
        std::fputs(kUsage, stdout);
        return 0;
    }
    if (!command.isEmpty()) {
        std::fprintf(stderr, "requestscope: unknown command '%s'\n%s", argv[1], kUsage);
        return 2;
    }
#ifdef RS_WITH_GUI
    return rs::app::guiMain(argc, argv);
#else
    std::fputs("requestscope: this build has no GUI; use 'requestscope serve'\n", stderr);
    return 2;
#endif
}
