#include "ui/MainWindow.h"

#include "core/control/EngineControl.h"
#include "core/trace/EventBus.h"
#include "core/trace/RecordingSink.h"
#include "ui/EventFeed.h"
#include "ui/ShortcutsDialog.h"
#include "ui/Theme.h"
#include "ui/client/ClientPanel.h"
#include "ui/models/ContextStackModel.h"
#include "ui/models/LocalStorageModel.h"
#include "ui/models/ModelHub.h"
#include "ui/models/RequestStore.h"
#include "ui/panels/AppPanel.h"
#include "ui/panels/StepModePanel.h"
#include "ui/replay/ReplayWindow.h"
#include "ui/session/SessionInspector.h"
#include "ui/session/StoreBrowser.h"
#include "ui/views/ContextStackView.h"
#include "ui/views/EventLogView.h"
#include "ui/views/LocalStorageView.h"
#include "ui/views/RequestDetailView.h"
#include "ui/views/RequestListView.h"
#include "ui/views/TimelineView.h"

#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDateTime>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

namespace rs::ui {

namespace {
constexpr int kLayoutVersion = 1;

QString settingsKey(const char *name)
{
    return QStringLiteral("mainWindow/") + QLatin1String(name);
}
} // namespace

MainWindow::MainWindow(control::EngineControl &engine, std::shared_ptr<EventFeed> feed, QWidget *parent)
    : QMainWindow(parent), engine_(engine),
      hub_(std::make_unique<ModelHub>(std::move(feed), trace::EventBus::instance()))
{
    setWindowTitle(QStringLiteral("RequestScope"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/requestscope.png")));
    setDockNestingEnabled(true);
    // The right column (Local storage, stacks) runs the full height; the timeline spans the rest.
    setCorner(Qt::BottomRightCorner, Qt::RightDockWidgetArea);
    setDockOptions(QMainWindow::AnimatedDocks | QMainWindow::AllowNestedDocks |
                   QMainWindow::AllowTabbedDocks);

    // Centre: a banner for errors and held workers above the request detail.
    auto *centre = new QWidget(this);
    auto *centreLayout = new QVBoxLayout(centre);
    centreLayout->setContentsMargins(0, 0, 0, 0);
    banner_ = new QLabel(centre);
    banner_->setObjectName(QStringLiteral("banner"));
    banner_->setWordWrap(true);
    banner_->setMargin(6);
    banner_->setAutoFillBackground(true);
    banner_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    banner_->hide();
    detail_ = new RequestDetailView(*hub_->requests(), centre);
    centreLayout->addWidget(banner_);
    centreLayout->addWidget(detail_, 1);
    setCentralWidget(centre);

    client_ = new ClientPanel(engine_.status().address, this);
    client_->setRequestStore(hub_->requests()); // HAR export: each request's lifecycle
    appPanel_ = new AppPanel(engine_, this);
    inspector_ = new SessionInspector(this);
    storeBrowser_ = new StoreBrowser(hub_->requests(), this);
    localStorage_ = new LocalStorageView(hub_->localStorage(), this);
    contextStacks_ = new ContextStackView(hub_->contextStacks(), hub_->requests(), this);
    stepMode_ = new StepModePanel(engine_.breakpoints(), this);
    timeline_ = new TimelineView(*hub_->requests(), this);
    requestList_ = new RequestListView(*hub_->requestList(), this);
    eventLog_ = new EventLogView(*hub_, this);

    QDockWidget *clientDock =
        docks_.add(client_, tr("Client"), QStringLiteral("dock.client"), Qt::LeftDockWidgetArea);
    QDockWidget *appDock =
        docks_.add(appPanel_, tr("App"), QStringLiteral("dock.app"), Qt::LeftDockWidgetArea);
    QDockWidget *inspectorDock = docks_.add(inspector_, tr("Session inspector"),
                                            QStringLiteral("dock.inspector"), Qt::LeftDockWidgetArea);
    QDockWidget *storeDock =
        docks_.add(storeBrowser_, tr("Session store"), QStringLiteral("dock.store"), Qt::LeftDockWidgetArea);
    QDockWidget *localDock =
        docks_.add(localStorage_, tr("Local storage"), QStringLiteral("dock.local"), Qt::RightDockWidgetArea);
    QDockWidget *stacksDock = docks_.add(contextStacks_, tr("Context stacks"), QStringLiteral("dock.stacks"),
                                         Qt::RightDockWidgetArea);
    QDockWidget *stepDock =
        docks_.add(stepMode_, tr("Step mode"), QStringLiteral("dock.step"), Qt::RightDockWidgetArea);
    QDockWidget *timelineDock =
        docks_.add(timeline_, tr("Timeline"), QStringLiteral("dock.timeline"), Qt::BottomDockWidgetArea);
    QDockWidget *requestsDock =
        docks_.add(requestList_, tr("Requests"), QStringLiteral("dock.requests"), Qt::BottomDockWidgetArea);
    QDockWidget *eventsDock =
        docks_.add(eventLog_, tr("Event log"), QStringLiteral("dock.events"), Qt::BottomDockWidgetArea);
    tabifyDockWidget(clientDock, appDock);
    tabifyDockWidget(appDock, inspectorDock);
    tabifyDockWidget(inspectorDock, storeDock);
    clientDock->raise();
    splitDockWidget(localDock, stacksDock, Qt::Vertical);
    tabifyDockWidget(stacksDock, stepDock);
    stacksDock->raise();
    tabifyDockWidget(timelineDock, requestsDock);
    tabifyDockWidget(requestsDock, eventsDock);
    timelineDock->raise();
    resize(1560, 960);
    defaultState_ = saveState(kLayoutVersion);

    // Wiring: every "open this request" goes to the detail view.
    connect(client_, &ClientPanel::requestSeen, this, &MainWindow::showRequest);
    connect(client_, &ClientPanel::requestDetailRequested, this, &MainWindow::showRequest);
    connect(timeline_, &TimelineView::requestActivated, this, &MainWindow::showRequest);
    connect(requestList_, &RequestListView::requestActivated, this, &MainWindow::showRequest);
    connect(eventLog_, &EventLogView::requestActivated, this, &MainWindow::showRequest);
    connect(contextStacks_, &ContextStackView::requestActivated, this, &MainWindow::showRequest);
    connect(stepMode_, &StepModePanel::requestActivated, this, &MainWindow::showRequest);
    connect(storeBrowser_, &StoreBrowser::requestActivated, this, &MainWindow::showRequest);
    connect(inspector_, &SessionInspector::sendWithCookieRequested, this,
            [this, clientDock](const QString &name, const QString &value, const QString &path) {
                client_->setCookie(name, value);
                clientDock->raise();
                client_->sendRequest(QStringLiteral("GET"), client_->baseUrl() + path);
            });
    connect(stepMode_, &StepModePanel::holdsChanged, this,
            [this, stepDock](int held, const QString &summary) {
                if (held > 0) {
                    stepDock->raise();
                    const auto holds = engine_.breakpoints().held();
                    if (!holds.empty())
                        showRequest(holds.front().req);
                }
                holdSummary_ = summary;
                updateBanner();
                refreshStatusBar();
            });
    connect(&engine_, &control::EngineControl::statusChanged, this, &MainWindow::onEngineStatus);

    buildMenus();
    statusAddress_ = new QLabel(this);
    statusAddress_->setOpenExternalLinks(true);
    statusAddress_->setTextInteractionFlags(Qt::TextBrowserInteraction);
    statusCounts_ = new QLabel(this);
    statusRecording_ = new QLabel(this);
    statusRecording_->setObjectName(QStringLiteral("statusRecording"));
    statusRecording_->setStyleSheet(QStringLiteral("QLabel { color: #c62828; font-weight: bold; }"));
    statusRecording_->hide();
    statusBar()->addWidget(statusAddress_);
    statusBar()->addPermanentWidget(statusRecording_);
    statusBar()->addPermanentWidget(statusCounts_);
    statusTimer_ = new QTimer(this);
    statusTimer_->setInterval(500);
    connect(statusTimer_, &QTimer::timeout, this, &MainWindow::refreshStatusBar);
    statusTimer_->start();

    restoreSettings();
    onEngineStatus();
    hub_->start();
}

MainWindow::~MainWindow()
{
    hub_->stop();
    // The views read the hub's models (and some unpause them on the way out), so they go first:
    // Qt would delete them as children only after the hub member is gone.
    docks_.deleteAll();
    delete takeCentralWidget();
}

void MainWindow::buildMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    openRecordingAction_ = file->addAction(tr("&Open recording…"), this, [this] {
        const QString path =
            QFileDialog::getOpenFileName(this, tr("Open recording"), QDir::homePath(),
                                         tr("Recordings (*.jsonl *.jsonl.gz *.json *.gz);;All files (*)"));
        if (!path.isEmpty())
            openRecording(path);
    });
    openRecordingAction_->setShortcut(QKeySequence::Open);
    openRecordingAction_->setToolTip(tr("Replay a recording (File → Record events, or serve --events)"));
    recordAction_ = file->addAction(tr("&Record events…"));
    recordAction_->setCheckable(true);
    recordAction_->setEnabled(false);
    recordAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    recordAction_->setToolTip(tr("Write every event to a file, to replay or export later"));
    connect(recordAction_, &QAction::toggled, this, &MainWindow::onRecordToggled);
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), qApp, &QApplication::closeAllWindows);
    quit->setShortcut(QKeySequence::Quit);

    QMenu *engineMenu = menuBar()->addMenu(tr("&Engine"));
    QAction *start = engineMenu->addAction(QIcon(QStringLiteral(":/icons/start.png")), tr("&Start"),
                                           appPanel_, &AppPanel::startEngine);
    start->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    start->setToolTip(tr("Start the demo app with the App panel's configuration"));
    startAction_ = start;
    QAction *stop = engineMenu->addAction(QIcon(QStringLiteral(":/icons/stop.png")), tr("S&top"), appPanel_,
                                          &AppPanel::stopEngine);
    stop->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_X));
    stop->setToolTip(tr("Stop the demo app (held workers are released first)"));
    stopAction_ = stop;
    QAction *restart = engineMenu->addAction(QIcon(QStringLiteral(":/icons/restart.png")), tr("&Restart"),
                                             appPanel_, &AppPanel::applyAndRestart);
    restart->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    restart->setToolTip(tr("Restart with the App panel's configuration"));
    restartAction_ = restart;

    // Send is the product's main action: it works wherever the focus is in the window.
    client_->sendAction()->setShortcutContext(Qt::WindowShortcut);
    QMenu *client = menuBar()->addMenu(tr("&Client"));
    client->addAction(client_->sendAction());
    client->addAction(client_->sendConcurrentlyAction());
    client->addSeparator();
    client->addAction(client_->importCurlAction());
    client->addAction(client_->copyCurlAction());
    client->addSeparator();
    client->addAction(client_->exportHarAction());
    client->addAction(client_->importHarAction());
    connect(client_, &ClientPanel::curlCopied, this,
            [this] { statusBar()->showMessage(tr("Copied as cURL to the clipboard"), 3000); });
    connect(requestList_, &RequestListView::curlCopied, this, [this](const QString &note) {
        statusBar()->showMessage(note.isEmpty() ? tr("Copied as cURL to the clipboard")
                                                : tr("Copied as cURL to the clipboard (%1)").arg(note),
                                 6000);
    });

    QMenu *step = menuBar()->addMenu(tr("&Step"));
    step->addAction(stepMode_->continueAction());
    step->addAction(stepMode_->stepAction());
    step->addAction(stepMode_->runAction());

    QMenu *view = menuBar()->addMenu(tr("&View"));
    int n = 1;
    for (QDockWidget *d : docks_.all()) {
        QAction *toggle = d->toggleViewAction();
        if (n <= 9)
            toggle->setShortcut(QKeySequence(Qt::ALT | static_cast<Qt::Key>(Qt::Key_0 + n)));
        toggle->setToolTip(tr("Show or hide the %1 panel").arg(d->windowTitle()));
        view->addAction(toggle);
        ++n;
    }
    view->addSeparator();
    QAction *reset = view->addAction(tr("Reset &layout"), this, &MainWindow::resetLayout);
    reset->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L));
    reset->setToolTip(tr("Put every panel back where it started"));
    QAction *keep = view->addAction(tr("Requests kept in full detail…"), this, [this] {
        bool ok = false;
        const int n =
            QInputDialog::getInt(this, tr("Requests kept"),
                                 tr("Full detail is kept for the last N requests; older ones are "
                                    "counted only."),
                                 static_cast<int>(hub_->requests()->capacity()), 10, 100000, 100, &ok);
        if (ok) {
            hub_->requests()->setCapacity(static_cast<std::size_t>(n));
            QSettings().setValue(settingsKey("requestsKept"), n);
        }
    });
    keep->setToolTip(tr("Bound the memory the GUI uses"));
    QMenu *theme = view->addMenu(tr("&Theme"));
    auto *themes = new QActionGroup(this);
    for (const QString &name : Theme::names()) {
        QAction *a = theme->addAction(name);
        a->setCheckable(true);
        a->setChecked(name == Theme::current());
        themes->addAction(a);
        connect(a, &QAction::triggered, this, [name] {
            Theme::apply(name);
            QSettings().setValue(settingsKey("theme"), name);
        });
    }

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    QAction *shortcuts = help->addAction(QIcon(QStringLiteral(":/icons/help.png")), tr("&Shortcuts"), this,
                                         &MainWindow::showShortcuts);
    shortcuts->setShortcut(QKeySequence(Qt::Key_F1));
    shortcuts->setToolTip(tr("List every keyboard shortcut"));
    help->addAction(tr("&About RequestScope"), this, [this] {
        QMessageBox::about(
            this, tr("About RequestScope"),
            tr("RequestScope runs a real Flask-style app and shows, live, what happens inside "
               "each request: Local storage, context stacks, sessions and the reason a session "
               "cookie was or was not sent."));
    });

    QToolBar *bar = addToolBar(tr("Main"));
    bar->setObjectName(QStringLiteral("toolbar.main"));
    bar->addAction(client_->sendAction());
    bar->addSeparator();
    bar->addAction(start);
    bar->addAction(stop);
    bar->addAction(restart);
    bar->addSeparator();
    bar->addAction(stepMode_->continueAction());
    bar->addAction(stepMode_->stepAction());
    bar->addAction(stepMode_->runAction());
}

void MainWindow::showRequest(quint64 requestId)
{
    if (requestId == 0)
        return;
    shownRequest_ = requestId;
    detail_->showRequest(requestId);
}

void MainWindow::openRecording(const QString &path)
{
    ReplayWindow::openFile(path, this);
}

void MainWindow::setRecorder(std::shared_ptr<trace::RecordingSink> recorder)
{
    recorder_ = std::move(recorder);
    recordAction_->setEnabled(recorder_ != nullptr);
}

bool MainWindow::isRecording() const
{
    return recorder_ && recorder_->active();
}

bool MainWindow::startRecording(const QString &path, QString *error)
{
    if (!recorder_) {
        *error = tr("recording is not available in this window");
        return false;
    }
    std::string why;
    if (!recorder_->start(QFile::encodeName(path).toStdString(), &why)) {
        *error = QString::fromStdString(why);
        return false;
    }
    const QSignalBlocker blocker(recordAction_);
    recordAction_->setChecked(true);
    refreshStatusBar();
    return true;
}

void MainWindow::stopRecording()
{
    if (!recorder_ || !recorder_->active())
        return;
    const quint64 events = recorder_->events();
    const QString path = QFile::decodeName(recorder_->path().c_str());
    recorder_->stop();
    const QSignalBlocker blocker(recordAction_);
    recordAction_->setChecked(false);
    refreshStatusBar();
    statusBar()->showMessage(
        tr("Recorded %1 events to %2 (File → Open recording… replays it)").arg(events).arg(path), 10000);
}

void MainWindow::onRecordToggled(bool on)
{
    if (!on) {
        stopRecording();
        return;
    }
    const QString suggested = QDir::home().filePath(
        QStringLiteral("requestscope-%1.jsonl.gz")
            .arg(QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"))));
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Record events to"), suggested,
                                     tr("Gzip-compressed JSON lines (*.jsonl.gz);;JSON lines (*.jsonl)"));
    QString error;
    if (path.isEmpty() || !startRecording(path, &error)) {
        const QSignalBlocker blocker(recordAction_);
        recordAction_->setChecked(false);
        if (!path.isEmpty())
            QMessageBox::warning(this, tr("Record events"), tr("Cannot record: %1").arg(error));
    }
}

void MainWindow::showShortcuts()
{
    ShortcutsDialog dialog(findChildren<QAction *>(), this);
    dialog.exec();
}

void MainWindow::resetLayout()
{
    restoreState(defaultState_, kLayoutVersion);
    for (QDockWidget *d : docks_.all())
        d->show();
    applyDefaultSizes();
}

void MainWindow::onEngineStatus()
{
    const control::EngineControl::Status st = engine_.status();
    const bool running = st.state == control::EngineControl::State::Running;
    const bool busy = st.pending != control::EngineControl::Pending::None;
    if (busy) {
        setWindowTitle(st.pending == control::EngineControl::Pending::Starting
                           ? QStringLiteral("RequestScope — starting…")
                           : QStringLiteral("RequestScope — stopping…"));
    } else if (running) {
        client_->setBaseUrl(st.address);
        setWindowTitle(QStringLiteral("RequestScope — %1").arg(st.address));
    } else {
        setWindowTitle(QStringLiteral("RequestScope — app not running"));
    }
    // The engine starts and stops off the GUI thread: nothing to press until it is done.
    appPanel_->setEnabled(!busy);
    startAction_->setEnabled(!busy && !running);
    stopAction_->setEnabled(!busy && running);
    restartAction_->setEnabled(!busy);
    inspector_->setSecret(engine_.secretKey());
    storeBrowser_->setBackend(engine_.settings().session);

    updateBanner();
    refreshStatusBar();
}

void MainWindow::updateBanner()
{
    // Errors are shown where the user looks, not only on stderr; then a held worker; then warnings.
    const control::EngineControl::Status st = engine_.status();
    QPalette pal = banner_->palette();
    QString text;
    if (st.pending != control::EngineControl::Pending::None) {
        pal.setColor(QPalette::Window, QColor(0x45, 0x5a, 0x64));
        text = st.pending == control::EngineControl::Pending::Starting
                   ? tr("Starting the app… (a running one first finishes the requests its workers are in)")
                   : tr("Stopping the app… its workers finish the requests they are in (a /slow one "
                        "included); the window stays usable meanwhile.");
    } else if (!st.error.isEmpty()) {
        pal.setColor(QPalette::Window, QColor(0xc6, 0x28, 0x28));
        text = tr("The app is not running: %1. Change the configuration in the App panel and press "
                  "Apply && restart.")
                   .arg(st.error);
        if (QDockWidget *d = dock(QStringLiteral("dock.app")))
            d->raise();
    } else if (!holdSummary_.isEmpty()) {
        pal.setColor(QPalette::Window, QColor(0x15, 0x65, 0xc0));
        text = tr("Step mode: %1").arg(holdSummary_);
    } else if (!st.warning.isEmpty()) {
        pal.setColor(QPalette::Window, QColor(0xef, 0x6c, 0x00));
        text = tr("Warning: %1").arg(st.warning);
    }
    pal.setColor(QPalette::WindowText, Qt::white);
    banner_->setPalette(pal);
    banner_->setText(text);
    banner_->setVisible(!text.isEmpty());
}

void MainWindow::resyncAfterDrops()
{
    // Only after events were lost: otherwise the models are exact and a prune would race nothing.
    const quint64 dropped = hub_->droppedByEngine() + hub_->droppedByFeed();
    if (dropped == droppedAtResync_)
        return;
    droppedAtResync_ = dropped;
    QSet<quint64> anyStack;
    for (const auto &[local, idents] : engine_.liveSlots()) {
        const QSet<quint64> live(idents.begin(), idents.end());
        hub_->localStorage()->retainSlots(local, live);
        anyStack.unite(live);
    }
    hub_->contextStacks()->retainIdents(anyStack);
}

void MainWindow::refreshStatusBar()
{
    resyncAfterDrops();
    const control::EngineControl::Status st = engine_.status();
    if (st.pending == control::EngineControl::Pending::Starting)
        statusAddress_->setText(tr("Starting the app…"));
    else if (st.pending == control::EngineControl::Pending::Stopping)
        statusAddress_->setText(tr("Stopping the app…"));
    else
        statusAddress_->setText(st.state == control::EngineControl::State::Running
                                    ? tr("Serving on <a href=\"%1\">%1</a> · sessions: %2")
                                          .arg(st.address.toHtmlEscaped(), st.sessionInfo.toHtmlEscaped())
                                    : tr("App not running"));
    if (isRecording()) {
        statusRecording_->setText(
            tr("● REC %1 events → %2")
                .arg(recorder_->events())
                .arg(QFileInfo(QFile::decodeName(recorder_->path().c_str())).fileName()));
        statusRecording_->setToolTip(QFile::decodeName(recorder_->path().c_str()));
        statusRecording_->show();
    } else {
        statusRecording_->hide();
    }
    const quint64 seen = hub_->eventsSeen();
    const quint64 perSecond =
        (seen - lastEventsSeen_) * 1000 / static_cast<quint64>(statusTimer_->interval());
    lastEventsSeen_ = seen;
    const int held = stepMode_->heldCount();
    statusCounts_->setText(tr("%1 requests · %2 events/s · dropped: %3 engine, %4 GUI%5")
                               .arg(engine_.requestsHandled())
                               .arg(perSecond)
                               .arg(hub_->droppedByEngine())
                               .arg(hub_->droppedByFeed())
                               .arg(held > 0 ? tr(" · %1 held").arg(held) : QString()));
}

void MainWindow::restoreSettings()
{
    QSettings settings;
    Theme::apply(settings.value(settingsKey("theme"), QStringLiteral("system")).toString());
    const int kept = settings.value(settingsKey("requestsKept"), 0).toInt();
    if (kept > 0)
        hub_->requests()->setCapacity(static_cast<std::size_t>(kept));
    const QByteArray geometry = settings.value(settingsKey("geometry")).toByteArray();
    if (!geometry.isEmpty())
        restoreGeometry(geometry);
    const QByteArray state = settings.value(settingsKey("state")).toByteArray();
    if (!state.isEmpty())
        layoutRestored_ = restoreState(state, kLayoutVersion);
}

void MainWindow::saveSettings() const
{
    QSettings settings;
    settings.setValue(settingsKey("geometry"), saveGeometry());
    settings.setValue(settingsKey("state"), saveState(kLayoutVersion));
}

void MainWindow::showEvent(QShowEvent *event)
{
    QMainWindow::showEvent(event);
    if (!shownOnce_ && !layoutRestored_)
        QTimer::singleShot(0, this, &MainWindow::applyDefaultSizes); // once the layout has run
    shownOnce_ = true;
}

void MainWindow::applyDefaultSizes()
{
    // Dock sizes only mean something once the window has its size: the detail gets the most room.
    resizeDocks({dock(QStringLiteral("dock.client")), dock(QStringLiteral("dock.local"))},
                {width() * 30 / 100, width() * 26 / 100}, Qt::Horizontal);
    resizeDocks({dock(QStringLiteral("dock.timeline"))}, {height() * 27 / 100}, Qt::Vertical);
    resizeDocks({dock(QStringLiteral("dock.local")), dock(QStringLiteral("dock.stacks"))},
                {height() * 48 / 100, height() * 52 / 100}, Qt::Vertical);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveSettings();
    QMainWindow::closeEvent(event);
}

} // namespace rs::ui
