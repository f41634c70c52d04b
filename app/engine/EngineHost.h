#pragma once

#include "core/control/EngineControl.h"

#include <memory>

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
// Every function: the GUI thread.
class EngineHost : public control::EngineControl {
    Q_OBJECT
public:
    explicit EngineHost(QObject *parent = nullptr);
    ~EngineHost() override;

    bool start(const control::EngineSettings &settings) override;
    void stop() override;
    Status status() const override { return status_; }
    control::EngineSettings settings() const override { return settings_; }
    std::vector<Route> routes() const override;
    std::vector<Hook> hooks() const override;
    QStringList middleware() const override;
    quint64 requestsHandled() const override;
    QString secretKey() const override { return secretKey_; }

private:
    bool fail(const QString &error);

    control::EngineSettings settings_;
    Status status_;
    std::unique_ptr<demo::DemoApp> demo_;
    std::unique_ptr<http::HttpServer> server_;
    quint64 handledBefore_ = 0; // by servers already stopped
    QString secretKey_;
};

} // namespace rs::app
