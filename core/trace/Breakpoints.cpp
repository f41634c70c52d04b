#include "core/trace/Breakpoints.h"

#include "core/trace/EventBus.h"
#include "core/trace/ExecutionContext.h"

#include <algorithm>

namespace rs::trace {

std::atomic<bool> Breakpoints::armed_{false};

Breakpoints &Breakpoints::instance()
{
    static Breakpoints breakpoints;
    return breakpoints;
}

QStringList Breakpoints::knownPoints()
{
    return {QStringLiteral("middleware"),
            QStringLiteral("open_session"),
            QStringLiteral("match_request"),
            QStringLiteral("before_request"),
            QStringLiteral("view"),
            QStringLiteral("error_handler"),
            QStringLiteral("after_request"),
            QStringLiteral("save_session"),
            QStringLiteral("teardown_request"),
            QStringLiteral("teardown_appcontext"),
            QStringLiteral("stack.push"),
            QStringLiteral("stack.pop")};
}

void Breakpoints::updateArmed()
{
    armed_.store(!points_.empty() || !steppingIdents_.empty(), std::memory_order_relaxed);
}

void Breakpoints::hit(std::string_view point, std::string_view name)
{
    const ExecutionContext &context = ExecutionContext::current();
    std::unique_lock lock(mutex_);
    const bool stepping = steppingIdents_.erase(context.ident) > 0;
    if (!stepping && points_.find(point) == points_.end()) {
        updateArmed();
        return;
    }
    Held held;
    held.id = nextId_++;
    held.point = QString::fromUtf8(point.data(), static_cast<qsizetype>(point.size()));
    held.name = QString::fromUtf8(name.data(), static_cast<qsizetype>(name.size()));
    held.thread = QString::fromUtf8(context.threadName);
    held.ident = context.ident;
    held.req = context.requestId;
    held.sinceUs = EventBus::nowUs();
    const std::uint64_t id = held.id;
    held_.push_back(std::move(held));
    updateArmed();
    generation_.fetch_add(1, std::memory_order_acq_rel);

    const bool released = released_.wait_for(lock, timeout_, [&] { return releasedIds_.count(id) > 0; });
    if (!released)
        timedOut_.fetch_add(1, std::memory_order_relaxed);
    releasedIds_.erase(id);
    std::erase_if(held_, [id](const Held &h) { return h.id == id; });
    generation_.fetch_add(1, std::memory_order_acq_rel);
}

void Breakpoints::setPoints(const QStringList &points)
{
    std::lock_guard lock(mutex_);
    points_.clear();
    for (const QString &p : points)
        points_.insert(p.toStdString());
    updateArmed();
    generation_.fetch_add(1, std::memory_order_acq_rel);
}

QStringList Breakpoints::points() const
{
    std::lock_guard lock(mutex_);
    QStringList out;
    for (const std::string &p : points_)
        out.append(QString::fromStdString(p));
    return out;
}

void Breakpoints::setHoldTimeout(std::chrono::milliseconds timeout)
{
    std::lock_guard lock(mutex_);
    timeout_ = std::max(timeout, std::chrono::milliseconds(1));
}

std::chrono::milliseconds Breakpoints::holdTimeout() const
{
    std::lock_guard lock(mutex_);
    return timeout_;
}

std::vector<Breakpoints::Held> Breakpoints::held() const
{
    std::lock_guard lock(mutex_);
    return held_;
}

void Breakpoints::resume(std::uint64_t holdId)
{
    {
        std::lock_guard lock(mutex_);
        if (std::none_of(held_.begin(), held_.end(), [&](const Held &h) { return h.id == holdId; }))
            return; // already gone (timed out)
        releasedIds_.insert(holdId);
    }
    released_.notify_all();
}

void Breakpoints::resumeAll()
{
    {
        std::lock_guard lock(mutex_);
        for (const Held &h : held_)
            releasedIds_.insert(h.id);
    }
    released_.notify_all();
}

void Breakpoints::step(std::uint64_t holdId)
{
    {
        std::lock_guard lock(mutex_);
        const auto it =
            std::find_if(held_.begin(), held_.end(), [&](const Held &h) { return h.id == holdId; });
        if (it == held_.end())
            return;
        steppingIdents_.insert(it->ident);
        releasedIds_.insert(holdId);
        updateArmed();
    }
    released_.notify_all();
}

void Breakpoints::runWithoutBreaks()
{
    {
        std::lock_guard lock(mutex_);
        points_.clear();
        steppingIdents_.clear();
        for (const Held &h : held_)
            releasedIds_.insert(h.id);
        updateArmed();
        generation_.fetch_add(1, std::memory_order_acq_rel);
    }
    released_.notify_all();
}

} // namespace rs::trace
