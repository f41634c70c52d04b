#include "ui/client/LoadWorker.h"

#include <QTimer>

#include <algorithm>
#include <cmath>

namespace rs::ui {

namespace {
constexpr int kProgressIntervalMs = 50;

// Upper bounds of the latency histogram, roughly 1-2-5 per decade, in microseconds.
const qint64 kBucketUpperUs[] = {100,    200,     500,     1'000,   2'000,     5'000,     10'000,   20'000,
                                 50'000, 100'000, 200'000, 500'000, 1'000'000, 2'000'000, 5'000'000};

qint64 percentile(const std::vector<qint64> &sorted, double p)
{
    if (sorted.empty())
        return 0;
    const auto rank = std::size_t(std::ceil(p / 100.0 * double(sorted.size())));
    return sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1];
}

bool isSkippedHeader(const QByteArray &name)
{
    for (const char *skip : {"host", "content-length", "transfer-encoding"})
        if (name.compare(skip, Qt::CaseInsensitive) == 0)
            return true;
    return false;
}
} // namespace

LoadWorker::LoadWorker(LoadPlan plan, quint64 runId, std::shared_ptr<std::atomic_bool> cancelFlag)
    : plan_(std::move(plan)), runId_(runId), cancelFlag_(std::move(cancelFlag))
{
}

QByteArray LoadWorker::requestBytes(const LoadPlan &plan)
{
    QByteArray target = plan.url.path(QUrl::FullyEncoded).toUtf8();
    if (target.isEmpty())
        target = "/";
    if (plan.url.hasQuery())
        target += '?' + plan.url.query(QUrl::FullyEncoded).toUtf8();
    QByteArray host = plan.url.host(QUrl::FullyEncoded).toUtf8();
    if (plan.url.port() != -1)
        host += ':' + QByteArray::number(plan.url.port());

    QByteArray out = plan.method + ' ' + target + " HTTP/1.1\r\nHost: " + host + "\r\n";
    bool userAgent = false;
    for (const auto &[name, value] : plan.headers) {
        if (isSkippedHeader(name))
            continue;
        userAgent = userAgent || name.compare("user-agent", Qt::CaseInsensitive) == 0;
        out += name + ": " + value + "\r\n";
    }
    if (!userAgent)
        out += "User-Agent: RequestScope-load\r\n";
    const bool bodyMethod = plan.method == "POST" || plan.method == "PUT" || plan.method == "PATCH";
    if (!plan.body.isEmpty() || bodyMethod)
        out += "Content-Length: " + QByteArray::number(plan.body.size()) + "\r\n";
    out += "\r\n" + plan.body;
    return out;
}

void LoadWorker::run()
{
    request_ = requestBytes(plan_);
    head_ = plan_.method == "HEAD";
    summary_.total = plan_.requests;
    latenciesUs_.reserve(std::size_t(std::max(0, plan_.requests)));
    bucketCounts_.assign(std::size(kBucketUpperUs) + 1, 0);
    clock_.start();

    progressTimer_ = new QTimer(this);
    progressTimer_->setInterval(kProgressIntervalMs);
    connect(progressTimer_, &QTimer::timeout, this, &LoadWorker::emitProgress);
    progressTimer_->start();

    const int count = std::min(plan_.connections, plan_.requests);
    const QString host = plan_.url.host();
    const auto port = quint16(plan_.url.port(80));
    for (int i = 0; i < count; ++i) {
        auto *c = new LoadConnection(host, port, plan_.timeoutMs, this);
        connect(c, &LoadConnection::completed, this, [this, c](int status, qint64 latencyUs, qint64 body) {
            onCompleted(c, status, latencyUs, body);
        });
        connect(
            c, &LoadConnection::failed, this,
            [this, c](LoadConnection::Failure kind, const QString &reason) { onFailed(c, kind, reason); });
        connections_.push_back(c);
    }
    if (plan_.requests <= 0) {
        finish(false);
        return;
    }
    for (LoadConnection *c : connections_)
        next(c);
}

void LoadWorker::cancel()
{
    if (!finished_)
        finish(true);
}

void LoadWorker::next(LoadConnection *connection)
{
    if (finished_)
        return;
    if (cancelFlag_->load()) {
        finish(true);
        return;
    }
    if (issued_ < plan_.requests) {
        ++issued_;
        connection->send(request_, head_);
    } else if (summary_.done == plan_.requests) {
        finish(false);
    }
}

void LoadWorker::onCompleted(LoadConnection *connection, int status, qint64 latencyUs, qint64 bodyBytes)
{
    if (finished_)
        return;
    ++summary_.done;
    ++summary_.answered;
    ++summary_.statusCounts[status];
    if (status >= 500)
        ++summary_.serverErrors;
    summary_.bytesReceived += bodyBytes;
    latenciesUs_.push_back(latencyUs);
    const auto bucket = std::upper_bound(std::begin(kBucketUpperUs), std::end(kBucketUpperUs), latencyUs - 1);
    ++bucketCounts_[static_cast<std::size_t>(bucket - std::begin(kBucketUpperUs))];
    next(connection);
}

void LoadWorker::onFailed(LoadConnection *connection, LoadConnection::Failure kind, const QString &reason)
{
    if (finished_)
        return;
    ++summary_.done;
    switch (kind) {
    case LoadConnection::Failure::ConnectionRefused: ++summary_.connectionRefused; break;
    case LoadConnection::Failure::Timeout: ++summary_.timeouts; break;
    case LoadConnection::Failure::Other: ++summary_.otherErrors[reason]; break;
    }
    if (summary_.firstError.isEmpty())
        summary_.firstError = reason;
    next(connection);
}

void LoadWorker::emitProgress()
{
    if (summary_.done == lastReportedDone_)
        return;
    lastReportedDone_ = summary_.done;
    emit progress(runId_, progressNow());
}

LoadProgress LoadWorker::progressNow() const
{
    LoadProgress p{summary_.total, summary_.done, summary_.errors(), clock_.elapsed(), summary_.answered, {}};
    for (std::size_t i = 0; i < bucketCounts_.size(); ++i)
        p.histogram.append(
            {i < std::size(kBucketUpperUs) ? kBucketUpperUs[i] : std::numeric_limits<qint64>::max(),
             bucketCounts_[i]});
    return p;
}

void LoadWorker::finish(bool cancelled)
{
    finished_ = true;
    progressTimer_->stop();
    for (LoadConnection *c : connections_)
        c->abort();
    emit progress(runId_, progressNow());
    emit finished(runId_, summarize(cancelled));
}

LoadSummary LoadWorker::summarize(bool cancelled)
{
    LoadSummary s = summary_;
    s.cancelled = cancelled;
    const qint64 elapsedNs = clock_.nsecsElapsed();
    s.elapsedMs = elapsedNs / 1'000'000;
    s.requestsPerSecond = elapsedNs > 0 ? double(s.done) * 1e9 / double(elapsedNs) : 0.0;
    std::sort(latenciesUs_.begin(), latenciesUs_.end());
    s.p50Us = percentile(latenciesUs_, 50);
    s.p90Us = percentile(latenciesUs_, 90);
    s.p99Us = percentile(latenciesUs_, 99);
    s.maxUs = latenciesUs_.empty() ? 0 : latenciesUs_.back();
    auto it = latenciesUs_.begin();
    for (qint64 upper : kBucketUpperUs) {
        auto end = std::upper_bound(it, latenciesUs_.end(), upper);
        s.histogram.append({upper, int(end - it)});
        it = end;
    }
    s.histogram.append({std::numeric_limits<qint64>::max(), int(latenciesUs_.end() - it)});
    return s;
}

} // namespace rs::ui
