#pragma once

#include "ui/DockSet.h"

#include <QMainWindow>

#include <functional>
#include <memory>

class QDockWidget;
class QLabel;

namespace rs::ui {

class ContextStackView;
class EventLogView;
class LocalStorageView;
class Recording;
class ReplayScrubber;
class ReplaySession;
class RequestDetailView;
class RequestListView;
class TimelineView;

// A recording opened for replay, in a window of its own beside the live one: the same panels as
// the live window (request detail, Local storage, context stacks, timeline, requests, event log)
// driven by a ReplaySession instead of the engine, and a scrubber that moves them all through
// time, forwards and backwards.
//
//   scrubber:  ⏮ ◀req ◀ ▶ ▶ req▶ ⏭  ──────●──────  event n of N · t · what it was
//   centre:    request detail (the request selected, as it was at that moment)
//   right:     Local storage / Context stacks
//   bottom:    Timeline · Requests · Event log (the events just before the moment; a
//              double-click on one moves the cursor to it)
//
// Every function: GUI thread.
class ReplayWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit ReplayWindow(std::shared_ptr<const Recording> recording, QWidget *parent = nullptr);
    ~ReplayWindow() override;

    // Called once the file is read: the window shown, or null and why (not called on cancel).
    using Opened = std::function<void(ReplayWindow *window, const QString &error)>;
    // Reads `path` on a worker thread with a progress dialog, then shows a ReplayWindow (deleted
    // when closed). An unreadable file gets a message box, or `opened` with the error when given.
    // Returns at once.
    static void openFile(const QString &path, QWidget *parent, Opened opened = {});

    ReplaySession &session() const { return *session_; }
    ReplayScrubber *scrubber() const { return scrubber_; }
    RequestDetailView *detail() const { return detail_; }
    TimelineView *timeline() const { return timeline_; }
    LocalStorageView *localStorage() const { return localStorage_; }
    ContextStackView *contextStacks() const { return contextStacks_; }
    EventLogView *eventLog() const { return eventLog_; }
    RequestListView *requestList() const { return requestList_; }
    // Shown above the detail when the recording is damaged.
    QLabel *banner() const { return banner_; }

public slots:
    void showRequest(quint64 requestId);
    // Moves the cursor to just after event `seq` (an event-log double-click) and selects its row.
    void seekToEvent(quint64 seq);

private:
    std::unique_ptr<ReplaySession> session_;
    ReplayScrubber *scrubber_ = nullptr;
    RequestDetailView *detail_ = nullptr;
    TimelineView *timeline_ = nullptr;
    LocalStorageView *localStorage_ = nullptr;
    ContextStackView *contextStacks_ = nullptr;
    EventLogView *eventLog_ = nullptr;
    RequestListView *requestList_ = nullptr;
    QLabel *banner_ = nullptr;
    DockSet docks_{*this};
};

} // namespace rs::ui
