#pragma once

// DESIGN.md's rule for a session store that fails, checked on the events as they arrive: no
// session.save with decision set_cookie unless a store.op `set` of the same request succeeded
// before it, and an `error` event in every request answered 503. Keeps counters and a few
// examples, not the events (a load run makes hundreds of thousands). Header-only: tests that use
// it link rs_trace. Used through CheckedEvents by the store fault tests.
#include "core/trace/EventSink.h"

#include <QStringList>

#include <mutex>
#include <unordered_set>

namespace rs::test {

class SaveCheckSink : public trace::EventSink {
public:
    // Dispatcher thread.
    void consume(const trace::Event *events, std::size_t count) override
    {
        std::lock_guard lock(mutex);
        for (std::size_t i = 0; i < count; ++i) {
            const trace::Event &e = events[i];
            switch (e.kind) {
            case trace::EventKind::StoreOp: // backend, op, key, ok
                if (e.boolAt(0)) {
                    ++storeOk;
                    if (e.textAt(1) == "set")
                        savedWrite_.insert(e.req);
                } else {
                    ++storeFailed;
                }
                break;
            case trace::EventKind::SessionSave: // decision, reason
                if (e.textAt(0) == "set_cookie") {
                    ++setCookie;
                    if (!savedWrite_.count(e.req)) {
                        ++unsavedSetCookie;
                        if (examples.size() < 3)
                            examples << QStringLiteral("request %1: set_cookie without a saved write: %2")
                                            .arg(e.req)
                                            .arg(QString::fromUtf8(e.textAt(1).data(),
                                                                   qsizetype(e.textAt(1).size())));
                    }
                }
                break;
            case trace::EventKind::Error: withError_.insert(e.req); break;
            case trace::EventKind::RequestEnd: // status
                ++requests;
                if (e.intAt(0) == 503) {
                    ++answered503;
                    if (!withError_.count(e.req)) {
                        ++answered503WithoutError;
                        if (examples.size() < 3)
                            examples << QStringLiteral("request %1: 503 without an error event").arg(e.req);
                    }
                }
                savedWrite_.erase(e.req);
                withError_.erase(e.req);
                break;
            default: break;
            }
        }
    }

    QString describe()
    {
        std::lock_guard lock(mutex);
        return QStringLiteral("%1 requests, %2 set_cookie (%3 without a saved write), %4 answered 503 (%5 "
                              "without an error event), store ops %6 ok / %7 failed%8")
            .arg(requests)
            .arg(setCookie)
            .arg(unsavedSetCookie)
            .arg(answered503)
            .arg(answered503WithoutError)
            .arg(storeOk)
            .arg(storeFailed)
            .arg(examples.isEmpty() ? QString() : QStringLiteral("; ") + examples.join(QStringLiteral("; ")));
    }

    std::mutex mutex;
    int requests = 0;
    int setCookie = 0;
    int unsavedSetCookie = 0;
    int answered503 = 0;
    int answered503WithoutError = 0;
    int storeOk = 0;
    int storeFailed = 0;
    QStringList examples;

private:
    std::unordered_set<std::uint64_t> savedWrite_; // requests whose store.op set succeeded so far
    std::unordered_set<std::uint64_t> withError_;  // requests with an error event so far
};

} // namespace rs::test
