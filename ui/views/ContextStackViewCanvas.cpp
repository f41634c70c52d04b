#include "ui/views/ContextStackViewCanvas.h"

#include "ui/models/ContextStackModel.h"
#include "ui/models/RequestStore.h"

#include <QFontDatabase>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

namespace rs::ui {

namespace {
const QString kApp = QStringLiteral("app");
const QString kRequest = QStringLiteral("request");
constexpr std::size_t kMaxLeaving = 4; // under a flood, older ghosts just vanish

QColor mix(const QColor &a, const QColor &b, double t)
{
    const auto m = [t](int x, int y) { return static_cast<int>(std::lround(x + (y - x) * t)); };
    return QColor(m(a.red(), b.red()), m(a.green(), b.green()), m(a.blue(), b.blue()));
}

// 0 → 1 over kAnimMs, eased out.
double eased(qint64 since, qint64 now)
{
    const double p = std::clamp(static_cast<double>(now - since) / ContextStackViewCanvas::kAnimMs, 0.0, 1.0);
    return 1.0 - std::pow(1.0 - p, 3.0);
}
} // namespace

ContextStackViewCanvas::ContextStackViewCanvas(const ContextStackModel *model, const RequestStore *requests,
                                               QWidget *parent)
    : QWidget(parent), model_(model), requests_(requests)
{
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setBackgroundRole(QPalette::Base);
    setAutoFillBackground(true);
    clock_.start();
    timer_.setInterval(16);
    connect(&timer_, &QTimer::timeout, this, &ContextStackViewCanvas::frame);

    connect(model_, &QAbstractItemModel::rowsInserted, this, &ContextStackViewCanvas::onRowsInserted);
    connect(model_, &QAbstractItemModel::rowsAboutToBeRemoved, this,
            &ContextStackViewCanvas::onRowsAboutToBeRemoved);
    connect(model_, &QAbstractItemModel::rowsRemoved, this, &ContextStackViewCanvas::onRowsRemoved);
    connect(model_, &QAbstractItemModel::dataChanged, this, [this](const QModelIndex &topLeft) {
        // A box's request arrives with the touch that follows its insertion.
        if (const quint64 ident = identOf(topLeft)) {
            syncIdent(ident);
            changed();
        }
    });
    connect(model_, &QAbstractItemModel::modelReset, this, [this] {
        lanes_.clear();
        syncAll();
        changed();
    });
    syncAll();
    changed();
}

quint64 ContextStackViewCanvas::identOf(QModelIndex index) const
{
    if (!index.isValid())
        return 0;
    while (index.parent().isValid())
        index = index.parent();
    return index.data(ContextStackModel::NumberRole).toULongLong();
}

ContextStackViewCanvas::Lane *ContextStackViewCanvas::lane(quint64 ident)
{
    for (Lane &l : lanes_)
        if (l.ident == ident)
            return &l;
    return nullptr;
}

const ContextStackViewCanvas::Lane *ContextStackViewCanvas::lane(quint64 ident) const
{
    return const_cast<ContextStackViewCanvas *>(this)->lane(ident);
}

void ContextStackViewCanvas::onRowsInserted(const QModelIndex &parent, int first, int last)
{
    if (!parent.isValid()) {
        // The model numbers an ident row right after inserting it; its stack's insertion follows.
        for (int row = first; row <= last; ++row)
            if (const quint64 ident = model_->index(row, 0).data(ContextStackModel::NumberRole).toULongLong())
                syncIdent(ident);
    } else {
        syncIdent(identOf(parent));
    }
    changed();
}

void ContextStackViewCanvas::onRowsAboutToBeRemoved(const QModelIndex &parent, int first, int last)
{
    if (parent.isValid())
        return;
    for (int row = first; row <= last; ++row)
        removing_.append(model_->index(row, 0).data(ContextStackModel::NumberRole).toULongLong());
}

void ContextStackViewCanvas::onRowsRemoved(const QModelIndex &parent)
{
    const qint64 now = clock_.elapsed();
    if (!parent.isValid()) {
        for (quint64 ident : std::as_const(removing_))
            markGone(ident, now);
        removing_.clear();
    } else {
        syncIdent(identOf(parent));
    }
    changed();
}

void ContextStackViewCanvas::syncAll()
{
    const qint64 now = clock_.elapsed();
    QList<quint64> present;
    for (int row = 0; row < model_->rowCount(); ++row) {
        const quint64 ident = model_->index(row, 0).data(ContextStackModel::NumberRole).toULongLong();
        present.append(ident);
        syncIdent(ident);
    }
    for (Lane &l : lanes_)
        if (!present.contains(l.ident))
            markGone(l.ident, now);
}

void ContextStackViewCanvas::syncIdent(quint64 ident)
{
    if (ident == 0)
        return;
    const qint64 now = clock_.elapsed();
    const QModelIndex index = model_->identIndex(ident);
    if (!index.isValid()) {
        markGone(ident, now);
        return;
    }
    Lane *l = lane(ident);
    if (!l) {
        lanes_.push_back(Lane{});
        l = &lanes_.back();
        l->ident = ident;
    }
    l->thread = model_->index(index.row(), ContextStackModel::ValueColumn).data().toString();
    l->goneMs = -1;
    syncStack(l->app, ident, kApp, now);
    syncStack(l->request, ident, kRequest, now);
}

void ContextStackViewCanvas::syncStack(Stack &stack, quint64 ident, const QString &name, qint64 now)
{
    const QModelIndex s = model_->stackIndex(ident, name);
    const int count = s.isValid() ? model_->rowCount(s) : 0;
    std::size_t kept = 0;
    while (kept < stack.live.size() && static_cast<int>(kept) < count) {
        const QModelIndex box = model_->index(static_cast<int>(kept), 0, s);
        if (box.data(ContextStackModel::KeyRole).toString() != stack.live[kept].obj)
            break;
        stack.live[kept].req = box.data(ContextStackModel::RequestRole).toULongLong();
        ++kept;
    }
    for (std::size_t i = kept; i < stack.live.size(); ++i) {
        Box gone = stack.live[i];
        gone.leftMs = now;
        stack.leaving.push_back(gone);
    }
    if (stack.leaving.size() > kMaxLeaving)
        stack.leaving.erase(stack.leaving.begin(),
                            stack.leaving.begin() +
                                static_cast<std::ptrdiff_t>(stack.leaving.size() - kMaxLeaving));
    stack.live.resize(kept);
    for (int row = static_cast<int>(kept); row < count; ++row) {
        const QModelIndex box = model_->index(row, 0, s);
        stack.live.push_back(Box{box.data(ContextStackModel::KeyRole).toString(),
                                 box.data(ContextStackModel::RequestRole).toULongLong(), row, now, -1});
    }
}

void ContextStackViewCanvas::markGone(quint64 ident, qint64 now)
{
    Lane *l = lane(ident);
    if (!l || l->goneMs >= 0)
        return;
    for (Stack *s : {&l->app, &l->request}) {
        for (Box &b : s->live) {
            b.leftMs = now;
            s->leaving.push_back(b);
        }
        s->live.clear();
    }
    l->goneMs = now;
}

void ContextStackViewCanvas::changed()
{
    const int rows = rowsNeeded();
    const Metrics m = metrics();
    const int laneRows = lanes_.empty() ? 0 : (static_cast<int>(lanes_.size()) + m.perRow - 1) / m.perRow;
    const int height = laneRows == 0 ? 140 : m.pad + laneRows * (m.laneHeight + m.pad);
    if (minimumHeight() != height || rows != lastRows_) {
        lastRows_ = rows;
        setMinimumHeight(height);
        updateGeometry();
    }
    if (!timer_.isActive())
        timer_.start();
    update();
}

bool ContextStackViewCanvas::prune(qint64 now)
{
    bool moving = false;
    for (Lane &l : lanes_) {
        for (Stack *s : {&l.app, &l.request}) {
            std::erase_if(s->leaving, [now](const Box &b) { return now - b.leftMs >= kAnimMs; });
            moving = moving || !s->leaving.empty();
            for (const Box &b : s->live)
                moving = moving || now - b.bornMs < kAnimMs;
        }
    }
    const std::size_t before = lanes_.size();
    std::erase_if(lanes_, [now](const Lane &l) { return l.goneMs >= 0 && now - l.goneMs >= kAnimMs; });
    if (lanes_.size() != before)
        changed();
    for (const Lane &l : lanes_)
        moving = moving || l.goneMs >= 0;
    return moving;
}

void ContextStackViewCanvas::frame()
{
    const bool moving = prune(clock_.elapsed());
    update();
    if (!moving)
        timer_.stop();
}

QList<quint64> ContextStackViewCanvas::idents() const
{
    QList<quint64> out;
    for (const Lane &l : lanes_)
        if (l.goneMs < 0)
            out.append(l.ident);
    return out;
}

int ContextStackViewCanvas::boxCount(quint64 ident, const QString &stack) const
{
    const Lane *l = lane(ident);
    if (!l)
        return 0;
    return static_cast<int>((stack == kApp ? l->app : l->request).live.size());
}

int ContextStackViewCanvas::rowsNeeded() const
{
    std::size_t rows = 2;
    for (const Lane &l : lanes_)
        for (const Stack *s : {&l.app, &l.request}) {
            rows = std::max(rows, s->live.size());
            for (const Box &b : s->leaving)
                rows = std::max(rows, static_cast<std::size_t>(b.position) + 1);
        }
    return static_cast<int>(rows);
}

ContextStackViewCanvas::Metrics ContextStackViewCanvas::metrics() const
{
    const QFontMetrics fm = fontMetrics();
    Metrics m{};
    m.pad = 10;
    m.gap = 5;
    m.columnWidth = std::max(180, fm.horizontalAdvance(QStringLiteral("RequestContext#00000 GET")) + 28);
    m.boxHeight = 2 * fm.height() + 14;
    m.titleHeight = fm.height() + 14;
    m.labelHeight = fm.height() + 8;
    m.laneWidth = 2 * m.columnWidth + 3 * m.pad;
    m.laneHeight = m.titleHeight + rowsNeeded() * (m.boxHeight + m.gap) + m.labelHeight + m.pad;
    m.perRow = std::max(1, (width() - m.pad) / (m.laneWidth + m.pad));
    return m;
}

QRect ContextStackViewCanvas::laneRect(int laneIndex, const Metrics &m) const
{
    const int col = laneIndex % m.perRow;
    const int row = laneIndex / m.perRow;
    return {m.pad + col * (m.laneWidth + m.pad), m.pad + row * (m.laneHeight + m.pad), m.laneWidth,
            m.laneHeight};
}

QRect ContextStackViewCanvas::boxRectIn(const QRect &lane, int column, int position, const Metrics &m) const
{
    const int floorY = lane.top() + m.titleHeight + rowsNeeded() * (m.boxHeight + m.gap);
    const int x = lane.left() + m.pad + column * (m.columnWidth + m.pad);
    const int y = floorY - (position + 1) * (m.boxHeight + m.gap) + m.gap;
    return {x, y, m.columnWidth, m.boxHeight};
}

QRect ContextStackViewCanvas::boxRect(quint64 ident, const QString &stack, int position) const
{
    const Metrics m = metrics();
    for (std::size_t i = 0; i < lanes_.size(); ++i) {
        const Lane &l = lanes_[i];
        if (l.ident != ident)
            continue;
        const Stack &s = stack == kApp ? l.app : l.request;
        if (position < 0 || position >= static_cast<int>(s.live.size()))
            return {};
        return boxRectIn(laneRect(static_cast<int>(i), m), stack == kApp ? 0 : 1, position, m);
    }
    return {};
}

ContextStackViewCanvas::BoxRef ContextStackViewCanvas::hit(const QPoint &pos) const
{
    const Metrics m = metrics();
    for (std::size_t i = 0; i < lanes_.size(); ++i) {
        const Lane &l = lanes_[i];
        if (l.goneMs >= 0)
            continue;
        const QRect lr = laneRect(static_cast<int>(i), m);
        if (!lr.contains(pos))
            continue;
        for (int column = 0; column < 2; ++column) {
            const Stack &s = column == 0 ? l.app : l.request;
            for (const Box &b : s.live)
                if (boxRectIn(lr, column, b.position, m).contains(pos))
                    return BoxRef{l.ident, l.thread, column == 0 ? kApp : kRequest, b.position, b.obj, b.req};
        }
    }
    return {};
}

bool ContextStackViewCanvas::select(quint64 ident, const QString &stack, int position)
{
    const QRect r = boxRect(ident, stack, position);
    if (r.isEmpty())
        return false;
    selected_ = hit(r.center());
    update();
    emit boxClicked(selected_);
    return true;
}

void ContextStackViewCanvas::mousePressEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton)
        return QWidget::mousePressEvent(event);
    const BoxRef box = hit(event->position().toPoint());
    if (!box.isValid())
        return;
    selected_ = box;
    update();
    emit boxClicked(selected_);
}

void ContextStackViewCanvas::mouseDoubleClickEvent(QMouseEvent *event)
{
    const BoxRef box = hit(event->position().toPoint());
    if (box.isValid() && box.req != 0)
        emit requestActivated(box.req);
}

void ContextStackViewCanvas::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    changed();
}

QSize ContextStackViewCanvas::sizeHint() const
{
    const Metrics m = metrics();
    return {m.laneWidth * 2 + 3 * m.pad, std::max(minimumHeight(), m.laneHeight + 2 * m.pad)};
}

QSize ContextStackViewCanvas::minimumSizeHint() const
{
    const Metrics m = metrics();
    return {m.laneWidth + 2 * m.pad, 140};
}

void ContextStackViewCanvas::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const qint64 now = clock_.elapsed();
    if (lanes_.empty()) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(rect().adjusted(20, 20, -20, -20), Qt::AlignCenter | Qt::TextWordWrap,
                   tr("No context is pushed right now.\nContexts live only while a request runs — send "
                      "/slow?ms=3000 and watch its app and request contexts being pushed, then popped."));
        return;
    }
    const Metrics m = metrics();
    for (std::size_t i = 0; i < lanes_.size(); ++i)
        paintLane(p, lanes_[i], laneRect(static_cast<int>(i), m), m, now);
}

void ContextStackViewCanvas::paintLane(QPainter &p, const Lane &lane, const QRect &rect, const Metrics &m,
                                       qint64 now) const
{
    const QPalette pal = palette();
    p.save();
    if (lane.goneMs >= 0)
        p.setOpacity(1.0 - eased(lane.goneMs, now));
    p.setPen(QPen(pal.color(QPalette::Mid), 1));
    p.setBrush(mix(pal.color(QPalette::Base), pal.color(QPalette::Text), 0.04));
    p.drawRoundedRect(QRectF(rect).adjusted(0.5, 0.5, -0.5, -0.5), 7, 7);

    // Title: the ident the Local keys on, and the thread (or coroutine) it stands for.
    QFont bold = font();
    bold.setBold(true);
    p.setFont(bold);
    p.setPen(pal.color(QPalette::Text));
    const QRect title(rect.left() + m.pad, rect.top(), rect.width() - 2 * m.pad, m.titleHeight);
    p.drawText(title, Qt::AlignLeft | Qt::AlignVCenter,
               QStringLiteral("%1 → %2").arg(lane.ident).arg(lane.thread));
    p.setFont(font());

    const int floorY = rect.top() + m.titleHeight + rowsNeeded() * (m.boxHeight + m.gap);
    for (int column = 0; column < 2; ++column) {
        const Stack &s = column == 0 ? lane.app : lane.request;
        const QString name = column == 0 ? kApp : kRequest;
        const int x = rect.left() + m.pad + column * (m.columnWidth + m.pad);
        p.setPen(QPen(pal.color(QPalette::Text), 2));
        p.drawLine(x - 2, floorY + 1, x + m.columnWidth + 2, floorY + 1);
        p.setPen(pal.color(QPalette::PlaceholderText));
        p.drawText(QRect(x, floorY + 3, m.columnWidth, m.labelHeight), Qt::AlignHCenter | Qt::AlignTop,
                   column == 0 ? QStringLiteral("_app_ctx_stack") : QStringLiteral("_request_ctx_stack"));
        for (const Box &b : s.leaving)
            paintBox(p, lane, name, b, boxRectIn(rect, column, b.position, m), false, now);
        for (const Box &b : s.live)
            paintBox(p, lane, name, b, boxRectIn(rect, column, b.position, m),
                     b.position == static_cast<int>(s.live.size()) - 1, now);
    }
    p.restore();
}

void ContextStackViewCanvas::paintBox(QPainter &p, const Lane &lane, const QString &stack, const Box &box,
                                      QRect rect, bool top, qint64 now) const
{
    const QPalette pal = palette();
    // Entering boxes drop in from above; leaving ones lift off and fade.
    double opacity = 1.0;
    int lift = 0;
    if (box.leftMs >= 0) {
        const double e = eased(box.leftMs, now);
        opacity = 1.0 - e;
        lift = static_cast<int>(e * rect.height() * 0.7);
    } else if (now - box.bornMs < kAnimMs) {
        const double e = eased(box.bornMs, now);
        opacity = e;
        lift = static_cast<int>((1.0 - e) * rect.height() * 0.7);
    }
    if (opacity <= 0.0)
        return;
    rect.translate(0, -lift);

    const bool isApp = stack == kApp;
    const QColor highlight = pal.color(QPalette::Highlight);
    const QColor hue = QColor::fromHsl(isApp ? 275 : 200, std::max(highlight.hslSaturation(), 140),
                                       std::clamp(highlight.lightness(), 110, 160));
    const bool selected = box.leftMs < 0 && selected_.ident == lane.ident && selected_.stack == stack &&
                          selected_.position == box.position && selected_.obj == box.obj;

    p.save();
    p.setOpacity(p.opacity() * opacity);
    p.setBrush(mix(pal.color(QPalette::Base), hue, 0.2));
    p.setPen(QPen(selected ? highlight : hue, selected ? 3 : 1.5));
    p.drawRoundedRect(QRectF(rect).adjusted(1, 1, -1, -1), 5, 5);

    // "RequestContext#17 GET /slow" → "RequestContext#17" over "GET /slow?ms=300".
    const qsizetype space = box.obj.indexOf(QLatin1Char(' '));
    const QString head = space < 0 ? box.obj : box.obj.left(space);
    QString detail = space < 0 ? QString() : box.obj.mid(space + 1);
    if (isApp) {
        detail = detail.startsWith(QLatin1Char('('))
                     ? QStringLiteral("app '%1'").arg(detail.mid(1).chopped(1))
                     : detail;
    } else if (const RequestRecord *r = requests_ && box.req ? requests_->find(box.req) : nullptr) {
        if (!r->query.isEmpty())
            detail += QLatin1Char('?') + r->query;
    }
    const QFontMetrics fm = fontMetrics();
    const QRect inner = rect.adjusted(8, 5, -8, -5);
    QFont bold = font();
    bold.setBold(true);
    p.setFont(bold);
    p.setPen(pal.color(QPalette::Text));
    p.drawText(QRect(inner.left(), inner.top(), inner.width(), fm.height()), Qt::AlignLeft | Qt::AlignVCenter,
               head);
    p.setFont(font());
    if (top) {
        p.setPen(pal.color(QPalette::PlaceholderText));
        p.drawText(QRect(inner.left(), inner.top(), inner.width(), fm.height()),
                   Qt::AlignRight | Qt::AlignVCenter, QStringLiteral("top"));
    }
    p.setPen(pal.color(QPalette::Text));
    p.drawText(QRect(inner.left(), inner.bottom() - fm.height() + 1, inner.width(), fm.height()),
               Qt::AlignLeft | Qt::AlignVCenter, fm.elidedText(detail, Qt::ElideMiddle, inner.width()));
    p.restore();
}

} // namespace rs::ui
