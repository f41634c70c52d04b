#pragma once

#include "core/control/EngineControl.h"
#include "core/session/SessionBackend.h"

#include <memory>
#include <optional>
#include <thread>

namespace rs::http {
class HttpServer;
}
namespace rs::demo {
class DemoApp;
}

namespace rs::app {

// The GUI's engine: the demo app behind an HttpServer, started, stopped and reconfigured through
// EngineControl. Each start builds a fresh app with the new settings, as a restarted `serve` would.
// Events go to whatever sinks the process's EventDispatcher has; this class does not touch them.
//
// Start and stop return at once. One helper thread at a time does the slow part — stopping the
// old server (HttpServer::stop joins its workers, which finish the request they run: up to the
// whole of a /slow?ms=10000) and building the session backend (a store's ping) — and posts the
// outcome back; the rest (the app, the Locals' ident, binding the port) runs on the GUI thread,
// between the old server's last worker and the new one's first.
// Every function: the GUI thread.
class EngineHost : public control::EngineControl {
    Q_OBJECT
public:
    explicit EngineHost(QObject *parent = nullptr);
    // Stops as stopNow() does.
    ~EngineHost() override;

    void start(const control::EngineSettings &settings) override;
    void stop() override;
    // Stops and waits for the workers, blocking: for the end of the process, once no window is
    // left to freeze.
    void stopNow();
    Status status() const override { return status_; }
    control::EngineSettings settings() const override { return settings_; }
    std::vector<Route> routes() const override;
    std::vector<Hook> hooks() const override;
    QStringList middleware() const override;
    quint64 requestsHandled() const override;
    std::map<QString, std::vector<quint64>> liveSlots() const override;
    QString secretKey() const override { return secretKey_; }

private:
    struct Next {
        bool start = false;
        control::EngineSettings settings;
    };
    struct JobResult {
        std::optional<SessionBackend::Result> backend;
    };
    bool fail(const QString &error);
    void begin(Pending pending, std::optional<SessionBackendSettings> backend);
    void jobDone(quint64 job, const std::shared_ptr<JobResult> &result);
    void finishStart(std::optional<SessionBackend::Result> backend);

    control::EngineSettings settings_;
    Status status_;
    std::unique_ptr<demo::DemoApp> demo_;
    std::unique_ptr<http::HttpServer> server_;
    std::unique_ptr<http::HttpServer> stopping_; // being stopped by the helper; read for its counters
    std::thread helper_;
    quint64 job_ = 0;           // the helper's job that jobDone() expects
    std::optional<Next> next_;  // asked for while a start or stop was under way
    quint64 handledBefore_ = 0; // by servers already stopped
    QString secretKey_;
};

} // namespace rs::app
