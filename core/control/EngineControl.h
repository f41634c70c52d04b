#pragma once

#include "core/control/EngineSettings.h"
#include "core/trace/Breakpoints.h"

#include <QObject>
#include <QString>
#include <QStringList>

#include <map>
#include <vector>

namespace rs::control {

// The only way the UI changes the engine (DESIGN.md): start, stop, restart with new settings,
// what the app is made of, and step-mode breakpoints. What the engine *does* reaches the UI
// through events only. Every function and signal: the thread that owns the object (the GUI).
// Start and stop never block their caller: what can take long (joining a worker that is busy,
// pinging a session store) runs on a helper thread, and the outcome comes back as signals.
class EngineControl : public QObject {
    Q_OBJECT
public:
    enum class State { Stopped, Running, Failed };
    // A start or stop under way; `state` keeps the last outcome until it ends.
    enum class Pending { None, Starting, Stopping };
    struct Status {
        State state = State::Stopped;
        Pending pending = Pending::None;
        QString address;     // "http://127.0.0.1:5000" while running
        QString error;       // why the last start failed ("127.0.0.1:5000 is already in use")
        QString warning;     // e.g. a session store that does not answer yet
        QString sessionInfo; // "signed cookie", "redis at 127.0.0.1:6379/0"
        QString secretInfo;  // where SECRET_KEY came from, never the key itself
    };
    struct Route {
        QString rule;
        QString methods; // "GET, HEAD, OPTIONS"
        QString endpoint;
        QString blueprint; // empty for the app's own
    };
    struct Hook {
        QString when;  // before_request, after_request, teardown_request, teardown_appcontext, …
        QString scope; // "app" or the blueprint's name
        QString name;
    };

    using QObject::QObject;

    // Begin a start (a running server is stopped first) or a stop (held workers are released
    // first) and return at once. statusChanged() follows with status().pending set, then with the
    // outcome (Running, Stopped, or Failed and status().error); settled() once nothing is pending.
    // Asked while one is under way, it runs after it (only the last one asked is kept).
    virtual void start(const EngineSettings &settings) = 0;
    virtual void stop() = 0;
    void restart(const EngineSettings &settings) { start(settings); }
    bool busy() const { return status().pending != Pending::None; }

    virtual Status status() const = 0;
    virtual EngineSettings settings() const = 0;
    virtual std::vector<Route> routes() const = 0;
    // In the order they run for a request.
    virtual std::vector<Hook> hooks() const = 0;
    // Outermost first.
    virtual QStringList middleware() const = 0;
    virtual quint64 requestsHandled() const = 0;
    // The SECRET_KEY in use (the session inspector verifies and signs cookies with it). The GUI is
    // local to the user who owns the key; it is never written to events or logs.
    virtual QString secretKey() const = 0;
    // The idents that have a slot in each context Local right now, by the Local's event name
    // ("request_stack", "app_stack"). The GUI prunes what its models still show after it lost
    // events (a dropped local.release would leave a dead slot on screen). Any thread.
    virtual std::map<QString, std::vector<quint64>> liveSlots() const = 0;

    trace::Breakpoints &breakpoints() const { return trace::Breakpoints::instance(); }

signals:
    void statusChanged();
    // The last start or stop asked for has ended (after its statusChanged()).
    void settled();
};

} // namespace rs::control
