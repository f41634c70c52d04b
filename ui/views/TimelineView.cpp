#include "ui/views/TimelineView.h"

#include "ui/models/EventFormat.h"
#include "ui/models/RequestRecord.h"
#include "ui/models/RequestStore.h"
#include "ui/views/PhaseColors.h"

#include "core/fiber/IdentMode.h"

#include <QAction>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QScrollBar>
#include <QToolButton>
#include <QToolTip>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>
#include <limits>

namespace rs::ui {

namespace {
constexpr qint64 kRunning = std::numeric_limits<qint64>::max();
constexpr int kAxisHeight = 22;
constexpr int kLaneHeight = 36;
constexpr int kBarTop = 4;     // bar offset inside its lane
constexpr int kBarHeight = 16; // the caption line is under the bar
constexpr int kLabelWidth = 130;
constexpr int kFollowPaddingPx = 16; // room right of "now" while following
constexpr int kPhaseInset = 3;       // per nesting level, from the top of the bar
constexpr double kMinUsPerPixel = 0.01;
constexpr double kMaxUsPerPixel = 1e7;
constexpr int kRefreshMs = 16;
constexpr int kDragThresholdPx = 4;

// 1, 2 or 5 times a power of ten, at least `us`.
double niceStep(double us)
{
    const double magnitude = std::pow(10.0, std::floor(std::log10(std::max(us, 1e-3))));
    for (double m : {1.0, 2.0, 5.0, 10.0})
        if (m * magnitude >= us)
            return m * magnitude;
    return 10.0 * magnitude;
}

QString axisLabel(double us, double stepUs)
{
    const double seconds = us / 1e6;
    const int decimals =
        stepUs >= 1e6 ? 0 : std::clamp(static_cast<int>(std::ceil(-std::log10(stepUs / 1e6))), 0, 6);
    return QStringLiteral("%1 s").arg(seconds, 0, 'f', decimals);
}

QString duration(qint64 us)
{
    if (us < 0)
        return QStringLiteral("running");
    if (us < 1000)
        return QStringLiteral("%1 µs").arg(us);
    if (us < 1'000'000)
        return QStringLiteral("%1 ms").arg(static_cast<double>(us) / 1e3, 0, 'f', 2);
    return QStringLiteral("%1 s").arg(static_cast<double>(us) / 1e6, 0, 'f', 3);
}

// "worker-2" before "worker-10": runs of digits compare as numbers (QCollator's numeric mode
// depends on the platform's collation support).
bool naturalLess(const QString &a, const QString &b)
{
    qsizetype i = 0;
    qsizetype j = 0;
    while (i < a.size() && j < b.size()) {
        if (a[i].isDigit() && b[j].isDigit()) {
            qsizetype ei = i;
            qsizetype ej = j;
            while (ei < a.size() && a[ei].isDigit())
                ++ei;
            while (ej < b.size() && b[ej].isDigit())
                ++ej;
            const auto number = [](QStringView digits) {
                while (digits.size() > 1 && digits.front() == QLatin1Char('0'))
                    digits = digits.mid(1);
                return digits;
            };
            const QStringView ta = number(QStringView(a).mid(i, ei - i));
            const QStringView tb = number(QStringView(b).mid(j, ej - j));
            // Without leading zeros, a longer run is a larger number.
            if (ta.size() != tb.size())
                return ta.size() < tb.size();
            if (const int c = ta.compare(tb); c != 0)
                return c < 0;
            i = ei;
            j = ej;
            continue;
        }
        if (a[i] != b[j])
            return a[i] < b[j];
        ++i;
        ++j;
    }
    return a.size() - i < b.size() - j;
}

// A lane's own line under its thread's name: "coroutine #12", or the ident as a number.
QString laneIdentLabel(quint64 ident)
{
    if (fiber::isCoroutineIdent(ident))
        return QObject::tr("coroutine #%1").arg(ident - fiber::kCoroutineIdentBase);
    return QObject::tr("ident %1").arg(ident);
}

QString requestTitle(const RequestRecord &r)
{
    QString title = (r.method.isEmpty() ? QStringLiteral("?") : r.method) + QLatin1Char(' ') + r.path;
    if (!r.query.isEmpty())
        title += QLatin1Char('?') + r.query;
    return title;
}
} // namespace

TimelineView::TimelineView(RequestStore &store, QWidget *parent)
    : QAbstractScrollArea(parent), store_(store), followLiveAction_(new QAction(tr("Follow live"), this))
{
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOn);
    setVerticalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    setFocusPolicy(Qt::StrongFocus);
    viewport()->setMouseTracking(true);
    viewport()->setAttribute(Qt::WA_OpaquePaintEvent);
    setMinimumSize(300, 140);

    followName_ = tr("live");
    followLiveAction_->setCheckable(true);
    followLiveAction_->setChecked(true);
    followLiveAction_->setShortcut(Qt::Key_L);
    followLiveAction_->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    followLiveAction_->setToolTip(tr("Keep the newest time at the right edge (L); panning turns it off"));
    addAction(followLiveAction_);
    connect(followLiveAction_, &QAction::toggled, this, &TimelineView::setFollowLive);

    const auto addButton = [this](const QString &text, const QString &tip, auto slot) {
        auto *button = new QToolButton(this);
        button->setText(text);
        button->setToolTip(tip);
        button->setAutoRaise(true);
        connect(button, &QToolButton::clicked, this, slot);
        addScrollBarWidget(button, Qt::AlignLeft);
    };
    auto *follow = new QToolButton(this);
    follow->setDefaultAction(followLiveAction_);
    follow->setAutoRaise(true);
    follow->setToolButtonStyle(Qt::ToolButtonTextOnly);
    addScrollBarWidget(follow, Qt::AlignLeft);
    addButton(QStringLiteral("−"), tr("Zoom out (-, Ctrl+wheel)"), &TimelineView::zoomOut);
    addButton(QStringLiteral("+"), tr("Zoom in (+, Ctrl+wheel)"), &TimelineView::zoomIn);
    addButton(tr("Fit"), tr("Everything kept, oldest request to now (0)"), &TimelineView::zoomToFit);

    refreshTimer_.setSingleShot(true);
    refreshTimer_.setInterval(kRefreshMs);
    connect(&refreshTimer_, &QTimer::timeout, this, &TimelineView::refresh);

    connect(&store_, &RequestStore::appended, this, &TimelineView::scheduleRefresh);
    connect(&store_, &RequestStore::evictedRows, this, &TimelineView::scheduleRefresh);
    connect(&store_, &RequestStore::changed, this, [this](int first, int last) {
        noteChangedRows(first, last);
        scheduleRefresh();
    });
    connect(&store_, &RequestStore::reset, this, [this] {
        nowUs_ = 0;
        lanes_.clear();
        laneIndex_.clear();
        phasesSeen_.clear();
        legendDirty_ = true;
        // A reset may bring records at once (a replay moving to another moment): "now" is theirs.
        if (store_.count() > 0)
            noteChangedRows(0, store_.count() - 1);
        scheduleRefresh();
    });
    if (store_.count() > 0)
        noteChangedRows(0, store_.count() - 1);
}

qint64 TimelineView::visibleStartUs() const
{
    return static_cast<qint64>(std::floor(viewStartUs_));
}

qint64 TimelineView::visibleEndUs() const
{
    return static_cast<qint64>(std::ceil(viewStartUs_ + plotWidth() * usPerPixel_));
}

void TimelineView::setVisibleRange(qint64 startUs, qint64 endUs)
{
    if (endUs <= startUs)
        return;
    setFollowLive(false);
    usPerPixel_ =
        std::clamp(static_cast<double>(endUs - startUs) / plotWidth(), kMinUsPerPixel, kMaxUsPerPixel);
    viewStartUs_ = static_cast<double>(startUs);
    updateScrollBars();
    viewport()->update();
    emitRangeIfChanged();
}

void TimelineView::setFollowName(const QString &name)
{
    followName_ = name;
    followLiveAction_->setText(tr("Follow %1").arg(name));
    viewport()->update();
}

void TimelineView::setFollowLive(bool on)
{
    if (followLive_ == on)
        return;
    followLive_ = on;
    followLiveAction_->setChecked(on);
    if (on) {
        ensureCache();
        applyFollow();
        updateScrollBars();
        viewport()->update();
        emitRangeIfChanged();
    }
    emit followLiveChanged(on);
}

void TimelineView::setSelectedRequest(quint64 id)
{
    if (selected_ == id)
        return;
    selected_ = id;
    viewport()->update();
}

void TimelineView::zoomIn()
{
    zoomBy(1.5, anchorForKeyboardZoom());
}

void TimelineView::zoomOut()
{
    zoomBy(1 / 1.5, anchorForKeyboardZoom());
}

void TimelineView::zoomToFit()
{
    ensureCache();
    if (spans_.empty())
        return;
    const double first = static_cast<double>(spans_.front().startUs);
    const double last = static_cast<double>(std::max(nowUs_, spans_.front().startUs + 1));
    const double usable = std::max(1, plotWidth() - kFollowPaddingPx);
    usPerPixel_ = std::clamp((last - first) / usable, kMinUsPerPixel, kMaxUsPerPixel);
    viewStartUs_ = first;
    updateScrollBars();
    viewport()->update();
    emitRangeIfChanged();
}

void TimelineView::refresh()
{
    refreshTimer_.stop();
    ensureCache();
    if (followLive_)
        applyFollow();
    updateScrollBars();
    viewport()->update();
    emitRangeIfChanged();
}

void TimelineView::scheduleRefresh()
{
    cacheDirty_ = true;
    if (!refreshTimer_.isActive())
        refreshTimer_.start();
}

void TimelineView::noteChangedRows(int first, int last)
{
    for (int row = std::max(first, 0); row <= last && row < store_.count(); ++row) {
        const RequestRecord &r = store_.at(row);
        nowUs_ = std::max(nowUs_, r.latestUs());
        for (const RequestRecord::Phase &p : r.phases)
            if (!phasesSeen_.contains(p.phase)) {
                phasesSeen_.insert(p.phase);
                legendDirty_ = true;
            }
    }
}

void TimelineView::ensureCache()
{
    if (cacheDirty_)
        rebuildCache();
    if (legendDirty_)
        layoutLegend();
}

void TimelineView::rebuildCache()
{
    cacheDirty_ = false;
    spans_.clear();
    spans_.reserve(static_cast<std::size_t>(store_.count()));
    bool lanesChanged = false;
    for (int row = 0; row < store_.count(); ++row) {
        const RequestRecord &r = store_.at(row);
        if (r.thread.isEmpty())
            continue;
        const QPair<QString, quint64> key(r.thread, r.ident);
        auto it = laneIndex_.constFind(key);
        if (it == laneIndex_.cend()) {
            lanes_.push_back({r.thread, r.ident});
            it = laneIndex_.insert(key, static_cast<int>(lanes_.size()) - 1);
            lanesChanged = true;
        }
        spans_.push_back({r.startUs, r.finished ? std::max(r.endUs, r.startUs) : kRunning, row, *it});
        if (!r.suspensions.empty() && !suspensionsSeen_) {
            suspensionsSeen_ = true;
            legendDirty_ = true;
        }
        if (!crossReadsSeen_ && !r.crossReads().empty()) {
            crossReadsSeen_ = true;
            legendDirty_ = true;
        }
    }
    std::vector<int> usage(lanes_.size(), 0);
    for (const Span &span : spans_)
        ++usage[static_cast<std::size_t>(span.lane)];
    if (lanesChanged || std::find(usage.begin(), usage.end(), 0) != usage.end())
        relayoutLanes(usage);

    // The store keeps requests in order of their first event, so this is nearly sorted already.
    std::stable_sort(spans_.begin(), spans_.end(),
                     [](const Span &a, const Span &b) { return a.startUs < b.startUs; });
    prefixMaxEnd_.resize(spans_.size());
    qint64 maxEnd = std::numeric_limits<qint64>::min();
    for (std::size_t i = 0; i < spans_.size(); ++i) {
        maxEnd = std::max(maxEnd, spans_[i].endUs);
        prefixMaxEnd_[i] = maxEnd;
    }
}

void TimelineView::relayoutLanes(const std::vector<int> &usage)
{
    // Lanes follow the requests kept: one appears with its first request and goes with its last
    // (coroutine idents come and go), in natural thread order, then by ident.
    const std::vector<Lane> old = std::move(lanes_);
    lanes_.clear();
    for (std::size_t i = 0; i < old.size(); ++i)
        if (usage[i] > 0)
            lanes_.push_back({old[i].thread, old[i].ident});
    std::sort(lanes_.begin(), lanes_.end(), [](const Lane &a, const Lane &b) {
        return a.thread != b.thread ? naturalLess(a.thread, b.thread) : a.ident < b.ident;
    });
    laneIndex_.clear();
    for (std::size_t i = 0; i < lanes_.size(); ++i) {
        Lane &lane = lanes_[i];
        laneIndex_.insert({lane.thread, lane.ident}, static_cast<int>(i));
        lane.firstOfThread = i == 0 || lanes_[i - 1].thread != lane.thread;
    }
    for (std::size_t i = 0; i < lanes_.size();) {
        std::size_t end = i;
        while (end < lanes_.size() && lanes_[end].thread == lanes_[i].thread)
            ++end;
        for (std::size_t j = i; j < end; ++j)
            lanes_[j].identsInThread = static_cast<int>(end - i);
        i = end;
    }
    for (Span &span : spans_) {
        const Lane &was = old[static_cast<std::size_t>(span.lane)];
        span.lane = laneIndex_.value({was.thread, was.ident});
    }
}

void TimelineView::layoutLegend()
{
    legendDirty_ = false;
    legend_.clear();
    for (const QString &phase : PhaseColors::knownPhases())
        if (phasesSeen_.contains(phase))
            legend_.push_back({phase, PhaseColors::forPhase(phase), NoMarker, {}});
    QStringList unknown;
    for (const QString &phase : phasesSeen_)
        if (!PhaseColors::knownPhases().contains(phase))
            unknown.append(phase);
    unknown.sort();
    for (const QString &phase : unknown)
        legend_.push_back({phase, PhaseColors::forPhase(phase), NoMarker, {}});
    legend_.push_back({tr("5xx"), PhaseColors::serverError(), ServerErrorMarker, {}});
    legend_.push_back({tr("4xx"), PhaseColors::clientError(), ClientErrorMarker, {}});
    legend_.push_back(
        {tr("short-circuited by before_request"), PhaseColors::shortCircuit(), ShortCircuitMarker, {}});
    legend_.push_back({tr("running"), palette().color(QPalette::Highlight), RunningMarker, {}});
    if (suspensionsSeen_)
        legend_.push_back({tr("coroutine suspended (worker runs others)"),
                           palette().color(QPalette::Text),
                           SuspendedMarker,
                           {}});
    if (crossReadsSeen_)
        legend_.push_back(
            {tr("read another request's context"), PhaseColors::serverError(), CrossReadMarker, {}});

    const QFontMetrics fm(font());
    const int rowHeight = fm.height() + 6;
    const int width = std::max(1, viewport()->width() - 8);
    int x = 8;
    int y = 4;
    for (LegendItem &item : legend_) {
        const int w = 14 + 4 + fm.horizontalAdvance(item.label) + 14;
        if (x > 8 && x + w > width) {
            x = 8;
            y += rowHeight;
        }
        item.rect = QRect(x, y, w, rowHeight);
        x += w;
    }
    const int height = y + rowHeight + 2;
    if (height != legendHeight_) {
        legendHeight_ = height;
        updateScrollBars();
    }
}

void TimelineView::applyFollow()
{
    const double right = static_cast<double>(nowUs_) + kFollowPaddingPx * usPerPixel_;
    viewStartUs_ = right - plotWidth() * usPerPixel_;
}

void TimelineView::updateScrollBars()
{
    updatingScrollBars_ = true;
    const double plotW = plotWidth();
    const double firstUs = spans_.empty() ? viewStartUs_ : static_cast<double>(spans_.front().startUs);
    const double lo = std::min(firstUs, viewStartUs_);
    const double hi = std::max(static_cast<double>(nowUs_) + kFollowPaddingPx * usPerPixel_,
                               viewStartUs_ + plotW * usPerPixel_);
    const double totalPx = (hi - lo) / usPerPixel_;
    scrollScale_ = std::max(1.0, totalPx / 1e9); // keep within an int
    scrollOriginUs_ = lo;
    QScrollBar *h = horizontalScrollBar();
    h->setRange(0, static_cast<int>(std::max(0.0, totalPx - plotW) / scrollScale_));
    h->setPageStep(std::max(1, static_cast<int>(plotW / scrollScale_)));
    h->setSingleStep(std::max(1, static_cast<int>(40 / scrollScale_)));
    h->setValue(static_cast<int>(std::lround((viewStartUs_ - lo) / usPerPixel_ / scrollScale_)));

    QScrollBar *v = verticalScrollBar();
    const int lanesHeight = std::max(0, lanesBottom() - kAxisHeight);
    v->setRange(0, std::max(0, laneCount() * kLaneHeight - lanesHeight));
    v->setPageStep(std::max(1, lanesHeight));
    v->setSingleStep(kLaneHeight);
    updatingScrollBars_ = false;
}

void TimelineView::emitRangeIfChanged()
{
    const qint64 start = visibleStartUs();
    const qint64 end = visibleEndUs();
    if (start == lastEmittedStart_ && end == lastEmittedEnd_)
        return;
    lastEmittedStart_ = start;
    lastEmittedEnd_ = end;
    emit visibleRangeChanged(start, end);
}

void TimelineView::panByPixels(double dx)
{
    setFollowLive(false);
    viewStartUs_ += dx * usPerPixel_;
    updateScrollBars();
    viewport()->update();
    emitRangeIfChanged();
}

void TimelineView::zoomBy(double factor, double anchorX)
{
    ensureCache();
    if (followLive_)
        anchorX = kLabelWidth + plotWidth() - kFollowPaddingPx; // zoom keeps "now" where it is
    const double anchorUs = timeAt(anchorX);
    usPerPixel_ = std::clamp(usPerPixel_ / factor, kMinUsPerPixel, kMaxUsPerPixel);
    viewStartUs_ = anchorUs - (anchorX - kLabelWidth) * usPerPixel_;
    if (followLive_)
        applyFollow();
    updateScrollBars();
    viewport()->update();
    emitRangeIfChanged();
}

double TimelineView::anchorForKeyboardZoom() const
{
    const QPoint mouse = viewport()->mapFromGlobal(QCursor::pos());
    if (viewport()->rect().contains(mouse) && mouse.x() >= kLabelWidth)
        return mouse.x();
    return kLabelWidth + plotWidth() / 2.0;
}

int TimelineView::plotWidth() const
{
    return std::max(1, viewport()->width() - kLabelWidth);
}

int TimelineView::lanesTop() const
{
    return kAxisHeight;
}

int TimelineView::lanesBottom() const
{
    return std::max(kAxisHeight, viewport()->height() - legendHeight_);
}

double TimelineView::xOf(qint64 us) const
{
    return kLabelWidth + (static_cast<double>(us) - viewStartUs_) / usPerPixel_;
}

double TimelineView::timeAt(double x) const
{
    return viewStartUs_ + (x - kLabelWidth) * usPerPixel_;
}

int TimelineView::laneAt(int y) const
{
    if (y < lanesTop() || y >= lanesBottom())
        return -1;
    const int lane = (y - lanesTop() + verticalScrollBar()->value()) / kLaneHeight;
    return lane < laneCount() ? lane : -1;
}

int TimelineView::laneTop(int lane) const
{
    return lanesTop() + lane * kLaneHeight - verticalScrollBar()->value();
}

std::pair<std::size_t, std::size_t> TimelineView::visibleSpans() const
{
    const double from = viewStartUs_;
    const double to = timeAt(viewport()->width());
    // Spans start in order; the prefix maximum of their ends is ordered too, so both bounds are
    // binary searches: the first span that could still reach into the view, the first after it.
    const auto firstIt =
        std::lower_bound(prefixMaxEnd_.begin(), prefixMaxEnd_.end(), from, [this](qint64 end, double t) {
            return static_cast<double>(end == kRunning ? nowUs_ : end) < t;
        });
    const auto lastIt = std::upper_bound(spans_.begin(), spans_.end(), to, [](double t, const Span &s) {
        return t < static_cast<double>(s.startUs);
    });
    const std::size_t first = static_cast<std::size_t>(firstIt - prefixMaxEnd_.begin());
    const std::size_t last = static_cast<std::size_t>(lastIt - spans_.begin());
    return {first, std::max(first, last)};
}

QRectF TimelineView::barGeometry(const Span &span) const
{
    const double x0 = xOf(span.startUs);
    const double x1 = xOf(span.endUs == kRunning ? nowUs_ : span.endUs);
    return QRectF(x0, laneTop(span.lane) + kBarTop, std::max(x1 - x0, 2.0), kBarHeight);
}

const TimelineView::Span *TimelineView::spanAt(const QPoint &pos)
{
    ensureCache();
    if (pos.x() < kLabelWidth || laneAt(pos.y()) < 0)
        return nullptr;
    const int lane = laneAt(pos.y());
    const auto [first, last] = visibleSpans();
    const Span *hit = nullptr;
    double bestDistance = 4; // tiny bars are hard to hit: accept a few pixels beside them
    for (std::size_t i = first; i < last; ++i) {
        const Span &s = spans_[i];
        if (s.lane != lane)
            continue;
        const QRectF bar = barGeometry(s);
        if (pos.y() < bar.top() - 2 || pos.y() > laneTop(lane) + kLaneHeight)
            continue;
        const double distance = pos.x() < bar.left()    ? bar.left() - pos.x()
                                : pos.x() > bar.right() ? pos.x() - bar.right()
                                                        : 0;
        if (distance <= bestDistance) { // later bars are drawn on top: they win ties
            bestDistance = distance;
            hit = &s;
        }
    }
    return hit;
}

quint64 TimelineView::requestAt(const QPoint &pos)
{
    const Span *s = spanAt(pos);
    return s ? store_.at(s->row).id : 0;
}

QRect TimelineView::barRect(quint64 id)
{
    ensureCache();
    const int row = store_.rowOf(id);
    if (row < 0)
        return {};
    for (const Span &s : spans_)
        if (s.row == row) {
            const QRect bar = barGeometry(s).toAlignedRect();
            const QRect plot(kLabelWidth, lanesTop(), plotWidth(), lanesBottom() - lanesTop());
            return bar.intersected(plot);
        }
    return {};
}

QString TimelineView::phaseAt(const QPoint &pos)
{
    const Span *s = spanAt(pos);
    if (!s)
        return {};
    const RequestRecord &r = store_.at(s->row);
    const double t = timeAt(pos.x());
    const RequestRecord::Phase *inner = nullptr;
    for (const RequestRecord::Phase &p : r.phases) {
        const qint64 end = p.durUs >= 0 ? p.endUs : nowUs_;
        if (t >= static_cast<double>(p.beginUs) && t <= static_cast<double>(end) &&
            (!inner || p.nesting >= inner->nesting))
            inner = &p;
    }
    if (!inner)
        return {};
    return inner->name.isEmpty() ? inner->phase : inner->phase + QLatin1Char(' ') + inner->name;
}

void TimelineView::paintEvent(QPaintEvent *)
{
    ensureCache();
    QPainter p(viewport());
    const QPalette pal = palette();
    p.fillRect(viewport()->rect(), pal.color(QPalette::Base));
    paintLanes(p);
    paintAxis(p, QRect(0, 0, viewport()->width(), kAxisHeight));
    paintLegend(p);
}

void TimelineView::paintAxis(QPainter &p, const QRect &area)
{
    const QPalette pal = palette();
    p.fillRect(area, pal.color(QPalette::Window));
    p.setPen(pal.color(QPalette::Mid));
    p.drawLine(area.bottomLeft(), area.bottomRight());
    const double step = niceStep(100 * usPerPixel_);
    const double to = timeAt(area.right());
    p.setPen(pal.color(QPalette::WindowText));
    for (double t = std::ceil(viewStartUs_ / step) * step; t <= to; t += step) {
        const int x = static_cast<int>(std::lround(xOf(static_cast<qint64>(t))));
        p.drawLine(x, area.bottom() - 4, x, area.bottom());
        p.drawText(QRect(x + 3, area.top(), 120, area.height() - 2), Qt::AlignLeft | Qt::AlignVCenter,
                   axisLabel(t, step));
    }
    p.fillRect(QRect(area.left(), area.top(), kLabelWidth, area.height()), pal.color(QPalette::Window));
    p.drawText(QRect(area.left() + 6, area.top(), kLabelWidth - 6, area.height()),
               Qt::AlignLeft | Qt::AlignVCenter,
               followLive_ ? tr("thread · %1").arg(followName_) : tr("thread"));
}

void TimelineView::paintLanes(QPainter &p)
{
    const QPalette pal = palette();
    const int top = lanesTop();
    const int bottom = lanesBottom();
    const int width = viewport()->width();
    p.save();
    p.setClipRect(QRect(0, top, width, bottom - top));

    const int firstLane = std::max(0, verticalScrollBar()->value() / kLaneHeight);
    for (int lane = firstLane; lane < laneCount() && laneTop(lane) < bottom; ++lane) {
        const int y = laneTop(lane);
        if (lane % 2 == 1)
            p.fillRect(QRect(kLabelWidth, y, width - kLabelWidth, kLaneHeight),
                       pal.color(QPalette::AlternateBase));
    }

    // Grid lines under the bars, at the axis ticks.
    const double step = niceStep(100 * usPerPixel_);
    p.setPen(PhaseColors::blend(pal.color(QPalette::Base), pal.color(QPalette::Text), 0.12));
    for (double t = std::ceil(viewStartUs_ / step) * step; t <= timeAt(width); t += step) {
        const int x = static_cast<int>(std::lround(xOf(static_cast<qint64>(t))));
        p.drawLine(x, top, x, bottom);
    }

    p.save();
    p.setClipRect(QRect(kLabelWidth, top, width - kLabelWidth, bottom - top));
    const auto [first, last] = visibleSpans();
    const double from = viewStartUs_;
    for (std::size_t i = first; i < last; ++i) {
        const Span &s = spans_[i];
        const qint64 end = s.endUs == kRunning ? nowUs_ : s.endUs;
        if (static_cast<double>(end) < from - 4 * usPerPixel_)
            continue;
        const int y = laneTop(s.lane);
        if (y + kLaneHeight < top || y > bottom)
            continue;
        paintBar(p, s, store_.at(s.row));
    }
    // "Now": where running requests end.
    const double nowX = xOf(nowUs_);
    if (nowUs_ > 0 && nowX >= kLabelWidth && nowX <= width) {
        QPen pen(pal.color(QPalette::Highlight), 1, Qt::DashLine);
        p.setPen(pen);
        p.drawLine(QPointF(nowX, top), QPointF(nowX, bottom));
    }
    p.restore();

    // The label column, over everything that scrolled under it.
    p.fillRect(QRect(0, top, kLabelWidth, bottom - top), pal.color(QPalette::Window));
    const QFont normal = p.font();
    QFont bold = normal;
    bold.setBold(true);
    QFont small = normal;
    small.setPointSizeF(normal.pointSizeF() * 0.85);
    for (int lane = firstLane; lane < laneCount() && laneTop(lane) < bottom; ++lane) {
        const Lane &l = lanes_[static_cast<std::size_t>(lane)];
        const int y = laneTop(lane);
        p.setPen(pal.color(QPalette::Mid));
        if (l.firstOfThread && lane > 0)
            p.drawLine(0, y, width, y);
        p.setPen(pal.color(QPalette::WindowText));
        // One ident: the thread's name across the lane. Several: the name above the first lane's
        // ident, and each lane's ident on its own line.
        const bool several = l.identsInThread > 1;
        if (l.firstOfThread) {
            p.setFont(bold);
            const QRect nameRect = several ? QRect(6, y + 2, kLabelWidth - 10, kLaneHeight / 2 - 2)
                                           : QRect(6, y, kLabelWidth - 10, kLaneHeight);
            p.drawText(nameRect, Qt::AlignLeft | Qt::AlignVCenter,
                       p.fontMetrics().elidedText(l.thread, Qt::ElideMiddle, kLabelWidth - 10));
        }
        if (several) {
            p.setFont(small);
            const QRect identRect =
                l.firstOfThread ? QRect(14, y + kLaneHeight / 2, kLabelWidth - 18, kLaneHeight / 2 - 2)
                                : QRect(14, y + 2, kLabelWidth - 18, kLaneHeight / 2 - 2); // beside the bar
            p.drawText(identRect, Qt::AlignLeft | Qt::AlignVCenter,
                       p.fontMetrics().elidedText(laneIdentLabel(l.ident), Qt::ElideRight, kLabelWidth - 18));
        }
        p.setFont(normal);
    }
    p.setPen(pal.color(QPalette::Mid));
    p.drawLine(kLabelWidth - 1, top, kLabelWidth - 1, bottom);
    p.restore();
}

void TimelineView::paintBar(QPainter &p, const Span &span, const RequestRecord &r)
{
    const QPalette pal = palette();
    const QRectF bar = barGeometry(span);
    const QColor base = pal.color(QPalette::Base);
    const QColor text = pal.color(QPalette::Text);
    p.fillRect(bar, PhaseColors::blend(base, text, 0.25));

    // Phases, outer first: inner ones are drawn over them, each nesting level a little lower, so
    // the stack shows as steps along the top edge.
    if (bar.width() >= 3) {
        const double left = std::max(bar.left(), static_cast<double>(kLabelWidth) - 2);
        const double right = std::min(bar.right(), static_cast<double>(viewport()->width()) + 2);
        for (int level = 0; level <= 6; ++level) {
            for (const RequestRecord::Phase &ph : r.phases) {
                if (std::min(ph.nesting, 6) != level)
                    continue;
                const qint64 end = ph.durUs >= 0 ? ph.endUs : nowUs_;
                const double x0 = std::max(left, xOf(ph.beginUs));
                const double x1 = std::min(right, xOf(end));
                if (x1 - x0 < 0.5)
                    continue;
                const double inset = std::min(level, 4) * kPhaseInset;
                p.fillRect(QRectF(x0, bar.top() + inset, x1 - x0, bar.height() - inset),
                           PhaseColors::forPhase(ph.phase));
            }
        }
    }

    // Coroutine switches: hatched where the request's coroutine was suspended and its worker ran
    // other coroutines, with a tick where it got the worker back.
    if (!r.suspensions.empty() && bar.width() >= 3) {
        const QColor hatch = PhaseColors::blend(pal.color(QPalette::Base), text, 0.55);
        for (const RequestRecord::Suspension &s : r.suspensions) {
            const double x0 = std::max(bar.left(), xOf(s.beginUs));
            const double x1 = std::min(bar.right(), xOf(s.endUs ? s.endUs : nowUs_));
            if (x1 - x0 < 1)
                continue;
            const QRectF gap(x0, bar.top(), x1 - x0, bar.height());
            p.fillRect(gap, pal.color(QPalette::Base));
            p.fillRect(gap, QBrush(hatch, Qt::BDiagPattern));
            if (s.endUs) {
                p.setPen(QPen(text, 1));
                p.drawLine(QPointF(x1, bar.top()), QPointF(x1, bar.bottom()));
            }
        }
    }
    // The moment a request read another request's context: a red flag down through the bar.
    for (const RequestRecord::Error *read : r.crossReads()) {
        const double x = xOf(read->tUs);
        if (x < bar.left() - 1 || x > bar.right() + 1)
            continue;
        p.setPen(QPen(PhaseColors::serverError(), 2));
        p.drawLine(QPointF(x, bar.top() - 3), QPointF(x, bar.bottom()));
        const QPointF flag[3] = {{x, bar.top() - 4}, {x + 7, bar.top() - 1}, {x, bar.top() + 2}};
        p.setBrush(PhaseColors::serverError());
        p.drawPolygon(flag, 3);
        p.setBrush(Qt::NoBrush);
    }

    if (!r.finished) // a bright right edge: the bar still grows
        p.fillRect(QRectF(bar.right() - 3, bar.top(), 3, bar.height()), pal.color(QPalette::Highlight));
    if (r.status >= 500) {
        p.setPen(QPen(PhaseColors::serverError(), 2));
        p.setBrush(Qt::NoBrush);
        p.drawRect(bar.adjusted(1, 1, -1, -1));
    }
    const bool shortCircuited = !r.shortCircuitedBy().isEmpty();
    if (shortCircuited || (r.status >= 400 && r.status < 500)) {
        p.fillRect(QRectF(bar.left(), bar.bottom() - 3, bar.width(), 3),
                   shortCircuited ? PhaseColors::shortCircuit() : PhaseColors::clientError());
    }
    if (r.id == selected_) {
        p.setPen(QPen(pal.color(QPalette::Highlight), 2));
        p.setBrush(Qt::NoBrush);
        p.drawRect(bar.adjusted(-2, -2, 2, 2));
    }

    // The caption under the bar, when there is room for a few letters.
    if (bar.width() >= 24) {
        QString caption = requestTitle(r);
        if (r.status)
            caption += QStringLiteral(" · %1").arg(r.status);
        caption += QStringLiteral(" · ") + duration(r.durUs);
        const double left = std::max(bar.left(), static_cast<double>(kLabelWidth) + 2);
        const int width = static_cast<int>(bar.right() - left);
        if (width >= 24) {
            p.setPen(r.status >= 500 ? PhaseColors::serverError() : text);
            const QRect captionRect(static_cast<int>(left), static_cast<int>(bar.bottom()) + 1, width,
                                    kLaneHeight - kBarTop - kBarHeight - 1);
            p.drawText(captionRect, Qt::AlignLeft | Qt::AlignVCenter,
                       p.fontMetrics().elidedText(caption, Qt::ElideRight, width));
        }
    }
}

void TimelineView::paintLegend(QPainter &p)
{
    const QPalette pal = palette();
    const int top = lanesBottom();
    p.fillRect(QRect(0, top, viewport()->width(), legendHeight_), pal.color(QPalette::Window));
    p.setPen(pal.color(QPalette::Mid));
    p.drawLine(0, top, viewport()->width(), top);
    for (const LegendItem &item : legend_) {
        const QRect r = item.rect.translated(0, top);
        const QRect swatch(r.left(), r.center().y() - 6, 14, 12);
        const QColor neutral = PhaseColors::blend(pal.color(QPalette::Base), pal.color(QPalette::Text), 0.25);
        switch (item.marker) {
        case NoMarker: p.fillRect(swatch, item.color); break;
        case ServerErrorMarker:
            p.fillRect(swatch, neutral);
            p.setPen(QPen(item.color, 2));
            p.drawRect(swatch.adjusted(1, 1, -1, -1));
            break;
        case ClientErrorMarker:
        case ShortCircuitMarker:
            p.fillRect(swatch, neutral);
            p.fillRect(QRect(swatch.left(), swatch.bottom() - 2, swatch.width(), 3), item.color);
            break;
        case RunningMarker:
            p.fillRect(swatch, neutral);
            p.fillRect(QRect(swatch.right() - 2, swatch.top(), 3, swatch.height()), item.color);
            break;
        case SuspendedMarker:
            p.fillRect(swatch, pal.color(QPalette::Base));
            p.fillRect(swatch, QBrush(PhaseColors::blend(pal.color(QPalette::Base), item.color, 0.55),
                                      Qt::BDiagPattern));
            break;
        case CrossReadMarker:
            p.fillRect(swatch, neutral);
            p.setPen(QPen(item.color, 2));
            p.drawLine(swatch.center().x(), swatch.top(), swatch.center().x(), swatch.bottom());
            break;
        }
        p.setPen(pal.color(QPalette::WindowText));
        p.drawText(QRect(swatch.right() + 5, r.top(), r.width() - 18, r.height()),
                   Qt::AlignLeft | Qt::AlignVCenter, item.label);
    }
}

QString TimelineView::toolTipFor(const QPoint &pos)
{
    const Span *s = spanAt(pos);
    if (!s)
        return {};
    const RequestRecord &r = store_.at(s->row);
    QString tip = QStringLiteral("#%1  %2").arg(r.id).arg(requestTitle(r));
    tip += r.finished
               ? QStringLiteral(" → %1 · %2 · %3 bytes").arg(r.status).arg(duration(r.durUs)).arg(r.bytes)
               : QStringLiteral(" · running");
    tip += QStringLiteral("\n%1 · ident %2").arg(EventFormat::ident(r.ident, r.thread)).arg(r.ident);
    if (!r.suspensions.empty())
        tip += tr("\nsuspended %n time(s), %1 waiting: the worker ran other coroutines meanwhile (hatched)",
                  nullptr, static_cast<int>(r.suspensions.size()))
                   .arg(duration(r.suspendedUs(nowUs_)));
    if (const auto reads = r.crossReads(); !reads.empty())
        tip +=
            tr("\nREAD ANOTHER REQUEST'S CONTEXT (%n time(s)): %1", nullptr, static_cast<int>(reads.size()))
                .arg(reads.front()->message);
    const QString phase = phaseAt(pos);
    if (!phase.isEmpty()) {
        const double t = timeAt(pos.x());
        for (const RequestRecord::Phase &p : r.phases) {
            const QString name = p.name.isEmpty() ? p.phase : p.phase + QLatin1Char(' ') + p.name;
            const qint64 end = p.durUs >= 0 ? p.endUs : nowUs_;
            if (name == phase && t >= static_cast<double>(p.beginUs) && t <= static_cast<double>(end)) {
                tip += QStringLiteral("\nphase: %1 (%2)").arg(phase, duration(p.durUs));
                break;
            }
        }
    }
    const QString by = r.shortCircuitedBy();
    if (!by.isEmpty())
        tip += tr("\nshort-circuited by before_request %1: the view did not run").arg(by);
    if (r.sessionSaved)
        tip += tr("\nsession: %1").arg(r.saveDecision);
    if (!r.errors.empty())
        tip += tr("\nerror: %1: %2").arg(r.errors.back().type, r.errors.back().message);
    return tip;
}

void TimelineView::resizeEvent(QResizeEvent *event)
{
    QAbstractScrollArea::resizeEvent(event);
    legendDirty_ = true;
    ensureCache();
    if (followLive_)
        applyFollow();
    updateScrollBars();
    emitRangeIfChanged();
}

void TimelineView::wheelEvent(QWheelEvent *event)
{
    const QPoint angle = event->angleDelta();
    if (event->modifiers() & Qt::ControlModifier) {
        const int delta = angle.y() != 0 ? angle.y() : angle.x();
        if (delta != 0)
            zoomBy(std::pow(1.25, delta / 120.0), event->position().x());
        event->accept();
        return;
    }
    const bool horizontal = angle.x() != 0 || (event->modifiers() & Qt::ShiftModifier);
    if (horizontal) {
        const int delta = angle.x() != 0 ? angle.x() : angle.y();
        panByPixels(-delta / 120.0 * 60);
        event->accept();
        return;
    }
    QAbstractScrollArea::wheelEvent(event);
}

void TimelineView::mousePressEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton) {
        QAbstractScrollArea::mousePressEvent(event);
        return;
    }
    pressed_ = true;
    dragging_ = false;
    pressPos_ = event->position().toPoint();
    pressViewStartUs_ = viewStartUs_;
    event->accept();
}

void TimelineView::mouseMoveEvent(QMouseEvent *event)
{
    if (!pressed_) {
        QAbstractScrollArea::mouseMoveEvent(event);
        return;
    }
    const QPoint delta = event->position().toPoint() - pressPos_;
    if (!dragging_ && delta.manhattanLength() < kDragThresholdPx)
        return;
    if (!dragging_) {
        dragging_ = true;
        viewport()->setCursor(Qt::ClosedHandCursor);
    }
    setFollowLive(false);
    viewStartUs_ = pressViewStartUs_ - delta.x() * usPerPixel_;
    updateScrollBars();
    viewport()->update();
    emitRangeIfChanged();
}

void TimelineView::mouseReleaseEvent(QMouseEvent *event)
{
    if (!pressed_ || event->button() != Qt::LeftButton) {
        QAbstractScrollArea::mouseReleaseEvent(event);
        return;
    }
    pressed_ = false;
    if (dragging_) {
        dragging_ = false;
        viewport()->unsetCursor();
        return;
    }
    const quint64 id = requestAt(event->position().toPoint());
    if (id != 0) {
        setSelectedRequest(id);
        emit requestActivated(id);
    }
}

void TimelineView::keyPressEvent(QKeyEvent *event)
{
    switch (event->key()) {
    case Qt::Key_Plus:
    case Qt::Key_Equal: zoomIn(); break;
    case Qt::Key_Minus: zoomOut(); break;
    case Qt::Key_0: zoomToFit(); break;
    case Qt::Key_Left: panByPixels(-plotWidth() / 8.0); break;
    case Qt::Key_Right: panByPixels(plotWidth() / 8.0); break;
    case Qt::Key_End: setFollowLive(true); break;
    default: QAbstractScrollArea::keyPressEvent(event); return;
    }
    event->accept();
}

bool TimelineView::viewportEvent(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const QString tip = toolTipFor(help->pos());
        if (tip.isEmpty()) {
            QToolTip::hideText();
            event->ignore();
        } else {
            QToolTip::showText(help->globalPos(), tip, viewport());
        }
        return true;
    }
    return QAbstractScrollArea::viewportEvent(event);
}

void TimelineView::changeEvent(QEvent *event)
{
    QAbstractScrollArea::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange) {
        legendDirty_ = true;
        viewport()->update();
    }
}

void TimelineView::scrollContentsBy(int dx, int dy)
{
    if (!updatingScrollBars_ && dx != 0) {
        // The user moved the horizontal scroll bar.
        setFollowLive(false);
        viewStartUs_ = scrollOriginUs_ + horizontalScrollBar()->value() * scrollScale_ * usPerPixel_;
        emitRangeIfChanged();
    }
    Q_UNUSED(dy);
    viewport()->update();
}

} // namespace rs::ui
