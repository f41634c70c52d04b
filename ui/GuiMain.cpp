#include "ui/GuiMain.h"

#include "app/demo/DemoApp.h"
#include "core/http/HttpServer.h"
#include "core/session/SecretKeyStore.h"
#include "core/trace/EventDispatcher.h"
#include "ui/EventFeed.h"
#include "ui/MainWindow.h"

#include <QApplication>
#include <QMessageBox>

namespace rs::ui {

int guiMain(int argc, char **argv)
{
    QApplication qapp(argc, argv);
    QApplication::setApplicationName(QStringLiteral("RequestScope"));

    demo::DemoApp demo;
    QString keyError;
    const QString key = SecretKeyStore::loadOrCreate(&keyError);
    if (!key.isEmpty())
        demo.app().config().set(QStringLiteral("SECRET_KEY"), key);
    auto feed = std::make_shared<EventFeed>();
    trace::EventDispatcher dispatcher;
    dispatcher.addSink(feed);
    dispatcher.start();

    // 127.0.0.1:5000, or the next free port when it is taken.
    std::unique_ptr<http::HttpServer> server;
    QString error;
    for (quint16 port = 5000; port < 5100; ++port) {
        http::ServerConfig config;
        config.port = port;
        server = std::make_unique<http::HttpServer>(config, demo.app().httpHandler());
        if (server->start(&error))
            break;
        server.reset();
    }
    if (!server) {
        QMessageBox::critical(nullptr, QStringLiteral("RequestScope"),
                              QStringLiteral("The demo app could not start: %1").arg(error));
        return 1;
    }
    QStringList routes;
    for (const auto &r : demo.app().ruleInfos())
        routes.append(r.rule);
    const QString address = QStringLiteral("http://127.0.0.1:%1").arg(server->port());
    MainWindow window(address, routes, *feed);
    window.show();
    const int rc = QApplication::exec();
    server->stop();
    dispatcher.stop();
    return rc;
}

} // namespace rs::ui
