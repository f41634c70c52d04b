#include "app/engine/EngineHost.h"
#include "core/session/codec/CookieSessionCodec.h"
#include "core/session/codec/Signer.h"
#include "core/trace/EventDispatcher.h"
#include "core/value/PyJson.h"
#include "ui/EventFeed.h"
#include "ui/MainWindow.h"
#include "ui/ShortcutsDialog.h"
#include "ui/client/ClientPanel.h"
#include "ui/client/HistoryModel.h"
#include "ui/models/ContextStackModel.h"
#include "ui/models/EventFilterProxyModel.h"
#include "ui/models/EventLogModel.h"
#include "ui/models/LocalStorageModel.h"
#include "ui/models/ModelHub.h"
#include "ui/models/RequestListModel.h"
#include "ui/models/RequestStore.h"
#include "ui/panels/AppPanel.h"
#include "ui/panels/StepModePanel.h"
#include "ui/session/SessionInspector.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QComboBox>
#include <QDateTime>
#include <QDockWidget>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTest>

using namespace rs;

// The whole window against the real demo app: every dock present and restorable, the layout
// persisted, requests from the built-in client shown in the detail, step mode holding a request
// from the UI until Continue, the inspector's cookie sent in one step, errors in the banner.
class TestMainWindow : public QObject {
    Q_OBJECT

private:
    std::shared_ptr<ui::EventFeed> feed_;
    std::unique_ptr<trace::EventDispatcher> dispatcher_;
    std::unique_ptr<app::EngineHost> engine_;

    static control::EngineSettings settings()
    {
        control::EngineSettings s;
        s.port = 0;
        s.secret = QStringLiteral("main-window-test-secret-0123456789");
        s.threads = 2;
        return s;
    }
    std::unique_ptr<ui::MainWindow> makeWindow()
    {
        auto window = std::make_unique<ui::MainWindow>(*engine_, feed_);
        // Every model the window's views read, checked while they change.
        new QAbstractItemModelTester(window->hub().eventLog(), window.get());
        new QAbstractItemModelTester(window->hub().eventFilter(), window.get());
        new QAbstractItemModelTester(window->hub().localStorage(), window.get());
        new QAbstractItemModelTester(window->hub().contextStacks(), window.get());
        new QAbstractItemModelTester(window->hub().requestList(), window.get());
        new QAbstractItemModelTester(window->client()->history(), window.get());
        return window;
    }
    QString address() const { return engine_->status().address; }
    bool running() const
    {
        return !engine_->busy() && engine_->status().state == control::EngineControl::State::Running;
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("RequestScopeTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_main_window"));
        QSettings().clear();
        feed_ = std::make_shared<ui::EventFeed>();
        dispatcher_ = std::make_unique<trace::EventDispatcher>();
        dispatcher_->addSink(feed_);
        dispatcher_->start();
        engine_ = std::make_unique<app::EngineHost>();
        QSignalSpy settled(engine_.get(), &control::EngineControl::settled);
        engine_->start(settings());
        QVERIFY(settled.wait(15000));
        QVERIFY2(running(), qPrintable(engine_->status().error));
    }
    void cleanupTestCase()
    {
        engine_->stopNow();
        dispatcher_->stop();
        QSettings().clear();
    }
    void cleanup() { engine_->breakpoints().runWithoutBreaks(); }

    // Events were lost (the GUI feed overflowed): the window asks the engine which slots are live
    // and prunes the Local storage and stacks views, so a dropped release leaves no dead slot.
    void lostEventsLeaveNoDeadSlot()
    {
        auto tiny = std::make_shared<ui::EventFeed>(4);
        auto window = std::make_unique<ui::MainWindow>(*engine_, tiny);
        new QAbstractItemModelTester(window->hub().localStorage(), window.get());
        new QAbstractItemModelTester(window->hub().contextStacks(), window.get());
        constexpr quint64 kGone = 424242; // an ident the engine has no slot for
        const auto event = [](trace::EventKind kind, std::uint64_t seq,
                              std::initializer_list<std::pair<const char *, std::string>> texts) {
            trace::Event e(kind);
            e.seq = seq;
            e.ident = kGone;
            e.thread = "worker-1";
            int slot = 0;
            for (const auto &[name, value] : texts)
                e.setText(slot++, value);
            return e;
        };
        // Its set and push arrive; its release and pop are "lost".
        const trace::Event arrived[] = {
            event(trace::EventKind::LocalSet, 1,
                  {{"local", "request_stack"}, {"key", "stack"}, {"value", "[]"}}),
            event(trace::EventKind::StackPush, 2, {{"stack", "request"}, {"obj", "RequestContext#1"}}),
        };
        tiny->consume(arrived, 2);
        QTRY_VERIFY(
            window->hub().localStorage()->slotIndex(QStringLiteral("request_stack"), kGone).isValid());
        QTRY_VERIFY(window->hub().contextStacks()->identIndex(kGone).isValid());
        QCOMPARE(tiny->dropped(), std::uint64_t(0));
        std::vector<trace::Event> flood;
        for (std::uint64_t i = 0; i < 10; ++i)
            flood.push_back(event(trace::EventKind::GGet, 3 + i, {{"key", "k"}, {"value", "v"}}));
        tiny->consume(flood.data(), flood.size()); // 10 into a buffer of 4: at least 6 dropped
        QVERIFY(tiny->dropped() > 0 || window->hub().droppedByFeed() > 0);
        QTRY_VERIFY_WITH_TIMEOUT(
            !window->hub().localStorage()->slotIndex(QStringLiteral("request_stack"), kGone).isValid(), 3000);
        QTRY_VERIFY(!window->hub().contextStacks()->identIndex(kGone).isValid());
    }

    void everyPanelIsADockAndTheLayoutPersists()
    {
        QSettings().clear();
        {
            auto window = makeWindow();
            window->show();
            QVERIFY(QTest::qWaitForWindowExposed(window.get()));
            const QStringList names{"dock.client",   "dock.app",    "dock.inspector", "dock.store",
                                    "dock.local",    "dock.stacks", "dock.step",      "dock.timeline",
                                    "dock.requests", "dock.events"};
            for (const QString &n : names)
                QVERIFY2(window->dock(n), qPrintable(n));
            QCOMPARE(window->docks().size(), names.size());
            window->dock(QStringLiteral("dock.events"))->toggleViewAction()->trigger();
            QVERIFY(window->dock(QStringLiteral("dock.events"))->isHidden());
            window->close(); // saves the layout
        }
        {
            auto window = makeWindow();
            window->show();
            QVERIFY(QTest::qWaitForWindowExposed(window.get()));
            QVERIFY(window->dock(QStringLiteral("dock.events"))->isHidden());
            window->resetLayout();
            QVERIFY(!window->dock(QStringLiteral("dock.events"))->isHidden());
            window->close();
        }
    }

    void sendLoginShowsTheResponseAndTheSessionWrite()
    {
        auto window = makeWindow();
        window->show();
        ui::ClientPanel *client = window->client();
        const int before = client->history()->rowCount();
        // As a user does it: type the URL, press Send.
        client->methodBox()->setCurrentText(QStringLiteral("GET"));
        client->urlEdit()->clear();
        QTest::keyClicks(client->urlEdit(), address() + QStringLiteral("/login"));
        QTest::mouseClick(client->sendButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(client->history()->rowCount(), before + 1, 10000);
        const ui::HistoryEntry &entry = client->history()->entry(client->history()->rowCount() - 1);
        QCOMPARE(entry.status, 200);
        QVERIFY(entry.requestId != 0);
        // The detail follows the client's request, and the store saw the session write and the save.
        QTRY_COMPARE(window->shownRequest(), entry.requestId);
        QTRY_VERIFY(window->hub().requests()->find(entry.requestId) &&
                    window->hub().requests()->find(entry.requestId)->finished);
        const ui::RequestRecord *record = window->hub().requests()->find(entry.requestId);
        bool wroteUser = false;
        for (const auto &op : record->session)
            wroteUser = wroteUser || (op.kind == QLatin1String("write") && op.key == QLatin1String("user"));
        QVERIFY(wroteUser);
        QCOMPARE(record->saveDecision, QStringLiteral("set_cookie"));
        QVERIFY(record->requestHeaders.contains(QStringLiteral("Host:")));
        QVERIFY(record->responseHeaders.startsWith(QStringLiteral("HTTP/1.1 200")));
        QVERIFY(record->responseHeaders.contains(QStringLiteral("Set-Cookie: session=")));
    }

    void breakpointOnViewHoldsARequestUntilContinue()
    {
        auto window = makeWindow();
        window->show();
        ui::ClientPanel *client = window->client();
        ui::StepModePanel *step = window->stepMode();
        step->setPointChecked(QStringLiteral("view"), true);
        QCOMPARE(engine_->breakpoints().points(), QStringList{QStringLiteral("view")});
        const int before = client->history()->rowCount();
        client->sendRequest(QStringLiteral("GET"), address() + QStringLiteral("/hello"));
        QTRY_COMPARE_WITH_TIMEOUT(step->heldCount(), 1, 10000);
        const auto held = engine_->breakpoints().held().front();
        QCOMPARE(held.point, QStringLiteral("view"));
        // Every view shows the held request: the detail, the banner, the stacks.
        QTRY_COMPARE(window->shownRequest(), held.req);
        auto *banner = window->findChild<QLabel *>(QStringLiteral("banner"));
        QVERIFY(banner && banner->isVisible());
        QVERIFY2(banner->text().contains(QStringLiteral("held at view")), qPrintable(banner->text()));
        QTRY_VERIFY(window->hub().contextStacks()->depth(held.ident, QStringLiteral("request")) == 1);
        // The held worker's slot in the request stack's Local: there while held, with its stack.
        ui::LocalStorageModel *local = window->hub().localStorage();
        const QString requestStack = QStringLiteral("request_stack");
        QTRY_VERIFY(local->slotIndex(requestStack, held.ident).isValid());
        QVERIFY(local->valueIndex(requestStack, held.ident, QStringLiteral("stack")).isValid());
        // Still no response while it is held.
        QTest::qWait(200); // a bounded look that nothing arrives (not a synchronisation wait)
        QCOMPARE(client->history()->rowCount(), before);

        step->continueAction()->trigger(); // F5
        QTRY_COMPARE_WITH_TIMEOUT(client->history()->rowCount(), before + 1, 10000);
        QCOMPARE(client->history()->entry(before).status, 200);
        // Released at the end of the request: the slot is gone.
        QTRY_VERIFY(!local->slotIndex(requestStack, held.ident).isValid());
        QTRY_COMPARE(step->heldCount(), 0);
        QTRY_VERIFY(!banner->isVisible());
        QCOMPARE(engine_->breakpoints().timedOut(), std::uint64_t(0));
        step->runAction()->trigger();
        QVERIFY(engine_->breakpoints().points().isEmpty());
    }

    void inspectorSendsItsCookieInOneStep()
    {
        auto window = makeWindow();
        window->show();
        QString error;
        const QByteArray cookie = codec::CookieSessionCodec::sign(
            Value::dict({{QStringLiteral("user"), QStringLiteral("mallory")},
                         {QStringLiteral("cart"), Value::list({QStringLiteral("apple")})}}),
            QDateTime::currentSecsSinceEpoch(), codec::Signer::keysFromStrings({engine_->secretKey()}),
            &error);
        QVERIFY2(!cookie.isEmpty(), qPrintable(error));
        ui::SessionInspector *inspector = window->inspector();
        window->dock(QStringLiteral("dock.inspector"))->raise();
        inspector->setCookieText(QStringLiteral("session=") + QString::fromLatin1(cookie));
        auto *send = inspector->findChild<QPushButton *>(QStringLiteral("send"));
        auto *path = inspector->findChild<QLineEdit *>(QStringLiteral("sendPath"));
        QVERIFY(send && send->isEnabled() && path);
        QCOMPARE(path->text(), QStringLiteral("/home"));

        // The pasted cookie, to the default path, by the button.
        ui::HistoryModel *history = window->client()->history();
        int before = history->rowCount();
        QTest::mouseClick(send, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(history->rowCount(), before + 1, 10000);
        QCOMPARE(history->entry(before).url.path(), QStringLiteral("/home"));
        QVERIFY2(history->entry(before).body.contains("hello mallory"),
                 history->entry(before).body.constData());

        // An edit that was not re-signed goes out re-signed (with the engine's key), to the typed path.
        auto *payload = inspector->findChild<QPlainTextEdit *>(QStringLiteral("payloadEdit"));
        QVERIFY(payload);
        payload->setPlainText(QStringLiteral(R"({"user": "mallory", "cart": ["pear"]})"));
        path->clear();
        QTest::keyClicks(path, QStringLiteral("/cart"));
        before = history->rowCount();
        QTest::mouseClick(send, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(history->rowCount(), before + 1, 10000);
        const ui::HistoryEntry &entry = history->entry(before);
        QCOMPARE(entry.url.path(), QStringLiteral("/cart"));
        QCOMPARE(entry.status, 200);
        QVERIFY2(entry.body.contains("pear") && !entry.body.contains("apple"), entry.body.constData());
        QVERIFY(inspector->cookieValue() != QString::fromLatin1(cookie));
        QVERIFY2(inspector->verdict().startsWith(QStringLiteral("accepted")),
                 qPrintable(inspector->verdict()));
    }

    void aStartFailureIsShownInTheWindow()
    {
        auto window = makeWindow();
        window->show();
        QTcpServer blocker;
        QVERIFY(blocker.listen(QHostAddress::LocalHost, 0));
        control::EngineSettings s = settings();
        s.port = blocker.serverPort();
        s.tryNextPorts = false;
        window->appPanel()->setFormSettings(s);
        window->appPanel()->applyAndRestart();
        auto *banner = window->findChild<QLabel *>(QStringLiteral("banner"));
        // Under way first (the App panel cannot be pressed meanwhile), then the failure.
        QVERIFY(engine_->busy());
        QVERIFY(!window->appPanel()->isEnabled());
        QVERIFY2(banner->isVisible() && banner->text().contains(QStringLiteral("Starting")),
                 qPrintable(banner->text()));
        QTRY_VERIFY_WITH_TIMEOUT(!engine_->busy(), 10000);
        QVERIFY(window->appPanel()->isEnabled());
        QVERIFY(banner->isVisible());
        QVERIFY2(banner->text().contains(QStringLiteral("in use")), qPrintable(banner->text()));
        auto *message = window->appPanel()->findChild<QLabel *>(QStringLiteral("engineMessage"));
        QVERIFY(message && message->text().contains(QStringLiteral("in use")));
        // Back to a working configuration: the banner goes, the client follows the new address.
        window->appPanel()->setFormSettings(settings());
        window->appPanel()->applyAndRestart();
        QTRY_VERIFY_WITH_TIMEOUT(running(), 10000);
        QVERIFY(!banner->isVisible());
        QCOMPARE(window->client()->baseUrl(), address());
    }

    void shortcutsAreListed()
    {
        auto window = makeWindow();
        QList<QAction *> actions = window->findChildren<QAction *>();
        ui::ShortcutsDialog dialog(actions, window.get());
        const QString all = dialog.rows().join(QLatin1Char('\n'));
        for (const char *expected : {"F5\tContinue", "F10\tStep to next phase", "F1\tShortcuts"})
            QVERIFY2(all.contains(QLatin1String(expected)), qPrintable(all));
        QVERIFY2(all.contains(QStringLiteral("Ctrl+Return")), qPrintable(all));
        // Send carries the resources' icon (the toolbar shows it).
        QVERIFY(!window->client()->sendAction()->icon().pixmap(16).isNull());
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_main_window.moc"
