#pragma once

#include "core/http/HttpRequest.h"
#include "core/trace/CollectingSink.h"
#include "core/trace/EventDispatcher.h"

#include <QString>
#include <QStringList>

#include <atomic>
#include <memory>

namespace rs::test {

// Records every event while it lives (header-only: tests that use it link rs_trace).
class EventRecorder {
public:
    EventRecorder() : sink_(std::make_shared<trace::CollectingSink>())
    {
        dispatcher_.addSink(sink_);
        dispatcher_.start();
    }
    ~EventRecorder() { dispatcher_.stop(); }

    // Every event published so far, once the dispatcher has delivered them.
    std::vector<trace::Event> events()
    {
        dispatcher_.sync();
        return sink_->events();
    }
    std::vector<trace::Event> eventsOfRequest(std::uint64_t req)
    {
        dispatcher_.sync();
        return sink_->eventsOfRequest(req);
    }
    void clear()
    {
        dispatcher_.sync();
        sink_->clear();
    }

    // "phase.begin view:hello", "stack.push request:1" … for the kinds in `kinds` (all when empty).
    static QStringList describe(const std::vector<trace::Event> &events, const QStringList &kinds = {})
    {
        QStringList out;
        for (const trace::Event &e : events) {
            const QString kind = QString::fromUtf8(trace::kindName(e.kind).data());
            if (!kinds.isEmpty() && !kinds.contains(kind))
                continue;
            QString detail;
            switch (e.kind) {
            case trace::EventKind::PhaseBegin:
            case trace::EventKind::PhaseEnd:
                detail = e.field("phase").toString() + QLatin1Char(':') + e.field("name").toString();
                break;
            case trace::EventKind::StackPush:
            case trace::EventKind::StackPop:
                detail = e.field("stack").toString() + QLatin1Char(':') + e.field("depth").toString();
                break;
            default: break;
            }
            out.append(detail.isEmpty() ? kind : kind + QLatin1Char(' ') + detail);
        }
        return out;
    }

private:
    std::shared_ptr<trace::CollectingSink> sink_;
    trace::EventDispatcher dispatcher_;
};

// A made-up request for running an app in-process (no sockets).
inline std::unique_ptr<http::HttpRequest> makeEnviron(const QByteArray &method, const QByteArray &target)
{
    static std::atomic<std::uint64_t> nextId{1'000'000};
    auto env = std::make_unique<http::HttpRequest>();
    env->id = nextId.fetch_add(1);
    env->method = method;
    env->target = target;
    const qsizetype q = target.indexOf('?');
    env->rawPath = q < 0 ? target : target.left(q);
    env->rawQuery = q < 0 ? QByteArray() : target.mid(q + 1);
    env->path = QString::fromUtf8(QByteArray::fromPercentEncoding(env->rawPath));
    env->headers.add("Host", "localhost");
    return env;
}

} // namespace rs::test
