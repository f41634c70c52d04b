#include "ui/replay/ReplayWindow.h"

#include "ui/models/ModelHub.h"
#include "ui/replay/Recording.h"
#include "ui/replay/ReplayScrubber.h"
#include "ui/replay/ReplaySession.h"
#include "ui/views/ContextStackView.h"
#include "ui/views/EventLogView.h"
#include "ui/views/LocalStorageView.h"
#include "ui/views/RequestDetailView.h"
#include "ui/views/RequestListView.h"
#include "ui/views/TimelineView.h"

#include <QDockWidget>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QLabel>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QPointer>
#include <QProgressDialog>
#include <QStatusBar>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <atomic>

namespace rs::ui {

ReplayWindow::ReplayWindow(std::shared_ptr<const Recording> recording, QWidget *parent)
    : QMainWindow(parent), session_(std::make_unique<ReplaySession>(recording))
{
    const Recording &rec = *recording;
    setWindowTitle(tr("Replay — %1 — RequestScope").arg(QFileInfo(rec.path()).fileName()));
    setDockNestingEnabled(true);
    setCorner(Qt::BottomRightCorner, Qt::RightDockWidgetArea);
    ModelHub &hub = session_->hub();

    auto *centre = new QWidget(this);
    auto *centreLayout = new QVBoxLayout(centre);
    centreLayout->setContentsMargins(0, 0, 0, 0);
    banner_ = new QLabel(centre);
    banner_->setObjectName(QStringLiteral("banner"));
    banner_->setWordWrap(true);
    banner_->setMargin(6);
    banner_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    if (rec.damage()) {
        banner_->setText(tr("<b>This recording is damaged</b> — %1. It is shown up to the damage "
                            "(%2 events).")
                             .arg(rec.damage()->message.toHtmlEscaped())
                             .arg(QLocale().toString(static_cast<qulonglong>(rec.size()))));
        banner_->setStyleSheet(QStringLiteral("QLabel#banner { background: #fde7e9; color: #5c0011; }"));
    } else {
        banner_->hide();
    }
    detail_ = new RequestDetailView(*hub.requests(), centre);
    centreLayout->addWidget(banner_);
    centreLayout->addWidget(detail_, 1);
    setCentralWidget(centre);

    scrubber_ = new ReplayScrubber(*session_, this);
    QToolBar *bar = addToolBar(tr("Replay"));
    bar->setObjectName(QStringLiteral("toolbar.replay"));
    bar->setMovable(false);
    bar->addWidget(scrubber_);

    localStorage_ = new LocalStorageView(hub.localStorage(), this);
    contextStacks_ = new ContextStackView(hub.contextStacks(), hub.requests(), this);
    timeline_ = new TimelineView(*hub.requests(), this);
    timeline_->setFollowName(tr("cursor"));
    requestList_ = new RequestListView(*hub.requestList(), this);
    eventLog_ = new EventLogView(hub, this);
    QDockWidget *localDock =
        docks_.add(localStorage_, tr("Local storage"), QStringLiteral("dock.local"), Qt::RightDockWidgetArea);
    QDockWidget *stacksDock = docks_.add(contextStacks_, tr("Context stacks"), QStringLiteral("dock.stacks"),
                                         Qt::RightDockWidgetArea);
    QDockWidget *timelineDock =
        docks_.add(timeline_, tr("Timeline"), QStringLiteral("dock.timeline"), Qt::BottomDockWidgetArea);
    QDockWidget *requestsDock =
        docks_.add(requestList_, tr("Requests"), QStringLiteral("dock.requests"), Qt::BottomDockWidgetArea);
    QDockWidget *eventsDock =
        docks_.add(eventLog_, tr("Event log"), QStringLiteral("dock.events"), Qt::BottomDockWidgetArea);
    splitDockWidget(localDock, stacksDock, Qt::Vertical);
    tabifyDockWidget(timelineDock, requestsDock);
    tabifyDockWidget(requestsDock, eventsDock);
    timelineDock->raise();
    resizeDocks({localDock}, {460}, Qt::Horizontal);
    resizeDocks({timelineDock}, {300}, Qt::Vertical);

    connect(timeline_, &TimelineView::requestActivated, this, &ReplayWindow::showRequest);
    connect(requestList_, &RequestListView::requestActivated, this, &ReplayWindow::showRequest);
    connect(eventLog_, &EventLogView::requestActivated, this, &ReplayWindow::showRequest);
    connect(contextStacks_, &ContextStackView::requestActivated, this, &ReplayWindow::showRequest);
    connect(eventLog_, &EventLogView::eventActivated, this, &ReplayWindow::seekToEvent);

    // The detail follows the request of the event at the cursor (a click shows another until the
    // cursor moves again).
    connect(session_.get(), &ReplaySession::positionChanged, this, [this](std::size_t position) {
        const Recording &r = session_->recording();
        if (position > 0 && r.events().req(position - 1) != 0)
            showRequest(r.events().req(position - 1));
    });

    QMenu *replay = menuBar()->addMenu(tr("&Replay"));
    for (QAction *a : scrubber_->controls())
        replay->addAction(a);
    replay->addSeparator();
    replay->addAction(tr("&Close"), QKeySequence::Close, this, &QWidget::close);
    QMenu *view = menuBar()->addMenu(tr("&View"));
    for (QDockWidget *d : docks_.all())
        view->addAction(d->toggleViewAction());

    const QLocale locale;
    statusBar()->showMessage(
        tr("%1 events · %2 requests · read in %3 s · %4 MB in memory · %5")
            .arg(locale.toString(static_cast<qulonglong>(rec.size())),
                 locale.toString(static_cast<qulonglong>(rec.requests().size())),
                 QString::number(static_cast<double>(rec.loadMs()) / 1000.0, 'f', 2),
                 QString::number(static_cast<double>(rec.events().memoryBytes()) / (1 << 20), 'f', 0),
                 rec.path()));
    resize(1560, 960);
    // Open at the end: what the recording ended with.
    session_->seek(rec.size());
}

ReplayWindow::~ReplayWindow()
{
    // The views read the session's models: they go first.
    docks_.deleteAll();
    delete takeCentralWidget();
}

void ReplayWindow::showRequest(quint64 requestId)
{
    if (requestId != 0)
        detail_->showRequest(requestId);
}

void ReplayWindow::seekToEvent(quint64 seq)
{
    const std::size_t index = session_->recording().events().indexOfSeq(seq);
    if (index >= session_->recording().size())
        return;
    // The cursor just after the event: every panel as it was once the event had happened.
    session_->seek(index + 1);
    eventLog_->selectEvent(seq);
}

void ReplayWindow::openFile(const QString &path, QWidget *parent, Opened opened)
{
    auto *dialog = new QProgressDialog(QObject::tr("Reading %1…").arg(QFileInfo(path).fileName()),
                                       QObject::tr("Cancel"), 0, 1000, parent);
    dialog->setWindowTitle(QObject::tr("Open recording"));
    dialog->setMinimumDuration(300);
    auto cancelled = std::make_shared<std::atomic<bool>>(false);
    auto progress = std::make_shared<std::atomic<int>>(0);
    QObject::connect(dialog, &QProgressDialog::canceled, dialog, [cancelled] { cancelled->store(true); });

    struct Outcome {
        std::shared_ptr<const Recording> recording;
        QString error;
    };
    auto *watcher = new QFutureWatcher<Outcome>(dialog);
    auto *poll = new QTimer(dialog);
    QObject::connect(poll, &QTimer::timeout, dialog,
                     [dialog, progress] { dialog->setValue(progress->load()); });
    poll->start(50);
    QPointer<QWidget> owner(parent);
    QObject::connect(
        watcher, &QFutureWatcher<Outcome>::finished, dialog, [watcher, dialog, owner, path, opened] {
            const Outcome outcome = watcher->result();
            // Not deleted here: the watcher (its child) is emitting this signal.
            dialog->hide();
            dialog->deleteLater();
            if (!outcome.recording) {
                if (outcome.error == QLatin1String("cancelled"))
                    return;
                if (opened)
                    opened(nullptr, outcome.error);
                else
                    QMessageBox::warning(owner, QObject::tr("Open recording"),
                                         QObject::tr("Cannot open %1: %2").arg(path, outcome.error));
                return;
            }
            auto *window = new ReplayWindow(outcome.recording);
            window->setAttribute(Qt::WA_DeleteOnClose);
            window->show();
            if (opened)
                opened(window, QString());
        });
    watcher->setFuture(QtConcurrent::run([path, cancelled, progress] {
        Outcome outcome;
        outcome.recording = Recording::load(path, &outcome.error, [cancelled, progress](double fraction) {
            progress->store(static_cast<int>(fraction * 1000));
            return !cancelled->load();
        });
        return outcome;
    }));
}

} // namespace rs::ui
