#pragma once

#include <QString>
#include <QStringList>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace rs::trace {

// Step mode: a worker that reaches a chosen phase (or a stack push/pop) waits there until the
// GUI says Continue, Step or Run, or until the hold timeout passes, so the engine never hangs.
// The point names are the phase names of DESIGN.md plus "stack.push" and "stack.pop".
//
// With nothing armed, the engine pays one relaxed load per phase (`armed()`); breakpoints only
// fire while tracing, since the GUI always traces.
//
// Threads: hit() on workers; everything else from any thread (the GUI).
class Breakpoints {
public:
    struct Held {
        std::uint64_t id = 0; // this hold, unique in the process
        QString point;        // "view", "stack.push", …
        QString name;         // the hook or view, or the stack object
        QString thread;
        std::uint64_t ident = 0;
        std::uint64_t req = 0;
        std::int64_t sinceUs = 0; // EventBus::nowUs() when it stopped
    };

    static Breakpoints &instance();
    static bool armed() { return armed_.load(std::memory_order_relaxed); }

    // Worker thread: called after the event of that point was emitted; returns when released.
    void hit(std::string_view point, std::string_view name);

    // The points that break. Unknown names are kept (they never match).
    void setPoints(const QStringList &points);
    QStringList points() const;
    // How long a hold waits before it releases itself.
    void setHoldTimeout(std::chrono::milliseconds timeout);
    std::chrono::milliseconds holdTimeout() const;

    std::vector<Held> held() const;
    // Changes whenever a hold starts or ends: poll it to know when to refresh.
    std::uint64_t generation() const { return generation_.load(std::memory_order_acquire); }
    // Holds that released themselves after the timeout.
    std::uint64_t timedOut() const { return timedOut_.load(std::memory_order_relaxed); }

    // Release one hold (F5), or all of them.
    void resume(std::uint64_t holdId);
    void resumeAll();
    // Release this hold and stop again at the next phase (or stack change) of the same ident (F10).
    void step(std::uint64_t holdId);
    // Clear every point, release every hold, and stop stepping.
    void runWithoutBreaks();

    // Every point a user can choose, in lifecycle order.
    static QStringList knownPoints();

private:
    Breakpoints() = default;
    void updateArmed(); // mutex_ held

    static std::atomic<bool> armed_;
    mutable std::mutex mutex_;
    std::condition_variable released_;
    std::set<std::string, std::less<>> points_;
    std::set<std::uint64_t> steppingIdents_;
    std::vector<Held> held_;
    std::set<std::uint64_t> releasedIds_;
    std::uint64_t nextId_ = 1;
    std::chrono::milliseconds timeout_{30'000};
    std::atomic<std::uint64_t> generation_{0};
    std::atomic<std::uint64_t> timedOut_{0};
};

} // namespace rs::trace
