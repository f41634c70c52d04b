#pragma once

#include <QObject>

class QSocketNotifier;

namespace rs::cli {

// Turns SIGINT and SIGTERM into a Qt signal on the thread that created it (self-pipe), so that
// `serve` stops cleanly and flushes its event file. One instance per process.
class SignalWatcher : public QObject {
    Q_OBJECT
public:
    explicit SignalWatcher(QObject *parent = nullptr);
    ~SignalWatcher() override;

signals:
    void stopRequested(int signalNumber);

private:
    QSocketNotifier *notifier_ = nullptr;
};

} // namespace rs::cli
