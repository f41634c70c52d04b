#pragma once

// Shared by the ui model tests: events built by hand, a demo app serving on a free port whose
// events are recorded, and QAbstractItemModelTester attached to a model.
#include "app/demo/DemoApp.h"
#include "core/http/HttpServer.h"
#include "core/trace/EventKind.h"
#include "tests/support/CookieJar.h"
#include "tests/support/DemoServer.h"
#include "tests/support/EventRecorder.h"
#include "tests/support/TestHttpClient.h"

#include <QAbstractItemModelTester>
#include <QVariant>
#include <QtTest>

#include <initializer_list>
#include <memory>
#include <utility>
#include <vector>

namespace rs::uitest {

// An event as the bus would publish it, with fields by DESIGN.md's names.
inline trace::Event makeEvent(trace::EventKind kind, std::uint64_t seq, std::uint64_t req,
                              std::uint64_t ident,
                              std::initializer_list<std::pair<const char *, QVariant>> fields,
                              const char *thread = "worker-1", std::int64_t tUs = -1)
{
    trace::Event e(kind);
    e.seq = seq;
    e.tUs = tUs < 0 ? static_cast<std::int64_t>(seq) * 10 : tUs;
    e.req = req;
    e.ident = ident;
    e.thread = thread;
    const trace::KindSpec &spec = trace::kindSpec(kind);
    // Text must be set in slot order: walk the spec (its text fields are in slot order).
    for (int i = 0; i < spec.fieldCount; ++i) {
        const trace::FieldSpec &f = spec.fields[i];
        QVariant v;
        for (const auto &[name, value] : fields)
            if (qstrcmp(name, f.name) == 0)
                v = value;
        switch (f.type) {
        case trace::FieldType::Text: e.setText(f.slot, v.toString().toStdString()); break;
        case trace::FieldType::Int: e.setInt(f.slot, v.toLongLong()); break;
        case trace::FieldType::Bool: e.setBool(f.slot, v.toBool()); break;
        }
    }
    return e;
}

inline QAbstractItemModelTester *attachTester(QAbstractItemModel *model)
{
    return new QAbstractItemModelTester(model, QAbstractItemModelTester::FailureReportingMode::Fatal, model);
}

// Splits events into batches of `size` (the last may be shorter).
inline std::vector<std::vector<trace::Event>> batches(const std::vector<trace::Event> &events,
                                                      std::size_t size)
{
    std::vector<std::vector<trace::Event>> out;
    for (std::size_t i = 0; i < events.size(); i += size)
        out.emplace_back(events.begin() + static_cast<std::ptrdiff_t>(i),
                         events.begin() + static_cast<std::ptrdiff_t>(std::min(events.size(), i + size)));
    return out;
}

// The events of `req`, in order.
inline std::vector<trace::Event> ofRequest(const std::vector<trace::Event> &events, std::uint64_t req)
{
    std::vector<trace::Event> out;
    for (const trace::Event &e : events)
        if (e.req == req)
            out.push_back(e);
    return out;
}

// The id of the last request for `path` in `events` (0 when none).
inline std::uint64_t requestFor(const std::vector<trace::Event> &events, const QString &path)
{
    std::uint64_t id = 0;
    for (const trace::Event &e : events)
        if (e.kind == trace::EventKind::RequestBegin && e.field("path").toString() == path)
            id = e.req;
    return id;
}

// The demo app on 127.0.0.1:<free port>, with a cookie-keeping client.
// The demo app on a free port, driven by one test client with a cookie jar.
class DemoServer : public test::DemoServer {
public:
    DemoServer() : test::DemoServer(QStringLiteral("ui-models-secret")) {}
};

} // namespace rs::uitest

namespace rs::uitest {

// Every event recorded so far, once `count` requests have ended (the engine may emit request.end
// just after the client has read the response). Empty on timeout.
inline std::vector<trace::Event> eventsAfterRequests(test::EventRecorder &recorder, int count,
                                                     int timeoutMs = 5000)
{
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < timeoutMs) {
        std::vector<trace::Event> events = recorder.events();
        int ended = 0;
        for (const trace::Event &e : events)
            ended += e.kind == trace::EventKind::RequestEnd ? 1 : 0;
        if (ended >= count)
            return events;
        QThread::msleep(5);
    }
    return {};
}

} // namespace rs::uitest
