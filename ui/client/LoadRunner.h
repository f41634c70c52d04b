#pragma once

#include "ui/client/LoadPlan.h"
#include "ui/client/LoadProgress.h"
#include "ui/client/LoadSummary.h"

#include <QObject>
#include <QThread>

#include <atomic>
#include <memory>

namespace rs::ui {

class LoadWorker;

// "Send concurrently": N requests over M persistent HTTP/1.1 connections, run on its own
// thread with plain sockets (QNetworkAccessManager would allow only 6 connections a host).
// Progress arrives in batches, at most every ~50 ms; finished() once per run, also after
// cancel(). It never touches widgets.
// Every public function: the thread that created it (the GUI thread).
class LoadRunner : public QObject {
    Q_OBJECT
public:
    explicit LoadRunner(QObject *parent = nullptr);
    ~LoadRunner() override; // cancels a run and joins the thread

    // False, with the reason in words, when the plan cannot run: a run is under way, the URL is
    // not http:// with a host, or the counts are out of range.
    bool start(const LoadPlan &plan, QString *error = nullptr);
    // Stops a run promptly: the connections are dropped, finished() follows with cancelled set.
    void cancel();
    bool isRunning() const { return worker_ != nullptr; }

    static constexpr int kMaxRequests = 10'000'000;
    static constexpr int kMaxConnections = 1'000;

signals:
    void started(int requests, int connections);
    void progress(const rs::ui::LoadProgress &progress);
    void finished(const rs::ui::LoadSummary &summary);

private:
    void onProgress(quint64 runId, const LoadProgress &counters);
    void onFinished(quint64 runId, const LoadSummary &summary);

    QThread thread_;
    LoadWorker *worker_ = nullptr; // valid while a run is under way; deleted on its own thread
    std::shared_ptr<std::atomic_bool> cancelFlag_;
    quint64 runId_ = 0;
};

} // namespace rs::ui
