#include "ui/client/LatencyHistogramView.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QEvent>
#include <QValueAxis>

#include <limits>

namespace rs::ui {

namespace {
QString durationText(qint64 us)
{
    if (us < 1000)
        return QStringLiteral("%1 µs").arg(us);
    if (us < 1'000'000)
        return QStringLiteral("%1 ms").arg(double(us) / 1000.0, 0, 'g', 3);
    return QStringLiteral("%1 s").arg(double(us) / 1e6, 0, 'g', 3);
}
} // namespace

LatencyHistogramView::LatencyHistogramView(QWidget *parent) : QChartView(parent)
{
    setRenderHint(QPainter::Antialiasing);
    setMinimumHeight(160);
    chart()->legend()->hide();
    chart()->setMargins(QMargins(4, 4, 4, 4));
    clear();
}

QString LatencyHistogramView::bucketLabel(qint64 upperUs, qint64 previousUpperUs)
{
    if (upperUs == std::numeric_limits<qint64>::max())
        return QStringLiteral("> %1").arg(durationText(previousUpperUs));
    return QStringLiteral("≤ %1").arg(durationText(upperUs));
}

void LatencyHistogramView::clear()
{
    setSummary({});
}

void LatencyHistogramView::setSummary(const LoadSummary &summary)
{
    QChart *c = chart();
    c->removeAllSeries();
    for (QAbstractAxis *axis : c->axes()) {
        c->removeAxis(axis);
        delete axis;
    }
    categories_.clear();
    counts_.clear();

    int first = 0;
    int last = int(summary.histogram.size()) - 1;
    while (first <= last && summary.histogram.at(first).count == 0)
        ++first;
    while (last >= first && summary.histogram.at(last).count == 0)
        --last;

    if (first > last) {
        // Nothing to draw: no axes either (an empty category axis still drew a stray "0").
        c->setTitle(tr("No answers yet"));
        applyPalette();
        return;
    }
    auto *set = new QBarSet(tr("requests"));
    for (int i = first; i <= last; ++i) {
        const qint64 previous = i > 0 ? summary.histogram.at(i - 1).upperUs : 0;
        categories_ << bucketLabel(summary.histogram.at(i).upperUs, previous);
        counts_ << summary.histogram.at(i).count;
        *set << summary.histogram.at(i).count;
    }
    auto *series = new QBarSeries;
    series->append(set);
    series->setBarWidth(0.9);
    c->addSeries(series);

    auto *x = new QBarCategoryAxis;
    x->append(categories_);
    auto *y = new QValueAxis;
    int highest = 0;
    for (int n : counts_)
        highest = std::max(highest, n);
    y->setRange(0, std::max(1, highest));
    y->setLabelFormat(QStringLiteral("%d"));
    // Whole-number ticks only: with few answers, nice numbers would give 0.2 steps labelled "0".
    if (highest >= 5)
        y->applyNiceNumbers();
    else
        y->setTickCount(std::max(2, highest + 1));
    c->addAxis(x, Qt::AlignBottom);
    c->addAxis(y, Qt::AlignLeft);
    series->attachAxis(x);
    series->attachAxis(y);
    c->setTitle(tr("Latency of %1 answers").arg(summary.answered));
    applyPalette();
}

void LatencyHistogramView::changeEvent(QEvent *event)
{
    QChartView::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        applyPalette();
}

void LatencyHistogramView::applyPalette()
{
    const QPalette p = palette();
    QChart *c = chart();
    c->setBackgroundBrush(p.color(QPalette::Base));
    c->setTitleBrush(p.color(QPalette::Text));
    setBackgroundBrush(p.color(QPalette::Window));
    for (QAbstractAxis *axis : c->axes()) {
        axis->setLabelsBrush(p.color(QPalette::Text));
        axis->setLinePenColor(p.color(QPalette::Mid));
        axis->setGridLineColor(p.color(QPalette::Midlight));
    }
    for (QAbstractSeries *s : c->series())
        if (auto *bars = qobject_cast<QBarSeries *>(s))
            for (QBarSet *set : bars->barSets()) {
                set->setColor(p.color(QPalette::Highlight));
                set->setBorderColor(p.color(QPalette::Highlight));
            }
}

} // namespace rs::ui
