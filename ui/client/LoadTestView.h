#pragma once

#include "ui/client/LoadPlan.h"
#include "ui/client/LoadSummary.h"

#include <QElapsedTimer>
#include <QWidget>

class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace rs::ui {

class LatencyHistogramView;
class LoadRunner;

// "Send concurrently": how many requests over how many connections, Start and Cancel, a progress
// bar, and the summary of the run (requests done, errors by kind, req/s, latency percentiles and
// histogram). The request itself comes from the client panel (startRequested → start(plan)).
// Every function: GUI thread.
class LoadTestView : public QWidget {
    Q_OBJECT
public:
    explicit LoadTestView(QWidget *parent = nullptr);

    // Runs `plan` with this view's request and connection counts. False (the reason shown in the
    // view) when the runner refuses it.
    bool start(LoadPlan plan);
    void cancel();
    // Shows why https cannot run here, or nothing for http.
    void setTargetUrl(const QUrl &url);

    LoadRunner *runner() const { return runner_; }
    QSpinBox *requestsBox() const { return requests_; }
    QSpinBox *connectionsBox() const { return connections_; }
    QPushButton *startButton() const { return startButton_; }
    QPushButton *cancelButton() const { return cancelButton_; }
    LatencyHistogramView *histogram() const { return histogram_; }
    QString summaryText() const;
    QString noteText() const;
    const LoadSummary &lastSummary() const { return last_; }

    static QString describe(const LoadSummary &summary);

signals:
    // The user pressed Start: the panel answers with start(plan).
    void startRequested();
    void runFinished(const rs::ui::LoadSummary &summary);

private:
    QElapsedTimer histogramClock_; // paces the live histogram
    void onFinished(const LoadSummary &summary);
    void setRunning(bool running);

    LoadRunner *runner_;
    QSpinBox *requests_;
    QSpinBox *connections_;
    QPushButton *startButton_;
    QPushButton *cancelButton_;
    QProgressBar *progress_;
    QLabel *note_;
    QLabel *summary_;
    LatencyHistogramView *histogram_;
    LoadSummary last_;
};

} // namespace rs::ui
