#pragma once

#include "ui/client/LoadConnection.h"
#include "ui/client/LoadPlan.h"
#include "ui/client/LoadProgress.h"
#include "ui/client/LoadSummary.h"

#include <QElapsedTimer>
#include <QObject>

#include <atomic>
#include <memory>
#include <vector>

class QTimer;

namespace rs::ui {

// One run of a LoadRunner, on the runner's thread: M LoadConnections, each sending the next
// request as soon as its previous one is answered, until N are done or the run is cancelled.
// Created on the GUI thread and moved to the runner's thread before run(); every other function:
// the runner's thread.
class LoadWorker : public QObject {
    Q_OBJECT
public:
    LoadWorker(LoadPlan plan, quint64 runId, std::shared_ptr<std::atomic_bool> cancelFlag);

    // The request as bytes on the wire.
    static QByteArray requestBytes(const LoadPlan &plan);

public slots:
    void run();
    void cancel();

signals:
    void progress(quint64 runId, const rs::ui::LoadProgress &progress);
    void finished(quint64 runId, const rs::ui::LoadSummary &summary);

private:
    void onCompleted(LoadConnection *connection, int status, qint64 latencyUs, qint64 bodyBytes);
    void onFailed(LoadConnection *connection, LoadConnection::Failure kind, const QString &reason);
    void next(LoadConnection *connection);
    void emitProgress();
    void finish(bool cancelled);
    LoadSummary summarize(bool cancelled);

    LoadPlan plan_;
    quint64 runId_;
    std::shared_ptr<std::atomic_bool> cancelFlag_;
    QByteArray request_;
    bool head_ = false;
    std::vector<LoadConnection *> connections_;
    QTimer *progressTimer_ = nullptr;
    QElapsedTimer clock_;
    bool finished_ = false;
    int issued_ = 0;
    int lastReportedDone_ = -1;
    LoadSummary summary_;
    std::vector<qint64> latenciesUs_;
    std::vector<int> bucketCounts_; // the histogram so far, for progress reports
    LoadProgress progressNow() const;
};

} // namespace rs::ui
