#pragma once

#include <QWidget>

#include <cstdint>

class QAction;
class QLabel;
class QListWidget;
class QSpinBox;
class QTableWidget;
class QTimer;

namespace rs::trace {
class Breakpoints;
}

namespace rs::ui {

// Step mode: choose the points that break (phases, stack push/pop), see the workers held there,
// and release them: Continue (F5), Step to the next phase (F10), Run without breaks (Shift+F5).
// A hold left alone releases itself after the timeout set here. The engine side is
// trace::Breakpoints; this panel polls it (cheaply, every 100 ms) and never waits on it.
// Every function: GUI thread.
class StepModePanel : public QWidget {
    Q_OBJECT
public:
    explicit StepModePanel(trace::Breakpoints &breakpoints, QWidget *parent = nullptr);

    QAction *continueAction() const { return continue_; }
    QAction *stepAction() const { return step_; }
    QAction *runAction() const { return run_; }

    // How many workers are held now.
    int heldCount() const;
    // Test helper: tick the chosen point on or off, as a click on its check box would.
    void setPointChecked(const QString &point, bool on);

signals:
    // The held request the user selected (to show it in the detail view).
    void requestActivated(quint64 requestId);
    // A hold started or ended; `summary` is one line for the status bar ("" when none held).
    void holdsChanged(int held, const QString &summary);

private:
    void poll();
    void applyPoints();
    // The hold the actions work on: the selected row, else the oldest.
    std::uint64_t currentHold() const;

    trace::Breakpoints &breakpoints_;
    QListWidget *points_;
    QSpinBox *timeout_;
    QTableWidget *held_;
    QLabel *summary_;
    QAction *continue_;
    QAction *step_;
    QAction *run_;
    QTimer *timer_;
    std::uint64_t generation_ = ~std::uint64_t(0);
    std::uint64_t timedOutSeen_ = 0;
};

} // namespace rs::ui
