#pragma once

// Clients for the store fault tests: several threads at once, each on its own keep-alive
// connection (a new one after the server closed it), each sending its list of requests.
#include "tests/e2e/session/ServerSideTestSupport.h"

#include <functional>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

namespace rs::test {

struct FaultAnswer {
    QByteArray target;
    int status = 0;
    bool setsCookie = false;
    QByteArray body;
};

// A request a client sends: its target and the session cookie it carries (none when empty).
using FaultRequest = std::pair<QByteArray, QByteArray>;

inline TestResponse getWithSession(quint16 port, const QByteArray &target, const QByteArray &sid = {})
{
    TestHttpClient client(port);
    return client.get(target, sid.isEmpty() ? TestHeaders{} : withCookie(sid));
}

// Runs `clients` threads; thread t sends requestsOf(t) in order. Returns every answer.
inline std::vector<FaultAnswer>
runFaultClients(quint16 port, int clients, const std::function<std::vector<FaultRequest>(int)> &requestsOf,
                int timeoutMs = 5000)
{
    std::vector<FaultAnswer> answers;
    std::mutex mutex;
    std::vector<std::thread> threads;
    for (int t = 0; t < clients; ++t) {
        threads.emplace_back([&, t] {
            TestHttpClient client(port);
            client.setTimeout(timeoutMs);
            for (const auto &[target, sid] : requestsOf(t)) {
                const TestResponse a = client.get(target, sid.isEmpty() ? TestHeaders{} : withCookie(sid));
                std::lock_guard lock(mutex);
                answers.push_back({target, a.status, sessionCookie(a).has_value(), a.body});
                if (!a.complete || a.closedByPeer)
                    client.disconnect();
            }
        });
    }
    for (std::thread &thread : threads)
        thread.join();
    return answers;
}

} // namespace rs::test
