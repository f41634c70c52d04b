#pragma once

#include "app/demo/DemoApp.h"
#include "core/http/HttpServer.h"
#include "tests/support/CookieJar.h"
#include "tests/support/TestHttpClient.h"

#include <QString>

#include <memory>

namespace rs::test {

// The demo app on a real HttpServer on a free loopback port, with a fixed SECRET_KEY, for tests
// that drive it from a client (the GUI's ClientPanel, a test client). Header-only: the tests that
// use it link rs_demo.
class DemoServer {
public:
    explicit DemoServer(const QString &secret = QStringLiteral("demo-server-secret"))
    {
        demo_ = std::make_unique<demo::DemoApp>();
        demo_->app().config().set(QStringLiteral("SECRET_KEY"), secret);
        http::ServerConfig config;
        config.port = 0;
        server_ = std::make_unique<http::HttpServer>(config, demo_->app().httpHandler());
        started_ = server_->start(&error_);
    }
    ~DemoServer() { server_->stop(); }
    DemoServer(const DemoServer &) = delete;
    DemoServer &operator=(const DemoServer &) = delete;

    bool started() const { return started_; }
    QString error() const { return error_; }
    quint16 port() const { return server_->port(); }
    // "http://127.0.0.1:PORT"
    QString baseUrl() const { return QStringLiteral("http://127.0.0.1:%1").arg(port()); }

    // One browser: one connection, one cookie jar.
    TestResponse get(const QByteArray &path)
    {
        if (!client_)
            client_ = std::make_unique<TestHttpClient>(port());
        TestResponse r = client_->get(path, jar_.headers());
        jar_.update(r);
        return r;
    }

private:
    std::unique_ptr<demo::DemoApp> demo_;
    std::unique_ptr<http::HttpServer> server_;
    std::unique_ptr<TestHttpClient> client_;
    CookieJar jar_;
    bool started_ = false;
    QString error_;
};

} // namespace rs::test
