#include "ui/client/LoadTestView.h"

#include "ui/client/LatencyHistogramView.h"
#include "ui/client/LoadRunner.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace rs::ui {

namespace {
QString ms(qint64 us)
{
    return QStringLiteral("%1 ms").arg(double(us) / 1000.0, 0, 'f', 2);
}
} // namespace

LoadTestView::LoadTestView(QWidget *parent)
    : QWidget(parent), runner_(new LoadRunner(this)), requests_(new QSpinBox(this)),
      connections_(new QSpinBox(this)), startButton_(new QPushButton(tr("Send concurrently"), this)),
      cancelButton_(new QPushButton(tr("Cancel"), this)), progress_(new QProgressBar(this)),
      note_(new QLabel(this)), summary_(new QLabel(this)), histogram_(new LatencyHistogramView(this))
{
    requests_->setRange(1, LoadRunner::kMaxRequests);
    requests_->setValue(1000);
    requests_->setGroupSeparatorShown(true);
    requests_->setToolTip(tr("How many requests to send in all"));
    connections_->setRange(1, LoadRunner::kMaxConnections);
    connections_->setValue(8);
    connections_->setToolTip(tr("How many keep-alive connections send them at the same time"));
    startButton_->setToolTip(
        tr("Send the client's current request N times over M connections (Ctrl+Shift+Enter)"));
    cancelButton_->setEnabled(false);
    progress_->setRange(0, 1);
    progress_->setValue(0);
    progress_->setFormat(QStringLiteral("%v / %m"));
    note_->setWordWrap(true);
    note_->setStyleSheet(QStringLiteral("color: #e08a1e;"));
    note_->hide();
    summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    summary_->setWordWrap(true);
    summary_->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    summary_->setText(
        tr("Sends the request above N times over M persistent HTTP/1.1 connections (http:// only) "
           "and measures the latency. Cookies in the jar are sent; Set-Cookie answers are not kept."));

    connect(startButton_, &QPushButton::clicked, this, &LoadTestView::startRequested);
    connect(cancelButton_, &QPushButton::clicked, this, &LoadTestView::cancel);
    connect(runner_, &LoadRunner::progress, this, [this](const LoadProgress &p) {
        progress_->setMaximum(std::max(1, p.total));
        progress_->setValue(p.done);
        progress_->setFormat(
            tr("%v / %m · %1 errors · %2 s").arg(p.errors).arg(double(p.elapsedMs) / 1000.0, 0, 'f', 1));
        // The histogram grows while the run goes, a few times a second (a chart rebuild is not free).
        if (p.answered > 0 && (!histogramClock_.isValid() || histogramClock_.elapsed() >= 250)) {
            histogramClock_.start();
            LoadSummary partial;
            partial.answered = p.answered;
            partial.histogram = p.histogram;
            histogram_->setSummary(partial);
        }
    });
    connect(runner_, &LoadRunner::finished, this, &LoadTestView::onFinished);

    auto *counts = new QHBoxLayout;
    counts->addWidget(new QLabel(tr("Requests"), this));
    counts->addWidget(requests_);
    counts->addSpacing(8);
    counts->addWidget(new QLabel(tr("Connections"), this));
    counts->addWidget(connections_);
    counts->addSpacing(8);
    counts->addWidget(startButton_);
    counts->addWidget(cancelButton_);
    counts->addStretch();

    // Stacked rather than side by side, so the panel fits a narrow dock.
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(counts);
    layout->addWidget(progress_);
    layout->addWidget(note_);
    layout->addWidget(summary_);
    layout->addWidget(histogram_, 1);
}

bool LoadTestView::start(LoadPlan plan)
{
    plan.requests = requests_->value();
    plan.connections = connections_->value();
    QString error;
    if (!runner_->start(plan, &error)) {
        note_->setText(error);
        note_->show();
        return false;
    }
    note_->hide();
    progress_->setRange(0, plan.requests);
    progress_->setValue(0);
    progress_->setFormat(QStringLiteral("%v / %m"));
    summary_->setText(tr("Sending %1 × %2 %3 over %4 connections…")
                          .arg(plan.requests)
                          .arg(QString::fromUtf8(plan.method), plan.url.toString())
                          .arg(plan.connections));
    histogram_->clear();
    histogramClock_.invalidate();
    setRunning(true);
    return true;
}

void LoadTestView::cancel()
{
    runner_->cancel();
}

void LoadTestView::setTargetUrl(const QUrl &url)
{
    if (url.scheme() == QLatin1String("https")) {
        note_->setText(
            tr("Send concurrently speaks plain http:// only (no TLS); this URL is https. Single requests "
               "with Send work."));
        note_->show();
    } else if (!runner_->isRunning()) {
        note_->hide();
    }
}

QString LoadTestView::summaryText() const
{
    return summary_->text();
}

QString LoadTestView::noteText() const
{
    return note_->isHidden() ? QString() : note_->text();
}

QString LoadTestView::describe(const LoadSummary &s)
{
    QStringList lines;
    lines << tr("%1 of %2 requests done in %3 s%4")
                 .arg(s.done)
                 .arg(s.total)
                 .arg(double(s.elapsedMs) / 1000.0, 0, 'f', 2)
                 .arg(s.cancelled ? tr(" (cancelled)") : QString());
    lines << tr("%1 req/s").arg(s.requestsPerSecond, 0, 'f', 0);
    lines << tr("latency p50 %1 · p90 %2 · p99 %3 · max %4")
                 .arg(ms(s.p50Us), ms(s.p90Us), ms(s.p99Us), ms(s.maxUs));
    QStringList statuses;
    for (auto it = s.statusCounts.cbegin(); it != s.statusCounts.cend(); ++it)
        statuses << QStringLiteral("%1 × %2").arg(it.key()).arg(it.value());
    if (!statuses.isEmpty())
        lines << tr("status: %1").arg(statuses.join(QStringLiteral(", ")));
    lines << tr("errors: %1").arg(s.errors());
    if (s.connectionRefused)
        lines << tr("  connection refused: %1").arg(s.connectionRefused);
    if (s.timeouts)
        lines << tr("  timeouts: %1").arg(s.timeouts);
    if (s.serverErrors)
        lines << tr("  status ≥ 500: %1").arg(s.serverErrors);
    for (auto it = s.otherErrors.cbegin(); it != s.otherErrors.cend(); ++it)
        lines << QStringLiteral("  %1: %2").arg(it.key()).arg(it.value());
    lines << tr("received %1")
                 .arg(QLocale::system().formattedDataSize(s.bytesReceived, 1,
                                                          QLocale::DataSizeTraditionalFormat));
    return lines.join(QLatin1Char('\n'));
}

void LoadTestView::onFinished(const LoadSummary &summary)
{
    last_ = summary;
    setRunning(false);
    progress_->setMaximum(std::max(1, summary.total));
    progress_->setValue(summary.done);
    summary_->setText(describe(summary));
    histogram_->setSummary(summary);
    emit runFinished(summary);
}

void LoadTestView::setRunning(bool running)
{
    startButton_->setEnabled(!running);
    cancelButton_->setEnabled(running);
    requests_->setEnabled(!running);
    connections_->setEnabled(!running);
}

} // namespace rs::ui
