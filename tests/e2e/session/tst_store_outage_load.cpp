// Redis killed and restarted while 8 clients keep writing and reading their sessions (issue 7,
// "Load and faults"; tests/load/redis_outage.sh measures the same at a larger scale):
//   - before: every request 200, and every session a 200 reported saved is in Redis;
//   - during: every session request 503 with the store and the error in the body and no session
//     cookie, while a request that never touches the session still gets 200;
//   - after Redis is back on the same port (empty), the engine recovers by itself: writes succeed
//     again within a few seconds, and every session reported saved after that is in Redis;
//   - on the events, throughout: no session.save set_cookie without a store.op set that
//     succeeded in the same request, and an `error` event in every 503.
// tst_store_outage.cpp checks the same one request at a time; this one with requests in flight
// while the store goes and comes back.
#include "tests/e2e/session/CheckedEvents.h"
#include "tests/e2e/session/ServerSideTestSupport.h"

#include <QElapsedTimer>
#include <QtTest>

#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

using namespace rs;
using test::ExternalServer;
using test::ServerSideEngine;
using test::TestHttpClient;
using test::TestResponse;

namespace {
enum Phase : int { Up, Killing, Down, Restarting, Back };

struct Sample {
    int phaseAtStart = Up;
    int phaseAtEnd = Up;
    qint64 startMs = 0;
    QByteArray target;
    bool session = true; // false for /noop without a cookie
    int status = 0;
    bool setsCookie = false;
    QByteArray sid; // the cookie's value, when it sets one
    bool namesStore = false;
};

// Clients that loop until told to stop: /set/n/<i> (a write; every 10th without a cookie, so new
// sessions are written too), /get/n (a read, with the cookie of the last session saved) and /noop
// (no cookie, no session). A sample is a "session" request when it needs the store.
class Load {
public:
    Load(quint16 port, int clients, std::atomic<int> &phase, QElapsedTimer &clock)
        : port_(port), phase_(phase), clock_(clock)
    {
        for (int t = 0; t < clients; ++t)
            threads_.emplace_back([this] { run(); });
    }
    ~Load() { stop(); }
    void stop()
    {
        stop_ = true;
        for (std::thread &t : threads_)
            if (t.joinable())
                t.join();
    }
    std::vector<Sample> samples()
    {
        std::lock_guard lock(mutex_);
        return samples_;
    }
    int count(int phase, int status, bool session = true)
    {
        std::lock_guard lock(mutex_);
        int n = 0;
        for (const Sample &s : samples_)
            n += s.phaseAtStart == phase && s.phaseAtEnd == phase && s.status == status &&
                 s.session == session;
        return n;
    }
    QByteArray expectedReason;

private:
    void run()
    {
        TestHttpClient client(port_);
        client.setTimeout(5000);
        QByteArray sid;
        for (int i = 0; !stop_; ++i) {
            Sample s;
            s.phaseAtStart = phase_.load();
            s.startMs = clock_.elapsed();
            switch (i % 3) {
            case 0:
                if (i % 30 == 0)
                    sid.clear(); // a new session
                s.target = "/set/n/" + QByteArray::number(i);
                break;
            case 1:
                s.target = "/get/n";
                s.session = !sid.isEmpty(); // without a cookie, a read never asks the store
                break;
            default:
                s.target = "/noop";
                s.session = false;
                break;
            }
            const TestResponse r = client.get(s.target, s.session && !sid.isEmpty() ? test::withCookie(sid)
                                                                                    : test::TestHeaders{});
            s.phaseAtEnd = phase_.load();
            s.status = r.status;
            if (const auto cookie = test::sessionCookie(r)) {
                s.setsCookie = true;
                s.sid = cookie->value;
                if (r.status == 200 && !cookie->deletes())
                    sid = cookie->value;
            }
            s.namesStore = !expectedReason.isEmpty() && r.body.contains(expectedReason);
            if (!r.complete || r.closedByPeer)
                client.disconnect();
            std::lock_guard lock(mutex_);
            samples_.push_back(std::move(s));
        }
    }

    quint16 port_;
    std::atomic<int> &phase_;
    QElapsedTimer &clock_;
    std::atomic<bool> stop_{false};
    std::mutex mutex_;
    std::vector<Sample> samples_;
    std::vector<std::thread> threads_;
};
} // namespace

class StoreOutageLoadTest : public QObject {
    Q_OBJECT

private slots:
    void redisKilledAndRestartedUnderLoad()
    {
        ExternalServer redis(ExternalServer::Kind::Redis);
        QString error;
        if (!redis.start(&error))
            QSKIP(qPrintable(error));
        RedisSessionStore::Endpoint endpoint;
        endpoint.port = redis.port();
        ServerSideEngine engine(std::make_shared<RedisSessionStore>(endpoint));
        QVERIFY2(engine.start(&error), qPrintable(error));

        test::CheckedEvents events;
        const auto &check = events.check;

        std::atomic<int> phase{Up};
        QElapsedTimer clock;
        clock.start();
        constexpr int kClients = 8;
        Load load(engine.port(), kClients, phase, clock);
        load.expectedReason = "The session store (redis at 127.0.0.1:" + QByteArray::number(redis.port()) +
                              "/0) is unavailable: ";

        QTRY_VERIFY_WITH_TIMEOUT(load.count(Up, 200) >= 300, 10000);
        // Every session reported saved so far is in Redis (a write is checked before the kill:
        // Redis keeps nothing across it).
        {
            const std::vector<Sample> upSamples = load.samples();
            int claimed = 0;
            for (const Sample &s : upSamples) {
                if (s.status == 200 && s.setsCookie) {
                    ++claimed;
                    QVERIFY2(engine.record(s.sid).status == SessionStore::Record::Status::Found,
                             s.sid.constData());
                }
            }
            QVERIFY(claimed > 0);
        }

        phase = Killing;
        redis.kill();
        phase = Down;
        const qint64 killedAt = clock.elapsed();
        QTRY_VERIFY_WITH_TIMEOUT(load.count(Down, 503) >= 200 && load.count(Down, 200, false) >= 50, 10000);

        phase = Restarting;
        QVERIFY2(redis.start(&error, endpoint.port), qPrintable(error));
        phase = Back;
        const qint64 backAt = clock.elapsed();
        QTRY_VERIFY_WITH_TIMEOUT(load.count(Back, 200) >= 300, 15000);
        load.stop();
        events.finish();

        const std::vector<Sample> samples = load.samples();
        qint64 firstWriteBack = -1;
        for (const Sample &s : samples)
            if (s.phaseAtStart == Back && s.session && s.status == 200 && s.setsCookie &&
                (firstWriteBack < 0 || s.startMs < firstWriteBack))
                firstWriteBack = s.startMs;
        int before = 0, during = 0, duringNoop = 0, after = 0, claimedAfter = 0;
        for (const Sample &s : samples) {
            const QByteArray what = s.target + " → " + QByteArray::number(s.status) + " (phase " +
                                    QByteArray::number(s.phaseAtStart) + "→" +
                                    QByteArray::number(s.phaseAtEnd) + ", at " +
                                    QByteArray::number(s.startMs) + " ms)";
            if (s.status == 503) {
                QVERIFY2(s.namesStore, what.constData());
                QVERIFY2(!s.setsCookie, what.constData());
            }
            if (s.phaseAtStart != s.phaseAtEnd)
                continue; // in flight while Redis went or came back: either answer is right
            switch (s.phaseAtStart) {
            case Up:
                QVERIFY2(s.status == 200, what.constData());
                ++before;
                break;
            case Down:
                if (s.session) {
                    QVERIFY2(s.status == 503, what.constData());
                    ++during;
                } else {
                    QVERIFY2(s.status == 200, what.constData());
                    ++duringNoop;
                }
                break;
            case Back:
                // Until the reconnect backoff lets a probe through (at most 2 s), 503 is right.
                if (s.startMs > firstWriteBack + 500)
                    QVERIFY2(s.status == 200, what.constData());
                if (s.status == 200 && s.setsCookie) {
                    ++claimedAfter;
                    QVERIFY2(engine.record(s.sid).status == SessionStore::Record::Status::Found,
                             s.sid.constData());
                }
                ++after;
                break;
            }
        }
        qInfo("%d requests: %d before, %d session requests during the outage (all 503) and %d /noop (200), "
              "%d after; the first write succeeded %lld ms after Redis was back (down for %lld ms); "
              "%d sessions reported saved after it, all in Redis",
              int(samples.size()), before, during, duringNoop, after, firstWriteBack - backAt,
              backAt - killedAt, claimedAfter);
        qInfo("events: %s", qPrintable(check->describe()));
        QVERIFY(firstWriteBack >= 0);
        QVERIFY2(firstWriteBack - backAt < 5000, qPrintable(QString::number(firstWriteBack - backAt)));
        QVERIFY(claimedAfter > 0);

        QCOMPARE(events.dropped(), quint64(0)); // the event checks saw everything
        std::lock_guard lock(check->mutex);
        QVERIFY2(check->unsavedSetCookie == 0, qPrintable(check->examples.join("; ")));
        QVERIFY2(check->answered503WithoutError == 0, qPrintable(check->examples.join("; ")));
        int seen503 = 0;
        for (const Sample &s : samples)
            seen503 += s.status == 503;
        QCOMPARE(check->answered503, seen503);
        QVERIFY(check->setCookie > 0);
    }
};

QTEST_GUILESS_MAIN(StoreOutageLoadTest)
#include "tst_store_outage_load.moc"
