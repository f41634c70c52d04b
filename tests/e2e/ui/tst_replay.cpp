// Record → replay against the real demo app. The engine's events go to a live ModelHub and, through
// a RecordingSink, to a file at the same time. At chosen moments (a /slow request in flight on one
// worker while others come and go; the end) the live models' state is written down; the replay of
// the file, moved to the same event, must show the same Local storage, context stacks, requests
// and event log — reached by a far jump (a snapshot), backwards, and by small steps forward. Then
// the replay at 40 positions, restored from snapshots, against a second hub fed event by event;
// the scrubber's controls; a damaged and a missing file; and File → Record events in the window.
#include "app/engine/EngineHost.h"
#include "core/trace/EventDispatcher.h"
#include "core/trace/RecordingSink.h"
#include "tests/support/DemoServer.h"
#include "tests/support/TestHttpClient.h"
#include "ui/EventFeed.h"
#include "ui/MainWindow.h"
#include "ui/models/ContextStackModel.h"
#include "ui/models/EventLogModel.h"
#include "ui/models/EventTreeModel.h"
#include "ui/models/LocalStorageModel.h"
#include "ui/models/ModelHub.h"
#include "ui/models/RequestListModel.h"
#include "ui/models/RequestStore.h"
#include "ui/replay/Recording.h"
#include "ui/replay/ReplayScrubber.h"
#include "ui/replay/ReplaySession.h"
#include "ui/replay/ReplayWindow.h"
#include "ui/views/EventLogView.h"
#include "ui/views/RequestDetailView.h"
#include "ui/views/RequestListView.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QClipboard>
#include <QFile>
#include <QGuiApplication>
#include <QLabel>
#include <QPointer>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QSlider>
#include <QTableView>
#include <QTemporaryDir>
#include <QUrl>
#include <QtTest>

#include <thread>

using namespace rs;

namespace {

void dumpNode(const QAbstractItemModel &m, const QModelIndex &parent, const QString &indent, QStringList &out)
{
    for (int row = 0; row < m.rowCount(parent); ++row) {
        const QModelIndex i = m.index(row, 0, parent);
        out << QStringLiteral("%1%2 = %3 [#%4 touched %5 %6 by req %7]")
                   .arg(indent, i.data(ui::EventTreeModel::KeyRole).toString(),
                        i.data(ui::EventTreeModel::ValueRole).toString())
                   .arg(i.data(ui::EventTreeModel::NumberRole).toULongLong())
                   .arg(i.data(ui::EventTreeModel::LastTouchedRole).toLongLong())
                   .arg(i.data(ui::EventTreeModel::TouchKindRole).toString())
                   .arg(i.data(ui::EventTreeModel::RequestRole).toULongLong());
        dumpNode(m, i, indent + QStringLiteral("  "), out);
    }
}

QStringList dumpRequests(const ui::RequestStore &store)
{
    QStringList out;
    out << QStringLiteral("seen %1").arg(store.seen());
    for (int row = 0; row < store.count(); ++row) {
        const ui::RequestRecord &r = store.at(row);
        QString line = QStringLiteral("#%1 %2 %3?%4 status %5 finished %6 on %7 ident %8 dur %9")
                           .arg(r.id)
                           .arg(r.method, r.path, r.query)
                           .arg(r.status)
                           .arg(r.finished)
                           .arg(r.thread)
                           .arg(r.ident)
                           .arg(r.durUs);
        for (const auto &p : r.phases)
            line += QStringLiteral(" | %1 %2 %3-%4").arg(p.phase, p.name).arg(p.beginUs).arg(p.endUs);
        for (const auto &s : r.session)
            line += QStringLiteral(" | session.%1 %2=%3 (was %4)").arg(s.kind, s.key, s.value, s.before);
        line += QStringLiteral(" | open %1 %2 | save %3 %4")
                    .arg(r.sessionOutcome, r.sessionDataAtOpen, r.saveDecision, r.saveReason);
        line += QStringLiteral(" | %1 store ops, %2 errors, %3 flashes, %4 g")
                    .arg(r.storeOps.size())
                    .arg(r.errors.size())
                    .arg(r.flashes.size())
                    .arg(r.g.size());
        out << line;
    }
    return out;
}

QList<quint64> logTail(const ui::EventLogModel &log, int count)
{
    QList<quint64> seqs;
    for (int row = std::max(0, log.rowCount() - count); row < log.rowCount(); ++row)
        seqs << log.index(row, 0).data(ui::EventLogModel::SeqRole).toULongLong();
    return seqs;
}

// Everything the views draw from, as text a QCOMPARE can show the difference of.
struct State {
    QStringList locals;
    QStringList stacks;
    QStringList requests;
    QList<quint64> log;

    static State of(const ui::ModelHub &hub)
    {
        State s;
        dumpNode(*hub.localStorage(), {}, {}, s.locals);
        dumpNode(*hub.contextStacks(), {}, {}, s.stacks);
        s.requests = dumpRequests(*hub.requests());
        s.log = logTail(*hub.eventLog(), static_cast<int>(ui::ReplaySession::kLogWindow));
        return s;
    }
};

void compareStates(const State &replayed, const State &live)
{
    QCOMPARE(replayed.locals, live.locals);
    QCOMPARE(replayed.stacks, live.stacks);
    QCOMPARE(replayed.requests, live.requests);
    QCOMPARE(replayed.log, live.log);
}

// The position just after the event with this seq.
std::size_t positionAfterSeq(const ui::Recording &rec, quint64 seq)
{
    for (std::size_t i = 0; i < rec.size(); ++i)
        if (rec.events().seq(i) == seq)
            return i + 1;
    return 0;
}

quint64 lastSeq(const ui::ModelHub &hub)
{
    const ui::EventLogModel &log = *hub.eventLog();
    return log.rowCount() == 0
               ? 0
               : log.index(log.rowCount() - 1, 0).data(ui::EventLogModel::SeqRole).toULongLong();
}

void drain(trace::EventDispatcher &dispatcher, ui::ModelHub &hub)
{
    dispatcher.sync();
    while (hub.tick() > 0) {
    }
}

std::shared_ptr<const ui::Recording> load(const QString &path)
{
    QString error;
    std::shared_ptr<const ui::Recording> rec = ui::Recording::load(path, &error);
    if (!rec)
        qWarning("cannot load %s: %s", qPrintable(path), qPrintable(error));
    return rec;
}

// A replay window of the recording at `path`, shown (null, with a warning, if it cannot be).
std::unique_ptr<ui::ReplayWindow> shownReplay(const QString &path)
{
    std::shared_ptr<const ui::Recording> rec = load(path);
    if (!rec)
        return nullptr;
    auto window = std::make_unique<ui::ReplayWindow>(rec);
    window->show();
    if (!QTest::qWaitForWindowExposed(window.get())) {
        qWarning("the replay window was not exposed");
        return nullptr;
    }
    return window;
}

} // namespace

class ReplayTest : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir_;
    QString recordingPath_;
    State atSlow_;
    quint64 seqAtSlow_ = 0;
    State atEnd_;
    quint64 seqAtEnd_ = 0;

private slots:
    void initTestCase()
    {
        QVERIFY(dir_.isValid());
        recordingPath_ = dir_.filePath(QStringLiteral("work.jsonl.gz"));
    }

    // Runs the engine once and keeps the file and the live states for the tests after it.
    void recordWhileLive()
    {
        auto feed = std::make_shared<ui::EventFeed>();
        auto recorder = std::make_shared<trace::RecordingSink>();
        trace::EventDispatcher dispatcher;
        dispatcher.addSink(feed);
        dispatcher.addSink(recorder);
        dispatcher.start();
        ui::ModelHub live(feed);

        test::DemoServer server;
        QVERIFY2(server.started(), qPrintable(server.error()));
        std::string why;
        QVERIFY2(recorder->start(recordingPath_.toStdString(), &why), why.c_str());

        // Enough traffic to cross several snapshots (each /hello is ~45 events), with sessions.
        for (int i = 0; i < 120; ++i)
            QCOMPARE(server.get(i % 3 == 0 ? "/cart/add/apple" : "/hello").status, 200);

        std::atomic<int> slowStatus{0};
        std::thread slow([port = server.port(), &slowStatus] {
            test::TestHttpClient client(port);
            slowStatus = client.get("/slow?ms=1500").status;
        });
        // Moment A: /slow is in its view on one worker while other requests come and go.
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                drain(dispatcher, live);
                for (int row = 0; row < live.requests()->count(); ++row)
                    if (live.requests()->at(row).path == QLatin1String("/slow"))
                        return true;
                return false;
            }(),
            10000);
        for (int i = 0; i < 30; ++i)
            QVERIFY(server.get("/login").status < 400);
        drain(dispatcher, live);
        seqAtSlow_ = lastSeq(live);
        atSlow_ = State::of(live);
        QVERIFY2(atSlow_.locals.join('\n').contains(QLatin1String("RequestContext")),
                 "the /slow request holds a slot at moment A");
        slow.join();
        QCOMPARE(slowStatus.load(), 200);

        for (int i = 0; i < 60; ++i)
            QVERIFY(server.get("/home").status < 400);
        drain(dispatcher, live);
        seqAtEnd_ = lastSeq(live);
        atEnd_ = State::of(live);
        recorder->stop();
        QCOMPARE(live.droppedByEngine(), 0u);
        QCOMPARE(live.droppedByFeed(), 0u);
        QVERIFY(recorder->events() > 2 * ui::Recording::kSnapshotEvery);
        dispatcher.stop();
    }

    void replayEqualsLiveAtChosenMoments()
    {
        auto rec = load(recordingPath_);
        QVERIFY(rec);
        QVERIFY(!rec->damage());
        const std::size_t atSlow = positionAfterSeq(*rec, seqAtSlow_);
        const std::size_t atEnd = positionAfterSeq(*rec, seqAtEnd_);
        QVERIFY(atSlow > ui::Recording::kSnapshotEvery); // reached through a snapshot
        QVERIFY(atEnd > atSlow);

        ui::ReplaySession session(rec);
        QAbstractItemModelTester t1(session.hub().localStorage());
        QAbstractItemModelTester t2(session.hub().contextStacks());
        QAbstractItemModelTester t3(session.hub().eventLog());
        QAbstractItemModelTester t4(session.hub().requestList());

        session.seek(atSlow); // a far jump from 0
        compareStates(State::of(session.hub()), atSlow_);
        session.seek(atEnd);
        compareStates(State::of(session.hub()), atEnd_);
        session.seek(atSlow); // backwards
        compareStates(State::of(session.hub()), atSlow_);
        session.seek(atSlow - 700); // and forwards in small steps
        for (std::size_t p = atSlow - 700; p < atSlow; p += 7)
            session.seek(p);
        session.seek(atSlow);
        compareStates(State::of(session.hub()), atSlow_);
    }

    // Every restore (a snapshot and the events after it) against a hub fed every event in order,
    // with small bounds so that requests and log rows are evicted on the way.
    void restoredStateEqualsSequentialState()
    {
        auto rec = load(recordingPath_);
        QVERIFY(rec);
        QVERIFY(rec->size() > 2 * ui::Recording::kSnapshotEvery);
        ui::ReplaySession session(rec);
        session.hub().requests()->setCapacity(25);

        ui::ModelHub reference(std::make_shared<ui::EventFeed>(1));
        reference.requests()->setCapacity(25);
        reference.eventLog()->setCapacity(ui::ReplaySession::kLogWindow);

        QList<std::size_t> positions{0,
                                     1,
                                     ui::Recording::kSnapshotEvery - 1,
                                     ui::Recording::kSnapshotEvery,
                                     ui::Recording::kSnapshotEvery + 1,
                                     rec->size()};
        QRandomGenerator random(20261206);
        while (positions.size() < 40)
            positions << random.bounded(static_cast<quint64>(rec->size() + 1));
        std::sort(positions.begin(), positions.end());

        std::size_t fed = 0;
        for (std::size_t p : positions) {
            std::vector<trace::Event> batch;
            for (; fed < p; fed += std::min<std::size_t>(333, p - fed)) {
                batch.clear();
                rec->events().copyRange(fed, fed + std::min<std::size_t>(333, p - fed), batch);
                reference.applyBatch(batch);
            }
            session.seek(rec->size() - p); // somewhere else first, so that the next move restores
            session.seek(p);
            const State expected = State::of(reference);
            const State got = State::of(session.hub());
            QVERIFY2(got.locals == expected.locals, qPrintable(QStringLiteral("locals differ at %1").arg(p)));
            QVERIFY2(got.stacks == expected.stacks, qPrintable(QStringLiteral("stacks differ at %1").arg(p)));
            QVERIFY2(got.requests == expected.requests,
                     qPrintable(QStringLiteral("requests differ at %1").arg(p)));
            QVERIFY2(got.log == expected.log, qPrintable(QStringLiteral("event log differs at %1").arg(p)));
        }
    }

    void scrubberMovesTheWindow()
    {
        const std::unique_ptr<ui::ReplayWindow> window = shownReplay(recordingPath_);
        QVERIFY(window);
        const ui::Recording *rec = &window->session().recording();
        ui::ReplaySession &session = window->session();
        ui::ReplayScrubber *scrubber = window->scrubber();
        QCOMPARE(session.position(), rec->size()); // opens at the end
        QVERIFY(window->banner()->isHidden());

        // A drag: many values, only the newest is applied.
        for (int v = 100; v <= 5000; v += 100)
            scrubber->slider()->setValue(v);
        QTRY_COMPARE(session.position(), std::size_t{5000});
        QVERIFY(scrubber->positionText().startsWith(QStringLiteral("event 5,000 of")));
        QVERIFY(window->detail()->currentRequest() != 0); // follows the request at the cursor

        scrubber->stepForward();
        QCOMPARE(session.position(), std::size_t{5001});
        scrubber->stepBack();
        scrubber->stepBack();
        QCOMPARE(session.position(), std::size_t{4999});
        QCOMPARE(scrubber->slider()->value(), 4999);

        scrubber->nextRequest();
        const std::size_t begun = rec->requestsBegunBefore(session.position());
        QCOMPARE(rec->requests()[begun - 1].first + 1, session.position()); // just after a request.begin
        QCOMPARE(rec->events().kind(session.position() - 1), trace::EventKind::RequestBegin);
        const std::size_t afterNext = session.position();
        scrubber->previousRequest();
        QVERIFY(session.position() < afterNext);
        QCOMPARE(rec->events().kind(session.position() - 1), trace::EventKind::RequestBegin);

        scrubber->toStart();
        QCOMPARE(session.position(), std::size_t{0});
        QCOMPARE(session.hub().requests()->count(), 0);
        QCOMPARE(session.hub().localStorage()->rowCount(), 0);
        scrubber->setSpeed(10.0);
        scrubber->play();
        QVERIFY(scrubber->isPlaying());
        QTRY_VERIFY(session.position() > 100);
        scrubber->pause();
        QVERIFY(!scrubber->isPlaying());
        scrubber->toEnd();
        QCOMPARE(session.position(), rec->size());

        // Copy as cURL works on the replayed requests too (the Requests panel's context menu).
        const quint64 someRequest = rec->requests()[rec->requests().size() / 2].id;
        window->requestList()->selectRequest(someRequest);
        QSignalSpy copied(window->requestList(), &ui::RequestListView::curlCopied);
        QVERIFY(window->requestList()->copySelectedAsCurl());
        QCOMPARE(copied.count(), 1);
        QVERIFY2(QGuiApplication::clipboard()->text().startsWith(QStringLiteral("curl 'http://127.0.0.1:")),
                 qPrintable(QGuiApplication::clipboard()->text()));

        // Every control is in the Replay menu with a shortcut.
        QCOMPARE(scrubber->controls().size(), 7);
        for (QAction *a : scrubber->controls())
            QVERIFY2(!a->shortcut().isEmpty(), qPrintable(a->text()));
    }

    void eventLogDoubleClickMovesTheCursor()
    {
        const std::unique_ptr<ui::ReplayWindow> window = shownReplay(recordingPath_);
        QVERIFY(window);
        const ui::Recording *rec = &window->session().recording();
        ui::ReplaySession &session = window->session();
        ui::EventLogView *log = window->eventLog();
        log->parentWidget()->show();
        log->parentWidget()->raise();
        QTableView *table = log->table();
        QTRY_VERIFY(table->isVisible());
        QVERIFY(table->model()->rowCount() > 100);

        // A row in the middle of the log, with a request: double-clicked where it is drawn.
        int row = table->model()->rowCount() / 2;
        while (row > 0 &&
               table->model()->index(row, 0).data(ui::EventLogModel::RequestRole).toULongLong() == 0)
            --row;
        const QModelIndex index = table->model()->index(row, 0);
        const quint64 seq = index.data(ui::EventLogModel::SeqRole).toULongLong();
        const quint64 req = index.data(ui::EventLogModel::RequestRole).toULongLong();
        QVERIFY(req != 0);
        table->scrollTo(index);
        const QPoint at = table->visualRect(index).center();
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, at);
        QTest::mouseDClick(table->viewport(), Qt::LeftButton, {}, at);

        // The cursor just after that event; the log now ends with it, selected; the detail shows
        // its request.
        const std::size_t expected = rec->events().indexOfSeq(seq) + 1;
        QVERIFY(expected < rec->size());
        QTRY_COMPARE(session.position(), expected);
        QCOMPARE(window->scrubber()->slider()->value(), int(expected));
        const QModelIndex current = table->currentIndex();
        QVERIFY(current.isValid());
        QCOMPARE(current.data(ui::EventLogModel::SeqRole).toULongLong(), seq);
        QCOMPARE(current.row(), table->model()->rowCount() - 1);
        QCOMPARE(window->detail()->currentRequest(), req);
    }

    void damagedRecordingOpensUpToTheDamage()
    {
        QFile in(dir_.filePath(QStringLiteral("plain.jsonl")));
        {
            auto rec = load(recordingPath_);
            QVERIFY(rec);
            QVERIFY(in.open(QIODevice::WriteOnly));
            std::string line;
            for (std::size_t i = 0; i < 300; ++i) {
                trace::Event e;
                rec->events().copyTo(i, e);
                line.clear();
                e.appendJson(line);
                line += '\n';
                in.write(line.data(), static_cast<qint64>(line.size()));
            }
            in.write(
                "{\"seq\":301,\"t_us\":5,\"thread\":\"worker-1\",\"ident\":1,\"req\":3,\"kind\":\"phase.be");
            in.close();
        }
        QString error;
        std::shared_ptr<const ui::Recording> rec = ui::Recording::load(in.fileName(), &error);
        QVERIFY2(rec, qPrintable(error));
        QCOMPARE(rec->size(), std::size_t{300});
        QVERIFY(rec->damage());
        QCOMPARE(rec->damage()->line, 301);
        QVERIFY2(rec->damage()->message.contains(QLatin1String("cut short")),
                 qPrintable(rec->damage()->message));

        ui::ReplayWindow window(rec);
        QVERIFY(!window.banner()->isHidden());
        QVERIFY(window.banner()->text().contains(QLatin1String("line 301")));
        window.session().seek(150);
        QCOMPARE(window.session().position(), std::size_t{150});
    }

    void missingFileIsAnError()
    {
        QString error;
        QVERIFY(!ui::Recording::load(dir_.filePath(QStringLiteral("nope.jsonl")), &error));
        QVERIFY2(error.contains(QLatin1String("nope.jsonl")), qPrintable(error));
    }

    void openFileReportsAnErrorAndOpensAWindow()
    {
        QString failure;
        bool failed = false;
        ui::ReplayWindow::openFile(dir_.filePath(QStringLiteral("nope.jsonl")), nullptr,
                                   [&](ui::ReplayWindow *w, const QString &error) {
                                       failed = w == nullptr;
                                       failure = error;
                                   });
        QTRY_VERIFY(failed);
        QVERIFY(failure.contains(QLatin1String("cannot read")));

        QPointer<ui::ReplayWindow> opened;
        ui::ReplayWindow::openFile(recordingPath_, nullptr,
                                   [&](ui::ReplayWindow *w, const QString &) { opened = w; });
        QTRY_VERIFY_WITH_TIMEOUT(opened, 20000);
        QVERIFY(opened->isVisible());
        QVERIFY(opened->windowTitle().contains(QLatin1String("work.jsonl.gz")));
        delete opened.data();
    }

    // File → Record events in the main window, against a real engine.
    void mainWindowRecords()
    {
        auto feed = std::make_shared<ui::EventFeed>();
        auto recorder = std::make_shared<trace::RecordingSink>();
        trace::EventDispatcher dispatcher;
        dispatcher.addSink(feed);
        dispatcher.addSink(recorder);
        dispatcher.start();
        app::EngineHost engine;
        control::EngineSettings settings;
        settings.port = 0;
        settings.secret = QStringLiteral("replay-test-secret-0123456789abcdef");
        settings.threads = 2;
        engine.start(settings);
        QTRY_VERIFY_WITH_TIMEOUT(
            engine.status().state == control::EngineControl::State::Running && !engine.busy(), 10000);
        {
            ui::MainWindow window(engine, feed);
            QVERIFY(!window.recordAction()->isEnabled()); // no recorder yet
            window.setRecorder(recorder);
            QVERIFY(window.recordAction()->isEnabled());
            QVERIFY(!window.openRecordingAction()->shortcut().isEmpty());

            QString error;
            QVERIFY(!window.startRecording(dir_.filePath(QStringLiteral("no/such/dir/x.jsonl")), &error));
            QVERIFY2(error.contains(QLatin1String("cannot write events")), qPrintable(error));
            QVERIFY(!window.isRecording());
            QVERIFY(!window.recordAction()->isChecked());

            const QString path = dir_.filePath(QStringLiteral("from-window.jsonl"));
            QVERIFY2(window.startRecording(path, &error), qPrintable(error));
            QVERIFY(window.isRecording());
            QVERIFY(window.recordAction()->isChecked());
            const quint16 port = QUrl(engine.status().address).port();
            test::TestHttpClient client(port);
            QCOMPARE(client.get("/hello").status, 200);
            // request.end comes after the response is written: wait until the window has it, then
            // until the recorder (a sink of the same dispatcher) has it too.
            QTRY_VERIFY([&] {
                const ui::RequestStore &store = *window.hub().requests();
                return store.count() == 1 && store.at(0).finished;
            }());
            dispatcher.sync();
            QVERIFY(recorder->events() > 10);
            auto *label = window.findChild<QLabel *>(QStringLiteral("statusRecording"));
            QVERIFY(label);
            QTRY_VERIFY(label->isVisible() || !window.isVisible());
            QTRY_VERIFY(label->text().contains(QLatin1String("REC")));
            window.stopRecording();
            QVERIFY(!window.isRecording());
            QVERIFY(!window.recordAction()->isChecked());
            QCOMPARE(client.get("/hello").status, 200); // not recorded

            auto rec = load(path);
            QVERIFY(rec);
            QVERIFY(!rec->damage());
            QCOMPARE(rec->requests().size(), std::size_t{1});
            QCOMPARE(rec->requests().front().complete->path, QStringLiteral("/hello"));
            QCOMPARE(rec->requests().front().complete->status, 200);
        }
        engine.stopNow();
        dispatcher.stop();
    }
};

QTEST_MAIN(ReplayTest)
#include "tst_replay.moc"
