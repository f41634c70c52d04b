#pragma once

#include "ui/client/LoadSummary.h"

#include <QChartView>

namespace rs::ui {

// The latency histogram of a concurrent run: one bar per bucket (1-2-5 steps per decade),
// empty buckets at both ends left out. Colours follow the palette. Every function: GUI thread.
class LatencyHistogramView : public QChartView {
    Q_OBJECT
public:
    explicit LatencyHistogramView(QWidget *parent = nullptr);

    void setSummary(const LoadSummary &summary);
    void clear();
    // "≤ 1 ms", "≤ 200 µs", "> 5 s".
    static QString bucketLabel(qint64 upperUs, qint64 previousUpperUs);
    // Labels and counts of the bars on screen, for tests.
    QStringList categories() const { return categories_; }
    QList<int> counts() const { return counts_; }

protected:
    void changeEvent(QEvent *event) override;

private:
    void applyPalette();
    QStringList categories_;
    QList<int> counts_;
};

} // namespace rs::ui
