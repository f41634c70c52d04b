#include "core/trace/TraceSummary.h"

#include <QStringList>

#include <algorithm>
#include <cmath>

namespace rs::trace {

namespace {
std::string str(std::string_view v)
{
    return std::string(v);
}

QString us(std::int64_t v)
{
    if (v < 0)
        return QStringLiteral("-");
    if (v < 1000)
        return QStringLiteral("%1 µs").arg(v);
    if (v < 1'000'000)
        return QStringLiteral("%1 ms").arg(static_cast<double>(v) / 1e3, 0, 'f', 2);
    return QStringLiteral("%1 s").arg(static_cast<double>(v) / 1e6, 0, 'f', 3);
}
} // namespace

void TraceSummary::add(const Event &e)
{
    ++events_;
    if (firstUs_ < 0)
        firstUs_ = e.tUs;
    lastUs_ = std::max(lastUs_, e.tUs);
    ++kinds_[str(kindName(e.kind))];
    switch (e.kind) {
    case EventKind::RequestBegin: ++begun_; break;
    case EventKind::RequestEnd:
        ++statuses_[e.intAt(0)];
        requestDurations_.push_back(e.intAt(2));
        break;
    case EventKind::PhaseEnd: phases_[str(e.textAt(0))].push_back(e.intAt(0)); break;
    case EventKind::SessionOpen: ++opens_[str(e.textAt(1))]; break;
    case EventKind::SessionSave: ++decisions_[str(e.textAt(0)) + ": " + str(e.textAt(1))]; break;
    case EventKind::Error: ++errors_[str(e.textAt(1))]; break;
    case EventKind::CoroutineSuspend: ++suspensions_; break;
    case EventKind::CoroutineResume: suspendedUs_ += e.intAt(1); break;
    default: break;
    }
}

std::int64_t TraceSummary::percentile(std::vector<std::int64_t> values, double p)
{
    if (values.empty())
        return -1;
    std::sort(values.begin(), values.end());
    const auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(values.size())));
    return values[std::clamp<std::size_t>(rank, 1, values.size()) - 1];
}

std::int64_t TraceSummary::phasePercentile(const std::string &phase, double p) const
{
    const auto it = phases_.find(phase);
    return it == phases_.end() ? -1 : percentile(it->second, p);
}

QString TraceSummary::text() const
{
    QStringList lines;
    const std::int64_t span = firstUs_ < 0 ? 0 : lastUs_ - firstUs_;
    lines << QStringLiteral("events: %1 over %2").arg(events_).arg(us(span));
    lines << QStringLiteral("requests: %1 begun, %2 ended").arg(begun_).arg(requestsEnded());
    if (!statuses_.empty()) {
        QStringList parts;
        for (const auto &[status, count] : statuses_)
            parts << QStringLiteral("%1 × %2").arg(status).arg(count);
        lines << QStringLiteral("status: ") + parts.join(QStringLiteral(", "));
        lines << QStringLiteral("request time: p50 %1, p90 %2, p99 %3, max %4")
                     .arg(us(percentile(requestDurations_, 50)), us(percentile(requestDurations_, 90)),
                          us(percentile(requestDurations_, 99)), us(percentile(requestDurations_, 100)));
    }
    if (!phases_.empty()) {
        lines << QStringLiteral("phases (count, p50, p90, p99, max):");
        for (const auto &[phase, values] : phases_)
            lines << QStringLiteral("  %1  %2  %3  %4  %5  %6")
                         .arg(QString::fromStdString(phase), -24)
                         .arg(values.size(), 7)
                         .arg(us(percentile(values, 50)), 10)
                         .arg(us(percentile(values, 90)), 10)
                         .arg(us(percentile(values, 99)), 10)
                         .arg(us(percentile(values, 100)), 10);
    }
    const auto block = [&lines](const QString &title, const std::map<std::string, std::int64_t> &counts) {
        if (counts.empty())
            return;
        lines << title;
        std::vector<std::pair<std::int64_t, std::string>> sorted;
        for (const auto &[name, count] : counts)
            sorted.emplace_back(count, name);
        std::stable_sort(sorted.begin(), sorted.end(),
                         [](const auto &a, const auto &b) { return a.first > b.first; });
        for (const auto &[count, name] : sorted)
            lines << QStringLiteral("  %1  %2").arg(count, 7).arg(QString::fromStdString(name));
    };
    block(QStringLiteral("session opened:"), opens_);
    block(QStringLiteral("session saved:"), decisions_);
    block(QStringLiteral("errors:"), errors_);
    if (suspensions_ > 0)
        lines << QStringLiteral("coroutine switches: %1 suspensions, %2 suspended in all")
                     .arg(suspensions_)
                     .arg(us(suspendedUs_));
    block(QStringLiteral("events by kind:"), kinds_);
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

} // namespace rs::trace
