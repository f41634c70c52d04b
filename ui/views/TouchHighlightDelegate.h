#pragma once

#include <QColor>
#include <QElapsedTimer>
#include <QList>
#include <QPointer>
#include <QStyledItemDelegate>
#include <QTimer>

#include <functional>

class QAbstractItemView;

namespace rs::ui {

class EventTreeModel;

// Paints the cells of an EventTreeModel with a colour that fades out over kFadeUs after the event
// that last touched them (LastTouchedRole, TouchKindRole), one hue per kind of touch. "Now" is
// engine time: the model's latest t_us advanced by the wall clock since it last moved, so that
// live and replayed events fade alike. One timer repaints the attached viewports, and runs only
// while something may still be fading. Every function: GUI thread.
class TouchHighlightDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    static constexpr qint64 kFadeUs = 800'000;
    static constexpr int kFrameMs = 33;

    explicit TouchHighlightDelegate(const EventTreeModel *model, QObject *parent = nullptr);

    // Makes this the view's delegate and repaints its viewport while highlights fade.
    void attach(QAbstractItemView *view);

    // The highlight `index` shows at engine time `nowUs`: invalid when it was never touched or the
    // touch is older than kFadeUs; otherwise the kind's colour with an alpha that falls to 0.
    QColor highlightAt(const QModelIndex &index, qint64 nowUs) const;
    // The full-strength colour of a kind of touch ("set", "get", "del", "release", "push", "pop"):
    // a fixed hue with the saturation and lightness of the palette's highlight.
    static QColor kindColor(const QString &kind, const QPalette &palette);
    // Engine time as the views see it now.
    qint64 nowUs() const;
    bool isAnimating() const { return timer_.isActive(); }

    // Replaces the display text of a cell (e.g. "140237 → worker-2"); a null result keeps the model's.
    using TextFunction = std::function<QString(const QModelIndex &)>;
    void setTextFunction(TextFunction function) { text_ = std::move(function); }

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;

private:
    void noteActivity();
    void frame();
    QPalette palette() const; // the first attached view's

    const EventTreeModel *model_;
    QList<QPointer<QAbstractItemView>> views_;
    QTimer timer_;
    QElapsedTimer sinceAnchor_;
    qint64 anchorUs_ = 0;
    TextFunction text_;
};

} // namespace rs::ui
