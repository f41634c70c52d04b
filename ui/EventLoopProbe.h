#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <vector>

namespace rs::ui {

// How late the GUI thread's event loop gets round to a timer: the delay a user would feel
// before a click or a repaint is handled. A precise timer fires every `intervalMs`; each tick
// records how much later than planned it came. Used by the GUI flood benchmark.
// GUI thread.
class EventLoopProbe : public QObject {
    Q_OBJECT
public:
    struct Stats {
        qint64 samples = 0;
        double p50Ms = 0;
        double p99Ms = 0;
        double maxMs = 0;
    };

    explicit EventLoopProbe(int intervalMs = 10, QObject *parent = nullptr);

    void start();
    void stop();
    Stats stats() const;

private:
    void tick();

    QTimer timer_;
    QElapsedTimer clock_;
    qint64 lastNs_ = 0;
    int intervalMs_;
    std::vector<qint64> latenessUs_;
};

} // namespace rs::ui
