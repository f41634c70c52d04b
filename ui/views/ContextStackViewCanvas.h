#pragma once

#include <QElapsedTimer>
#include <QList>
#include <QString>
#include <QTimer>
#include <QWidget>

#include <vector>

namespace rs::ui {

class ContextStackModel;
class RequestStore;

// The painting half of ContextStackView: one lane per ident with a non-empty stack, its app and
// request stacks drawn as boxes from the bottom up. A push slides its box in and a pop slides it
// out (kAnimMs, driven by one timer that runs only while something moves); an ident whose
// stacks are empty fades away. Click selects a box; double-click asks for its request. Every
// function: GUI thread.
class ContextStackViewCanvas : public QWidget {
    Q_OBJECT
public:
    static constexpr int kAnimMs = 200;

    struct BoxRef {
        quint64 ident = 0;
        QString thread;
        QString stack;     // "app" or "request"
        int position = -1; // 0 is the bottom
        QString obj;
        quint64 req = 0;
        bool isValid() const { return position >= 0; }
    };

    // `requests` may be null (boxes then show only what the stack events say).
    ContextStackViewCanvas(const ContextStackModel *model, const RequestStore *requests,
                           QWidget *parent = nullptr);

    // Idents shown (fading ones excluded), in order of appearance.
    QList<quint64> idents() const;
    // Boxes in place on that stack (those sliding out excluded).
    int boxCount(quint64 ident, const QString &stack) const;
    // Where a box in place is drawn (widget coordinates); empty when there is none.
    QRect boxRect(quint64 ident, const QString &stack, int position) const;
    BoxRef selected() const { return selected_; }
    // Selects a box in place (as a click does); false when there is none.
    bool select(quint64 ident, const QString &stack, int position);
    bool isAnimating() const { return timer_.isActive(); }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

signals:
    void boxClicked(const rs::ui::ContextStackViewCanvas::BoxRef &box);
    void requestActivated(quint64 req);

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    struct Box {
        QString obj;
        quint64 req = 0;
        int position = 0;
        qint64 bornMs = 0;
        qint64 leftMs = -1; // set when it slides out
    };
    struct Stack {
        std::vector<Box> live;    // bottom first
        std::vector<Box> leaving; // popped, still sliding out
    };
    struct Lane {
        quint64 ident = 0;
        QString thread;
        Stack app;
        Stack request;
        qint64 goneMs = -1; // both stacks empty: fading out
    };
    struct Metrics {
        int laneWidth, laneHeight, columnWidth, boxHeight, titleHeight, labelHeight, pad, gap, perRow;
    };

    void onRowsInserted(const QModelIndex &parent, int first, int last);
    void onRowsAboutToBeRemoved(const QModelIndex &parent, int first, int last);
    void onRowsRemoved(const QModelIndex &parent);
    void syncAll();
    void syncIdent(quint64 ident);
    void syncStack(Stack &stack, quint64 ident, const QString &name, qint64 now);
    void markGone(quint64 ident, qint64 now);
    quint64 identOf(QModelIndex index) const;
    Lane *lane(quint64 ident);
    const Lane *lane(quint64 ident) const;
    void changed();
    void frame();
    bool prune(qint64 now);
    Metrics metrics() const;
    QRect laneRect(int laneIndex, const Metrics &m) const;
    QRect boxRectIn(const QRect &lane, int column, int position, const Metrics &m) const;
    BoxRef hit(const QPoint &pos) const;
    void paintLane(QPainter &p, const Lane &lane, const QRect &rect, const Metrics &m, qint64 now) const;
    void paintBox(QPainter &p, const Lane &lane, const QString &stack, const Box &box, QRect rect, bool top,
                  qint64 now) const;
    int rowsNeeded() const;

    const ContextStackModel *model_;
    const RequestStore *requests_;
    std::vector<Lane> lanes_;
    QList<quint64> removing_; // idents between rowsAboutToBeRemoved and rowsRemoved
    QElapsedTimer clock_;
    QTimer timer_;
    BoxRef selected_;
    int lastRows_ = 0;
};

} // namespace rs::ui
