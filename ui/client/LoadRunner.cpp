#include "ui/client/LoadRunner.h"

#include "ui/client/LoadWorker.h"

namespace rs::ui {

LoadRunner::LoadRunner(QObject *parent) : QObject(parent)
{
    qRegisterMetaType<LoadProgress>();
    qRegisterMetaType<LoadSummary>();
    thread_.setObjectName(QStringLiteral("load-runner"));
    thread_.start();
}

LoadRunner::~LoadRunner()
{
    if (worker_) {
        cancelFlag_->store(true);
        LoadWorker *worker = worker_;
        // The worker's sockets belong to that thread: delete it there, then stop the thread.
        QMetaObject::invokeMethod(
            worker, [worker] { delete worker; }, Qt::BlockingQueuedConnection);
        worker_ = nullptr;
    }
    thread_.quit();
    thread_.wait();
}

bool LoadRunner::start(const LoadPlan &plan, QString *error)
{
    auto refuse = [error](const QString &why) {
        if (error)
            *error = why;
        return false;
    };
    if (worker_)
        return refuse(QStringLiteral("a concurrent run is already under way"));
    if (!plan.url.isValid() || plan.url.host().isEmpty())
        return refuse(QStringLiteral("not a URL with a host: %1").arg(plan.url.toString()));
    if (plan.url.scheme() == QLatin1String("https"))
        return refuse(QStringLiteral("Send concurrently speaks plain http:// only (no TLS): %1 is https")
                          .arg(plan.url.toString()));
    if (plan.url.scheme() != QLatin1String("http"))
        return refuse(
            QStringLiteral("Send concurrently needs an http:// URL, not %1").arg(plan.url.scheme()));
    if (plan.requests < 1 || plan.requests > kMaxRequests)
        return refuse(QStringLiteral("the number of requests must be from 1 to %1").arg(kMaxRequests));
    if (plan.connections < 1 || plan.connections > kMaxConnections)
        return refuse(QStringLiteral("the number of connections must be from 1 to %1").arg(kMaxConnections));
    if (plan.method.isEmpty() || plan.method.contains(' '))
        return refuse(QStringLiteral("not an HTTP method: %1").arg(QString::fromUtf8(plan.method)));

    cancelFlag_ = std::make_shared<std::atomic_bool>(false);
    worker_ = new LoadWorker(plan, ++runId_, cancelFlag_);
    worker_->moveToThread(&thread_);
    connect(worker_, &LoadWorker::progress, this, &LoadRunner::onProgress, Qt::QueuedConnection);
    connect(worker_, &LoadWorker::finished, this, &LoadRunner::onFinished, Qt::QueuedConnection);
    QMetaObject::invokeMethod(worker_, &LoadWorker::run, Qt::QueuedConnection);
    emit started(plan.requests, plan.connections);
    return true;
}

void LoadRunner::cancel()
{
    if (!worker_)
        return;
    cancelFlag_->store(true);
    QMetaObject::invokeMethod(worker_, &LoadWorker::cancel, Qt::QueuedConnection);
}

void LoadRunner::onProgress(quint64 runId, const LoadProgress &counters)
{
    if (runId == runId_ && worker_)
        emit progress(counters);
}

void LoadRunner::onFinished(quint64 runId, const LoadSummary &summary)
{
    if (runId != runId_ || !worker_)
        return;
    worker_->deleteLater(); // posted to the worker's thread: its sockets are deleted there
    worker_ = nullptr;
    emit finished(summary);
}

} // namespace rs::ui
