#pragma once

class QString;

namespace rs::app {

// The GUI entry point: starts the demo app on 127.0.0.1:5000 (or the next free port) and opens
// the main window. Returns the process exit code.
int guiMain(int argc, char **argv);
// `requestscope replay FILE`: a replay window on a recording, without the demo app.
int replayMain(int argc, char **argv, const QString &path);

} // namespace rs::app
