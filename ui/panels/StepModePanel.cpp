#include "ui/panels/StepModePanel.h"

#include "core/trace/Breakpoints.h"
#include "core/trace/EventBus.h"
#include "ui/models/EventFormat.h"

#include <QAction>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QSpinBox>
#include <QTableWidget>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace rs::ui {

namespace {
constexpr int kHoldIdRole = Qt::UserRole + 1;
constexpr int kRequestRole = Qt::UserRole + 2;
} // namespace

StepModePanel::StepModePanel(trace::Breakpoints &breakpoints, QWidget *parent)
    : QWidget(parent), breakpoints_(breakpoints)
{
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(tr("Tick where a worker should stop. While it waits, every view shows the "
                                "request frozen at that point."),
                             this);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    points_ = new QListWidget(this);
    for (const QString &p : trace::Breakpoints::knownPoints()) {
        auto *item = new QListWidgetItem(p, points_);
        item->setFlags(Qt::ItemIsUserCheckable | Qt::ItemIsEnabled);
        item->setCheckState(breakpoints_.points().contains(p) ? Qt::Checked : Qt::Unchecked);
        item->setIcon(QIcon(QStringLiteral(":/icons/breakpoint.png")));
    }
    points_->setMaximumHeight(points_->sizeHintForRow(0) * 7 + 8);
    layout->addWidget(points_);

    auto *timeoutRow = new QHBoxLayout;
    timeout_ = new QSpinBox(this);
    timeout_->setRange(1, 3600);
    timeout_->setSuffix(tr(" s"));
    timeout_->setValue(static_cast<int>(
        std::chrono::duration_cast<std::chrono::seconds>(breakpoints_.holdTimeout()).count()));
    timeoutRow->addWidget(new QLabel(tr("A hold releases itself after"), this));
    timeoutRow->addWidget(timeout_);
    timeoutRow->addStretch();
    layout->addLayout(timeoutRow);

    continue_ = new QAction(QIcon(QStringLiteral(":/icons/continue.png")), tr("Continue"), this);
    continue_->setShortcut(Qt::Key_F5);
    continue_->setToolTip(tr("Continue the selected held worker (F5)"));
    step_ = new QAction(QIcon(QStringLiteral(":/icons/step.png")), tr("Step to next phase"), this);
    step_->setShortcut(Qt::Key_F10);
    step_->setToolTip(tr("Let it run to its next phase or stack change, and stop there (F10)"));
    run_ = new QAction(QIcon(QStringLiteral(":/icons/run.png")), tr("Run without breaks"), this);
    run_->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_F5));
    run_->setToolTip(tr("Clear every breakpoint and release every held worker (Shift+F5)"));
    auto *buttons = new QHBoxLayout;
    for (QAction *a : {continue_, step_, run_}) {
        auto *b = new QToolButton(this);
        b->setDefaultAction(a);
        b->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
        buttons->addWidget(b);
    }
    buttons->addStretch();
    layout->addLayout(buttons);

    held_ = new QTableWidget(0, 5, this);
    held_->setHorizontalHeaderLabels({tr("Worker"), tr("Request"), tr("Held at"), tr("Name"), tr("Waiting")});
    held_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    held_->setSelectionBehavior(QAbstractItemView::SelectRows);
    held_->setSelectionMode(QAbstractItemView::SingleSelection);
    held_->verticalHeader()->setVisible(false);
    held_->horizontalHeader()->setStretchLastSection(true);
    layout->addWidget(held_, 1);
    summary_ = new QLabel(this);
    summary_->setWordWrap(true);
    layout->addWidget(summary_);

    connect(points_, &QListWidget::itemChanged, this, &StepModePanel::applyPoints);
    connect(timeout_, &QSpinBox::valueChanged, this,
            [this](int s) { breakpoints_.setHoldTimeout(std::chrono::seconds(s)); });
    connect(continue_, &QAction::triggered, this, [this] {
        if (const auto id = currentHold())
            breakpoints_.resume(id);
    });
    connect(step_, &QAction::triggered, this, [this] {
        if (const auto id = currentHold())
            breakpoints_.step(id);
    });
    connect(run_, &QAction::triggered, this, [this] {
        breakpoints_.runWithoutBreaks();
        const QSignalBlocker block(points_);
        for (int i = 0; i < points_->count(); ++i)
            points_->item(i)->setCheckState(Qt::Unchecked);
    });
    connect(held_, &QTableWidget::itemSelectionChanged, this, [this] {
        const auto rows = held_->selectionModel()->selectedRows();
        if (!rows.isEmpty())
            emit requestActivated(held_->item(rows.first().row(), 0)->data(kRequestRole).toULongLong());
    });

    timer_ = new QTimer(this);
    timer_->setInterval(100);
    connect(timer_, &QTimer::timeout, this, &StepModePanel::poll);
    timer_->start();
    poll();
}

int StepModePanel::heldCount() const
{
    return held_->rowCount();
}

void StepModePanel::setPointChecked(const QString &point, bool on)
{
    const auto items = points_->findItems(point, Qt::MatchExactly);
    if (!items.isEmpty())
        items.first()->setCheckState(on ? Qt::Checked : Qt::Unchecked);
}

void StepModePanel::applyPoints()
{
    QStringList on;
    for (int i = 0; i < points_->count(); ++i)
        if (points_->item(i)->checkState() == Qt::Checked)
            on.append(points_->item(i)->text());
    breakpoints_.setPoints(on);
}

std::uint64_t StepModePanel::currentHold() const
{
    const auto rows = held_->selectionModel()->selectedRows();
    const int row = rows.isEmpty() ? 0 : rows.first().row();
    if (row >= held_->rowCount())
        return 0;
    return held_->item(row, 0)->data(kHoldIdRole).toULongLong();
}

void StepModePanel::poll()
{
    const std::uint64_t generation = breakpoints_.generation();
    const std::int64_t now = trace::EventBus::nowUs();
    const auto held = breakpoints_.held();
    const qint64 timeoutS =
        std::chrono::duration_cast<std::chrono::seconds>(breakpoints_.holdTimeout()).count();
    if (generation != generation_) {
        generation_ = generation;
        const std::uint64_t selected = currentHold();
        held_->setRowCount(static_cast<int>(held.size()));
        for (int i = 0; i < static_cast<int>(held.size()); ++i) {
            const auto &h = held[static_cast<std::size_t>(i)];
            const QStringList cells{
                QStringLiteral("%1 (ident %2)").arg(EventFormat::ident(h.ident, h.thread)).arg(h.ident),
                QStringLiteral("#%1").arg(h.req), h.point, h.name, QString()};
            for (int c = 0; c < cells.size(); ++c) {
                auto *item = new QTableWidgetItem(cells[c]);
                item->setData(kHoldIdRole, QVariant::fromValue<qulonglong>(h.id));
                item->setData(kRequestRole, QVariant::fromValue<qulonglong>(h.req));
                held_->setItem(i, c, item);
            }
            if (h.id == selected)
                held_->selectRow(i);
        }
        held_->resizeColumnsToContents();
        QString line;
        if (!held.empty()) {
            const auto &h = held.front();
            line = tr("%1 held at %2 (%3), request #%4 — F5 continue, F10 step, Shift+F5 run")
                       .arg(h.thread, h.point, h.name)
                       .arg(h.req);
            if (held.size() > 1)
                line += tr(" — %1 workers held").arg(held.size());
        }
        emit holdsChanged(static_cast<int>(held.size()), line);
    }
    // The waiting time and the self-release countdown tick even when nothing else changed.
    for (int i = 0; i < static_cast<int>(held.size()) && i < held_->rowCount(); ++i) {
        const qint64 waitedS = (now - held[static_cast<std::size_t>(i)].sinceUs) / 1'000'000;
        held_->item(i, 4)->setText(tr("%1 s (released at %2 s)").arg(waitedS).arg(timeoutS));
    }
    const bool any = !held.empty();
    continue_->setEnabled(any);
    step_->setEnabled(any);
    const std::uint64_t timedOut = breakpoints_.timedOut();
    if (timedOut != timedOutSeen_) {
        timedOutSeen_ = timedOut;
        summary_->setText(tr("%1 hold(s) released themselves after the timeout.").arg(timedOut));
    }
}

} // namespace rs::ui
