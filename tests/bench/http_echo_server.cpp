// A minimal rs::http server for load tests with wrk; not part of CTest (see http_bench.sh).
//
//   http_echo_server [PORT] [THREADS] [--trace]
//
// GET answers "Hello, World!" (13 bytes, text/plain); any request with a body gets it back.
// With --trace, events are enabled and drained into a counting sink, to measure their cost.
#include "core/http/HttpServer.h"
#include "core/trace/EventDispatcher.h"

#include <QCoreApplication>
#include <QSocketNotifier>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <unistd.h>

namespace {
int signalPipe[2];

void onSignal(int)
{
    const char c = 1;
    [[maybe_unused]] const ssize_t n = ::write(signalPipe[1], &c, 1);
}

class CountingSink : public rs::trace::EventSink {
public:
    void consume(const rs::trace::Event *, std::size_t count) override { events += count; }
    std::size_t events = 0;
};
} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    rs::http::ServerConfig config;
    config.port = argc > 1 ? static_cast<quint16>(std::atoi(argv[1])) : 8080;
    config.threads = argc > 2 ? std::atoi(argv[2]) : 1;
    const bool trace = argc > 3 && std::strcmp(argv[3], "--trace") == 0;

    const QByteArray hello("Hello, World!");
    rs::http::HttpServer server(config, [&hello](rs::http::HttpRequest &request) {
        rs::http::HttpResponse response;
        response.headers.add("Content-Type", "text/plain");
        response.body = request.body.isEmpty() ? hello : request.body;
        return response;
    });

    auto sink = std::make_shared<CountingSink>();
    rs::trace::EventDispatcher dispatcher;
    if (trace) {
        dispatcher.addSink(sink);
        dispatcher.start();
    }

    QString error;
    if (!server.start(&error)) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 1;
    }
    std::fprintf(stderr, "listening on http://127.0.0.1:%u (%d worker%s)\n", server.port(), config.threads,
                 config.threads == 1 ? "" : "s");

    // Quit cleanly on SIGINT/SIGTERM, so that the counters below are printed.
    if (::pipe(signalPipe) != 0)
        return 1;
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
    QSocketNotifier notifier(signalPipe[0], QSocketNotifier::Read);
    QObject::connect(&notifier, &QSocketNotifier::activated, &app, &QCoreApplication::quit);
    app.exec();

    server.stop();
    dispatcher.stop();
    std::fprintf(stderr, "connections %llu, requests %llu, events %zu, dropped %llu\n",
                 static_cast<unsigned long long>(server.connectionsAccepted()),
                 static_cast<unsigned long long>(server.requestsHandled()), sink->events,
                 static_cast<unsigned long long>(rs::trace::EventBus::instance().dropped()));
    return 0;
}
