#pragma once

#include <QAbstractScrollArea>
#include <QHash>
#include <QPair>
#include <QSet>
#include <QString>
#include <QTimer>

#include <vector>

class QAction;

namespace rs::ui {

class RequestStore;
struct RequestRecord;

// The requests of a RequestStore on a time axis: one lane per (worker thread, ident) — lanes of
// one thread grouped under its name, so coroutine workers show one lane per coroutine — and one
// bar per request from its first to its last event, divided into its phases (colour per phase,
// legend at the bottom). Where a coroutine was suspended (its worker ran other coroutines) the
// bar is hatched; a red flag marks the moment a request read another request's context. Running requests grow
// to the newest time seen. Zoom: Ctrl+wheel or +/- (around the mouse); pan: drag, Shift+wheel, the scroll bar
// or Left/Right; "Follow live" (L) keeps the newest time at the right edge until the user pans. A click on a
// bar emits requestActivated. Repaints at most once a frame however often the store changes, and paints only
// the bars in view. Every function: GUI thread.
class TimelineView : public QAbstractScrollArea {
    Q_OBJECT
public:
    // The store must outlive the view.
    explicit TimelineView(RequestStore &store, QWidget *parent = nullptr);

    // The time span in view, in engine microseconds (t_us).
    qint64 visibleStartUs() const;
    qint64 visibleEndUs() const;
    double microsecondsPerPixel() const { return usPerPixel_; }
    // Shows [startUs, endUs] across the plot; turns "follow live" off.
    void setVisibleRange(qint64 startUs, qint64 endUs);
    // The newest t_us seen in the store (where running requests end).
    qint64 nowUs() const { return nowUs_; }
    bool followLive() const { return followLive_; }
    // What "following" follows, in the button and the lane header: "live" by default; a replay
    // says "cursor".
    void setFollowName(const QString &name);
    // Checkable, shortcut L; put it in a toolbar or menu if wanted (the view shows it too).
    QAction *followLiveAction() const { return followLiveAction_; }

    // The request whose bar is under `pos` (viewport coordinates), 0 when none.
    quint64 requestAt(const QPoint &pos);
    // The bar of `id` in viewport coordinates; empty when it is not in view.
    QRect barRect(quint64 id);
    // "phase name" of the innermost phase under `pos`, empty when none.
    QString phaseAt(const QPoint &pos);
    quint64 selectedRequest() const { return selected_; }
    void setSelectedRequest(quint64 id);
    int laneCount() const { return static_cast<int>(lanes_.size()); }

public slots:
    void setFollowLive(bool on);
    void zoomIn();
    void zoomOut();
    // Everything the store keeps, from its oldest request to now.
    void zoomToFit();
    // Applies pending store changes now (a timer does it once a frame).
    void refresh();

signals:
    void requestActivated(quint64 requestId);
    void followLiveChanged(bool on);
    void visibleRangeChanged(qint64 startUs, qint64 endUs);

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    bool viewportEvent(QEvent *event) override;
    void scrollContentsBy(int dx, int dy) override;
    void changeEvent(QEvent *event) override;

private:
    // A request bar's extent, sorted by start; rows index the store until its next change.
    struct Span {
        qint64 startUs;
        qint64 endUs; // kRunning while the request runs
        int row;
        int lane;
    };
    struct Lane {
        QString thread;
        quint64 ident;
        bool firstOfThread = false;
        int identsInThread = 1;
    };
    struct LegendItem {
        QString label;
        QColor color;
        int marker; // 0: a phase swatch; otherwise a Marker
        QRect rect;
    };
    enum Marker {
        NoMarker,
        ServerErrorMarker,
        ClientErrorMarker,
        ShortCircuitMarker,
        RunningMarker,
        SuspendedMarker,
        CrossReadMarker
    };

    void scheduleRefresh();
    void noteChangedRows(int first, int last);
    void rebuildCache();
    void ensureCache();
    void relayoutLanes(const std::vector<int> &usage);
    void layoutLegend();
    void applyFollow();
    void updateScrollBars();
    void emitRangeIfChanged();
    void panByPixels(double dx);
    void zoomBy(double factor, double anchorX);
    double anchorForKeyboardZoom() const;

    // Geometry (viewport coordinates).
    int plotWidth() const;
    int lanesTop() const;
    int lanesBottom() const;
    double xOf(qint64 us) const;
    double timeAt(double x) const;
    int laneAt(int y) const;
    int laneTop(int lane) const;
    // The visible part of spans_: [first, last).
    std::pair<std::size_t, std::size_t> visibleSpans() const;
    QRectF barGeometry(const Span &span) const;
    const Span *spanAt(const QPoint &pos);

    void paintAxis(QPainter &p, const QRect &area);
    void paintLanes(QPainter &p);
    void paintBar(QPainter &p, const Span &span, const RequestRecord &r);
    void paintLegend(QPainter &p);
    QString toolTipFor(const QPoint &pos);

    RequestStore &store_;
    QAction *followLiveAction_;
    QTimer refreshTimer_;
    bool cacheDirty_ = true;

    std::vector<Span> spans_;
    std::vector<qint64> prefixMaxEnd_; // max end of spans_[0..i]: bars before the view that reach into it
    std::vector<Lane> lanes_;
    QHash<QPair<QString, quint64>, int> laneIndex_;
    QSet<QString> phasesSeen_;
    std::vector<LegendItem> legend_;
    bool legendDirty_ = true;
    bool suspensionsSeen_ = false; // legend entries appear once something needs them
    bool crossReadsSeen_ = false;
    int legendHeight_ = 0;

    qint64 nowUs_ = 0;
    double viewStartUs_ = 0;
    double usPerPixel_ = 20.0;
    QString followName_;
    bool followLive_ = true;
    quint64 selected_ = 0;
    qint64 lastEmittedStart_ = -1;
    qint64 lastEmittedEnd_ = -1;

    // Horizontal scroll bar: value v means viewStart = scrollOriginUs_ + v * scrollScale_ * usPerPixel_.
    double scrollOriginUs_ = 0;
    double scrollScale_ = 1;
    bool updatingScrollBars_ = false;

    bool pressed_ = false;
    bool dragging_ = false;
    QPoint pressPos_;
    double pressViewStartUs_ = 0;
};

} // namespace rs::ui
