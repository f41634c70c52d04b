#pragma once

#include "ui/DockSet.h"

#include <QMainWindow>

#include <memory>

class QAction;
class QDockWidget;
class QLabel;
class QTimer;

namespace rs::control {
class EngineControl;
}
namespace rs::trace {
class RecordingSink;
}

namespace rs::ui {

class AppPanel;
class ClientPanel;
class ContextStackView;
class EventFeed;
class EventLogView;
class LocalStorageView;
class ModelHub;
class RequestDetailView;
class RequestListView;
class SessionInspector;
class StepModePanel;
class StoreBrowser;
class TimelineView;

// The main window: the request detail in the middle and every other panel as a dock that can be
// moved, hidden and restored; the layout persists (QSettings). All views are fed by one ModelHub
// (one batch per 16 ms); the engine is changed only through EngineControl.
//
//   left:   Client · App · Session inspector · Store browser      (tabbed)
//   centre: Request detail
//   right:  Local storage / Context stacks · Step mode
//   bottom: Timeline · Requests · Event log                        (tabbed)
//
// Every function: GUI thread.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    MainWindow(control::EngineControl &engine, std::shared_ptr<EventFeed> feed, QWidget *parent = nullptr);
    ~MainWindow() override;

    ModelHub &hub() const { return *hub_; }
    ClientPanel *client() const { return client_; }
    AppPanel *appPanel() const { return appPanel_; }
    StepModePanel *stepMode() const { return stepMode_; }
    SessionInspector *inspector() const { return inspector_; }
    StoreBrowser *storeBrowser() const { return storeBrowser_; }
    RequestDetailView *detail() const { return detail_; }
    TimelineView *timeline() const { return timeline_; }
    LocalStorageView *localStorage() const { return localStorage_; }
    ContextStackView *contextStacks() const { return contextStacks_; }
    EventLogView *eventLog() const { return eventLog_; }
    RequestListView *requestList() const { return requestList_; }
    QList<QDockWidget *> docks() const { return docks_.all(); }
    QDockWidget *dock(const QString &objectName) const { return docks_.find(objectName); }

    // File → Record events writes through `recorder` (a sink on the engine's dispatcher); without
    // one the action is disabled.
    void setRecorder(std::shared_ptr<trace::RecordingSink> recorder);
    // Starts writing every event to `path` (gzip when it ends in ".gz"); false and *error if not.
    bool startRecording(const QString &path, QString *error);
    void stopRecording();
    bool isRecording() const;
    QAction *recordAction() const { return recordAction_; }
    QAction *openRecordingAction() const { return openRecordingAction_; }

    // The request the detail view shows (0: none).
    quint64 shownRequest() const { return shownRequest_; }

public slots:
    void showRequest(quint64 requestId);
    // Opens a recording in a replay window (read on a worker thread, with progress).
    void openRecording(const QString &path);
    void showShortcuts();
    void resetLayout();

protected:
    void closeEvent(QCloseEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    void buildMenus();
    void applyDefaultSizes();
    void onEngineStatus();
    void updateBanner();
    void refreshStatusBar();
    void onRecordToggled(bool on);
    // Prunes the Local storage and context stacks models to the engine's live slots, after drops.
    void resyncAfterDrops();
    void restoreSettings();
    void saveSettings() const;

    control::EngineControl &engine_;
    std::unique_ptr<ModelHub> hub_;
    ClientPanel *client_ = nullptr;
    AppPanel *appPanel_ = nullptr;
    StepModePanel *stepMode_ = nullptr;
    SessionInspector *inspector_ = nullptr;
    StoreBrowser *storeBrowser_ = nullptr;
    RequestDetailView *detail_ = nullptr;
    TimelineView *timeline_ = nullptr;
    LocalStorageView *localStorage_ = nullptr;
    ContextStackView *contextStacks_ = nullptr;
    EventLogView *eventLog_ = nullptr;
    RequestListView *requestList_ = nullptr;
    DockSet docks_{*this};
    QAction *startAction_ = nullptr;
    QAction *stopAction_ = nullptr;
    QAction *restartAction_ = nullptr;
    QAction *recordAction_ = nullptr;
    QAction *openRecordingAction_ = nullptr;
    std::shared_ptr<trace::RecordingSink> recorder_;
    QLabel *statusRecording_ = nullptr;
    QByteArray defaultState_; // the arrangement before any saved layout, for View → Reset layout
    bool layoutRestored_ = false;
    bool shownOnce_ = false;
    QLabel *banner_ = nullptr;
    QLabel *statusAddress_ = nullptr;
    QLabel *statusCounts_ = nullptr;
    QTimer *statusTimer_ = nullptr;
    quint64 shownRequest_ = 0;
    QString holdSummary_;
    quint64 lastEventsSeen_ = 0;
    quint64 droppedAtResync_ = 0; // drops already answered by a resync
};

} // namespace rs::ui
