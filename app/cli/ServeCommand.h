#pragma once

#include <QStringList>

namespace rs::cli {

// `requestscope serve …` (DESIGN.md's command line): runs the demo app until SIGINT/SIGTERM.
// Prints `listening on http://H:PORT` on stderr once it accepts connections. Returns the exit
// code: 0 after a clean stop, 2 for bad arguments, 1 when the server cannot start.
int runServe(const QStringList &arguments);

} // namespace rs::cli
