#pragma once

#include <QWidget>

class QAction;
class QComboBox;
class QLabel;
class QSlider;
class QTimer;

namespace rs::ui {

class ReplaySession;

// The replay's controls: a slider over every event of the recording, steps of one event or one
// request, play/pause at a chosen fraction of real time, and a line saying where the replay is
// (event n of N, its time, what it was). Dragging the slider asks for many positions a second;
// only the newest is applied, once the previous move has been painted.
//
//   ⏮  ◀req  ◀  ▶/⏸  ▶  req▶  ⏭   ────────●──────────────   event 12 345 of 1 000 000 · 1.234 567 s
//   · …
//
// Keys anywhere in the window: Ctrl+←/→ one event, Ctrl+↑/↓ one request, Ctrl+Home/End, Ctrl+Space
// play/pause; on the slider, the plain arrows, Page Up/Down, Home and End.
// Every function: GUI thread.
class ReplayScrubber : public QWidget {
    Q_OBJECT
public:
    static constexpr int kFrameMs = 16;

    explicit ReplayScrubber(ReplaySession &session, QWidget *parent = nullptr);

    bool isPlaying() const;
    // Real-time factor while playing (0.001 … 10).
    double speed() const { return speed_; }
    void setSpeed(double speed);
    QSlider *slider() const { return slider_; }
    QString positionText() const;
    // The buttons' actions, for a menu and for shortcuts.
    QList<QAction *> controls() const { return actions_; }

public slots:
    void play();
    void pause();
    void togglePlay();
    void stepForward();
    void stepBack();
    // To the next / previous request.begin (past / before the current position).
    void nextRequest();
    void previousRequest();
    void toStart();
    void toEnd();

private:
    void requestSeek(std::size_t position);
    void applyPendingSeek();
    void onPositionChanged(std::size_t position);
    void advancePlayback();

    ReplaySession &session_;
    QSlider *slider_;
    QLabel *where_;
    QComboBox *speedBox_;
    QAction *playAction_;
    QList<QAction *> actions_;
    QTimer *playTimer_;
    double speed_ = 0.01;
    std::int64_t playClockUs_ = 0; // the recording's time the playback has reached
    std::size_t pendingSeek_ = 0;
    bool seekQueued_ = false;
    bool updatingSlider_ = false;
};

} // namespace rs::ui
