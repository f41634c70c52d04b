#include "ui/views/TouchHighlightDelegate.h"

#include "ui/models/EventTreeModel.h"

#include <QAbstractItemView>
#include <QFontDatabase>
#include <QGuiApplication>

#include <algorithm>

namespace rs::ui {

TouchHighlightDelegate::TouchHighlightDelegate(const EventTreeModel *model, QObject *parent)
    : QStyledItemDelegate(parent), model_(model)
{
    timer_.setInterval(kFrameMs);
    connect(&timer_, &QTimer::timeout, this, &TouchHighlightDelegate::frame);
    connect(model_, &QAbstractItemModel::dataChanged, this, &TouchHighlightDelegate::noteActivity);
    connect(model_, &QAbstractItemModel::rowsInserted, this, &TouchHighlightDelegate::noteActivity);
    connect(model_, &QAbstractItemModel::modelReset, this, &TouchHighlightDelegate::noteActivity);
    noteActivity();
}

void TouchHighlightDelegate::attach(QAbstractItemView *view)
{
    view->setItemDelegate(this);
    views_.append(view);
}

QPalette TouchHighlightDelegate::palette() const
{
    for (const QPointer<QAbstractItemView> &view : views_)
        if (view)
            return view->palette();
    return QGuiApplication::palette();
}

qint64 TouchHighlightDelegate::nowUs() const
{
    return anchorUs_ + (sinceAnchor_.isValid() ? sinceAnchor_.nsecsElapsed() / 1000 : 0);
}

void TouchHighlightDelegate::noteActivity()
{
    const qint64 latest = model_->latestTUs();
    if (latest != anchorUs_ || !sinceAnchor_.isValid()) {
        anchorUs_ = latest;
        sinceAnchor_.restart();
    }
    if (latest > 0 && !timer_.isActive())
        timer_.start();
}

void TouchHighlightDelegate::frame()
{
    for (const QPointer<QAbstractItemView> &view : std::as_const(views_))
        if (view)
            view->viewport()->update();
    // Every touch is at most the latest event, so nothing fades any more past this point.
    if (nowUs() - anchorUs_ > kFadeUs)
        timer_.stop();
}

QColor TouchHighlightDelegate::kindColor(const QString &kind, const QPalette &palette)
{
    int hue = 210; // get: a read, the calmest
    if (kind == QLatin1String("set") || kind == QLatin1String("push"))
        hue = 135;
    else if (kind == QLatin1String("del") || kind == QLatin1String("release"))
        hue = 0;
    else if (kind == QLatin1String("pop"))
        hue = 30;
    const QColor highlight = palette.color(QPalette::Highlight);
    const int saturation = std::max(highlight.hslSaturation(), 170);
    const int lightness = std::clamp(highlight.lightness(), 110, 160);
    return QColor::fromHsl(hue, saturation, lightness);
}

QColor TouchHighlightDelegate::highlightAt(const QModelIndex &index, qint64 nowUs) const
{
    const qint64 touched = index.data(EventTreeModel::LastTouchedRole).toLongLong();
    if (touched <= 0)
        return {};
    const qint64 age = std::max<qint64>(0, nowUs - touched);
    if (age >= kFadeUs)
        return {};
    const double left = 1.0 - static_cast<double>(age) / static_cast<double>(kFadeUs);
    QColor c = kindColor(index.data(EventTreeModel::TouchKindRole).toString(), palette());
    // Eased out: bright at first, then a quick tail.
    c.setAlphaF(static_cast<float>(0.75 * left * left));
    return c;
}

void TouchHighlightDelegate::initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    option->font = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    option->fontMetrics = QFontMetrics(option->font);
    if (text_) {
        const QString text = text_(index);
        if (!text.isNull())
            option->text = text;
    }
    const QColor c = highlightAt(index, nowUs());
    if (c.isValid())
        option->backgroundBrush = c;
}

} // namespace rs::ui
