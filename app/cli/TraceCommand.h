#pragma once

#include <QString>
#include <QStringList>

namespace rs::cli {

// `requestscope trace …`: recordings made with `serve --events FILE` (JSON lines, or gzip when
// the name ends in .gz).
//   trace export --format chrome IN OUT   Chrome Trace Event JSON (chrome://tracing, Perfetto)
//   trace export --format har [--redact] IN OUT
//                                         HAR 1.2 of the requests the engine saw
//   trace summary IN                      requests, status counts, phase percentiles, session
//                                         decisions, errors
// OUT may be "-" (standard output). A damaged recording is used up to the damage: the output is
// still written, the damaged line is named on stderr and the exit code is 1. Bad arguments print
// one line on stderr and exit 2; a file that cannot be read or written exits 1.
int runTrace(const QStringList &arguments);

QString traceHelpText();

} // namespace rs::cli
