// The client panel offscreen against the real demo app: click Send on /login and see the answer,
// the session cookie in the jar and the request id; /home then says "hello alex"; the history and
// Compare; Ctrl+Enter; route buttons; redirects shown and followed by hand; JSON, text and hex
// bodies; errors in words; setBaseUrl, setCookie, resend; the jar kept across panels; Send
// concurrently from the panel.
#include "ClientPanelTestSupport.h"
#include "tests/support/DemoServer.h"
#include "tests/support/FreePort.h"
#include "ui/client/ClientCookieJar.h"
#include "ui/client/ClientPanel.h"
#include "ui/client/CompareDialog.h"
#include "ui/client/CookieJarModel.h"
#include "ui/client/CookieJarView.h"
#include "ui/client/CookiePersistence.h"
#include "ui/client/HistoryModel.h"
#include "ui/client/HistoryView.h"
#include "ui/client/KeyValueEditor.h"
#include "ui/client/LatencyHistogramView.h"
#include "ui/client/LoadTestView.h"
#include "ui/client/ResponseView.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QComboBox>
#include <QFile>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QToolButton>
#include <QtTest>

using namespace rs;
using ui::ClientPanel;

class ClientPanelTest : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<test::DemoServer> server_;
    QString base_;

    std::unique_ptr<ClientPanel> makePanel(bool freshJar = true)
    {
        return test::makeTestedPanel(base_, freshJar);
    }

    // Clicks Send for GET `path` and waits for the answer.
    bool clickSend(ClientPanel &panel, const QString &path)
    {
        panel.methodBox()->setCurrentText(QStringLiteral("GET"));
        panel.urlEdit()->setText(base_ + path);
        QSignalSpy received(&panel, &ClientPanel::responseReceived);
        QTest::mouseClick(panel.sendButton(), Qt::LeftButton);
        return received.wait(10'000);
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        server_ = std::make_unique<test::DemoServer>(QStringLiteral("client-panel-secret"));
        QVERIFY2(server_->started(), qPrintable(server_->error()));
        base_ = server_->baseUrl();
    }

    void cleanupTestCase()
    {
        server_.reset();
        QFile::remove(ui::CookieJarModel::defaultFilePath());
    }

    void loginThenHomeWithTheSessionCookie()
    {
        auto panel = makePanel();
        QCOMPARE(panel->urlEdit()->text(), base_ + QStringLiteral("/hello"));
        QSignalSpy seen(panel.get(), &ClientPanel::requestSeen);

        QVERIFY(clickSend(*panel, QStringLiteral("/login")));
        ui::ResponseView *response = panel->responseView();
        QCOMPARE(response->statusText(), QStringLiteral("200 OK"));
        QVERIFY2(response->bodyText().contains(QStringLiteral("logged in as alex")),
                 qPrintable(response->bodyText()));
        QVERIFY(response->headersText().contains(QStringLiteral("Set-Cookie: session=")));
        QVERIFY2(response->metaText().contains(QStringLiteral(" ms")), qPrintable(response->metaText()));
        const int session = panel->cookies()->findRow(QStringLiteral("session"), QStringLiteral("127.0.0.1"));
        QVERIFY(session >= 0);
        QVERIFY(!panel->cookies()->cookieAt(session).value().isEmpty());
        QVERIFY(panel->cookies()->cookieAt(session).isHttpOnly());

        // requestSeen carries the engine's X-Request-Id; the button opens that request.
        QCOMPARE(seen.count(), 1);
        const quint64 loginId = seen.first().at(0).value<quint64>();
        QVERIFY(loginId > 0);
        QCOMPARE(panel->history()->entry(0).responseHeader("X-Request-Id"), QByteArray::number(loginId));
        QVERIFY(!response->detailButton()->isHidden());
        QVERIFY(response->detailButton()->text().contains(QString::number(loginId)));
        QSignalSpy detail(panel.get(), &ClientPanel::requestDetailRequested);
        QTest::mouseClick(response->detailButton(), Qt::LeftButton);
        QCOMPARE(detail.count(), 1);
        QCOMPARE(detail.first().at(0).value<quint64>(), loginId);

        QVERIFY(clickSend(*panel, QStringLiteral("/home")));
        QCOMPARE(response->statusText(), QStringLiteral("200 OK"));
        QVERIFY2(response->bodyText().contains(QStringLiteral("hello alex")),
                 qPrintable(response->bodyText()));
        QCOMPARE(seen.count(), 2);
        QVERIFY(seen.last().at(0).value<quint64>() != loginId);

        // History: two rows, compared side by side.
        ui::HistoryModel *history = panel->history();
        QCOMPARE(history->rowCount(), 2);
        QCOMPARE(history->data(history->index(0, ui::HistoryModel::UrlColumn)).toString(), base_ + "/login");
        QCOMPARE(history->data(history->index(1, ui::HistoryModel::StatusColumn)).toString(),
                 QStringLiteral("200"));
        QCOMPARE(history->data(history->index(1, 0), ui::HistoryModel::RequestIdRole).value<quint64>(),
                 seen.last().at(0).value<quint64>());

        ui::CompareDialog *dialog = panel->compare(0, 1);
        QVERIFY(dialog);
        QVERIFY(dialog->leftText().contains(QStringLiteral("logged in as alex")));
        QVERIFY(dialog->rightText().contains(QStringLiteral("hello alex")));
        QVERIFY(dialog->differingLines() > 0);
        const QStringList left = dialog->leftText().split(QLatin1Char('\n'));
        // Line 0 is the request line (differs), line 1 the status line (the same: not marked).
        QCOMPARE(left.at(1), QStringLiteral("HTTP/1.1 200 OK"));
        QVERIFY(dialog->markedLeft().contains(0));
        QVERIFY(!dialog->markedLeft().contains(1));
        QVERIFY(!dialog->markedRight().contains(1));
        const int bodyLine = int(left.indexOf(QRegularExpression(QStringLiteral("^logged in as alex.*"))));
        QVERIFY(dialog->markedLeft().contains(bodyLine));
        dialog->close();

        // The same through the history view: select both rows, press Compare.
        ui::HistoryView *view = panel->historyView();
        QVERIFY(!view->compareButton()->isEnabled());
        view->table()->selectRow(0);
        view->table()->selectionModel()->select(history->index(1, 0),
                                                QItemSelectionModel::Select | QItemSelectionModel::Rows);
        QCOMPARE(view->selectedRows(), (QList<int>{0, 1}));
        QVERIFY(view->compareButton()->isEnabled());
        const int dialogsBefore = int(panel->findChildren<ui::CompareDialog *>().size());
        QTest::mouseClick(view->compareButton(), Qt::LeftButton);
        QCOMPARE(panel->findChildren<ui::CompareDialog *>().size(), dialogsBefore + 1);
    }

    void ctrlEnterSendsAndRoutesAreOneClick()
    {
        auto panel = makePanel();
        QCOMPARE(panel->sendAction()->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_Return));
        QVERIFY(panel->sendAction()->shortcuts().contains(QKeySequence(Qt::CTRL | Qt::Key_Enter)));
        QVERIFY(panel->actions().contains(panel->sendAction()));

        panel->urlEdit()->setText(base_ + QStringLiteral("/g"));
        QSignalSpy received(panel.get(), &ClientPanel::responseReceived);
        panel->sendAction()->trigger();
        QVERIFY(received.wait(10'000));
        // JSON is indented.
        QVERIFY2(
            panel->responseView()->bodyText().contains(QStringLiteral("\n    \"loaded_by\": \"load_g\"")),
            qPrintable(panel->responseView()->bodyText()));
        QVERIFY(panel->responseView()->metaText().contains(QStringLiteral("JSON")));

        // The real key: Ctrl+Enter in the URL field sends once.
        panel->show();
        QVERIFY(QTest::qWaitForWindowActive(panel.get()));
        panel->urlEdit()->setFocus();
        panel->urlEdit()->setText(base_ + QStringLiteral("/hello"));
        QTest::keyClick(panel->urlEdit(), Qt::Key_Return, Qt::ControlModifier);
        QVERIFY(received.wait(10'000));
        QCOMPARE(panel->responseView()->bodyText(), QStringLiteral("hello"));
        QCOMPARE(panel->history()->rowCount(), 2);

        for (const QString &route : ClientPanel::demoRoutes())
            QVERIFY2(panel->routeButton(route), qPrintable(route));
        QTest::mouseClick(panel->routeButton(QStringLiteral("/teapot")), Qt::LeftButton);
        QVERIFY(received.wait(10'000));
        QCOMPARE(panel->urlEdit()->text(), base_ + QStringLiteral("/teapot"));
        QCOMPARE(panel->responseView()->statusText(), QStringLiteral("418 I'm a teapot"));

        QTest::mouseClick(panel->routeButton(QStringLiteral("/slow?ms=300")), Qt::LeftButton);
        QCOMPARE(panel->pendingRequests(), 1);
        QCOMPARE(panel->responseView()->statusText(), QStringLiteral("Sending…"));
        // The query table follows the URL.
        QCOMPARE(panel->queryEditor()->pairs(),
                 (ui::KeyValueEditor::Pairs{{QStringLiteral("ms"), QStringLiteral("300")}}));
        QVERIFY(received.wait(10'000));
        QVERIFY(panel->history()->entry(panel->history()->rowCount() - 1).elapsedMs >= 290);
        QVERIFY(panel->responseView()->bodyText().contains(QStringLiteral("slept 300 ms")));

        // Two in flight: the view shows the answer to the later one, the history has both.
        const int rows = panel->history()->rowCount();
        panel->sendRequest(QStringLiteral("GET"), base_ + QStringLiteral("/slow?ms=300"));
        panel->sendRequest(QStringLiteral("GET"), base_ + QStringLiteral("/hello"));
        QCOMPARE(panel->pendingRequests(), 2);
        QTRY_COMPARE_WITH_TIMEOUT(panel->pendingRequests(), 0, 10'000);
        QCOMPARE(panel->history()->rowCount(), rows + 2);
        QCOMPARE(panel->responseView()->bodyText(), QStringLiteral("hello"));
    }

    void queryAndHeaderEditorsAndBody()
    {
        auto panel = makePanel();
        panel->urlEdit()->setText(base_ + QStringLiteral("/echo"));
        panel->queryEditor()->addRow(QStringLiteral("q"), QStringLiteral("a b"));
        emit panel->queryEditor()->edited();
        QCOMPARE(panel->urlEdit()->text(), base_ + QStringLiteral("/echo?q=a%20b"));
        panel->headerEditor()->addRow(QStringLiteral("X-Test"), QStringLiteral("yes"));
        panel->bodyEditor()->setPlainText(QStringLiteral(R"({"a": [1, 2]})"));
        panel->methodBox()->setCurrentText(QStringLiteral("POST"));
        QSignalSpy received(panel.get(), &ClientPanel::responseReceived);
        QTest::mouseClick(panel->sendButton(), Qt::LeftButton);
        QVERIFY(received.wait(10'000));
        QCOMPARE(panel->responseView()->statusText(), QStringLiteral("200 OK"));
        QVERIFY(
            panel->responseView()->headersText().contains(QStringLiteral("Content-Type: application/json")));
        QVERIFY2(panel->responseView()->bodyText().contains(QStringLiteral("\"a\": [")),
                 qPrintable(panel->responseView()->bodyText()));
        const ui::HistoryEntry &sent = panel->history()->entry(0);
        QCOMPARE(sent.method, QStringLiteral("POST"));
        QVERIFY(sent.requestHeaders.contains(qMakePair(QByteArray("X-Test"), QByteArray("yes"))));

        // A bad header name is refused in the panel, nothing is sent.
        panel->headerEditor()->addRow(QStringLiteral("Bad Name"), QStringLiteral("x"));
        QTest::mouseClick(panel->sendButton(), Qt::LeftButton);
        QVERIFY(panel->responseView()->errorText().contains(QStringLiteral("Not a header name")));
        QCOMPARE(panel->pendingRequests(), 0);
    }

    void redirectsAreShownNotFollowed()
    {
        auto panel = makePanel();
        QVERIFY(clickSend(*panel, QStringLiteral("/flash/login")));
        ui::ResponseView *response = panel->responseView();
        QCOMPARE(response->statusText(), QStringLiteral("302 Found"));
        QVERIFY(response->headersText().contains(QStringLiteral("Location: ")));
        QVERIFY(!response->followButton()->isHidden());
        QSignalSpy received(panel.get(), &ClientPanel::responseReceived);
        QTest::mouseClick(response->followButton(), Qt::LeftButton);
        QVERIFY(received.wait(10'000));
        QCOMPARE(panel->urlEdit()->text(), base_ + QStringLiteral("/flash/logout"));
        QCOMPARE(response->statusText(), QStringLiteral("200 OK"));
        QVERIFY2(response->bodyText().contains(QStringLiteral("登录成功1")),
                 qPrintable(response->bodyText()));
        QVERIFY(!response->bodyText().contains(QStringLiteral("登录成功2")));
        QVERIFY(response->followButton()->isHidden());

        QVERIFY(clickSend(*panel, QStringLiteral("/docs")));
        QCOMPARE(response->statusText(), QStringLiteral("308 Permanent Redirect"));
    }

    void bodiesAsTextAndHex()
    {
        auto panel = makePanel();
        QVERIFY(clickSend(*panel, QStringLiteral("/download?kb=1")));
        const QString body = panel->responseView()->bodyText();
        QVERIFY2(body.startsWith(QStringLiteral("00000000  63 68 75 6e 6b 20 30 20")),
                 qPrintable(body.left(80)));
        QVERIFY(panel->responseView()->metaText().contains(QStringLiteral("binary")));
        QVERIFY(clickSend(*panel, QStringLiteral("/boom")));
        QCOMPARE(panel->responseView()->statusText(), QStringLiteral("500 Internal Server Error"));
        QCOMPARE(panel->responseView()->bodyText(), QStringLiteral("500 handled by internal_error: boom\n"));
        panel->methodBox()->setCurrentText(QStringLiteral("HEAD"));
        panel->urlEdit()->setText(base_ + QStringLiteral("/hello"));
        QSignalSpy received(panel.get(), &ClientPanel::responseReceived);
        panel->send();
        QVERIFY(received.wait(10'000));
        QCOMPARE(panel->responseView()->statusText(), QStringLiteral("200 OK"));
        QCOMPARE(panel->responseView()->bodyText(), QString());
    }

    void errorsAreShownInWords()
    {
        auto panel = makePanel();
        const quint16 port = test::FreePort::find();
        QSignalSpy received(panel.get(), &ClientPanel::responseReceived);
        panel->sendRequest(QStringLiteral("GET"), QStringLiteral("http://127.0.0.1:%1/hello").arg(port));
        QVERIFY(received.wait(10'000));
        QCOMPARE(panel->responseView()->statusText(), QStringLiteral("No response"));
        QVERIFY2(panel->responseView()->errorText().contains(QStringLiteral("Connection refused")),
                 qPrintable(panel->responseView()->errorText()));
        QCOMPARE(panel->history()->rowCount(), 1);
        QCOMPARE(panel->history()->entry(0).status, 0);

        panel->sendRequest(QStringLiteral("GET"), QStringLiteral("http://"));
        QVERIFY(panel->responseView()->errorText().contains(QStringLiteral("no host")));
        panel->sendRequest(QStringLiteral("GET"), QStringLiteral("ftp://127.0.0.1/x"));
        QVERIFY(panel->responseView()->errorText().contains(QStringLiteral("http:// and https://")));
        panel->sendRequest(QStringLiteral("GET"), QString());
        QVERIFY(panel->responseView()->errorText().contains(QStringLiteral("Type a URL")));
        QCOMPARE(panel->history()->rowCount(), 1);

        // No answer in time.
        panel->setRequestTimeout(200);
        panel->sendRequest(QStringLiteral("GET"), base_ + QStringLiteral("/slow?ms=1500"));
        QVERIFY(received.wait(10'000));
        QVERIFY2(panel->responseView()->errorText().contains(QStringLiteral("Timeout")),
                 qPrintable(panel->responseView()->errorText()));
        panel->setRequestTimeout(30'000);

        // A path alone is taken relative to the base URL.
        panel->sendRequest(QStringLiteral("GET"), QStringLiteral("/hello"));
        QVERIFY(received.wait(10'000));
        QCOMPARE(panel->responseView()->bodyText(), QStringLiteral("hello"));
    }

    void destroyingThePanelWithARequestInFlight()
    {
        auto panel = makePanel();
        QSignalSpy received(panel.get(), &ClientPanel::responseReceived);
        QSignalSpy seen(panel.get(), &ClientPanel::requestSeen);
        panel->sendRequest(QStringLiteral("GET"), base_ + QStringLiteral("/slow?ms=200"));
        QCOMPARE(panel->pendingRequests(), 1);
        panel.reset();
        QCOMPARE(received.count(), 0);
        QCOMPARE(seen.count(), 0);
    }

    void setBaseUrlSetCookieAndResend()
    {
        auto panel = makePanel();
        panel->urlEdit()->setText(base_ + QStringLiteral("/home"));
        panel->setBaseUrl(QStringLiteral("http://127.0.0.1:1/"));
        QCOMPARE(panel->urlEdit()->text(), QStringLiteral("http://127.0.0.1:1/home"));
        panel->urlEdit()->setText(QStringLiteral("http://example.com/x"));
        panel->setBaseUrl(base_);
        QCOMPARE(panel->urlEdit()->text(), QStringLiteral("http://example.com/x")); // not the old base: kept

        QVERIFY(clickSend(*panel, QStringLiteral("/login")));
        const int row = panel->cookies()->findRow(QStringLiteral("session"));
        QVERIFY(row >= 0);
        // A tampered session cookie: the app starts a new, empty session.
        panel->setCookie(QStringLiteral("session"), QStringLiteral("tampered.value.sig"));
        QCOMPARE(panel->cookies()->rowCount(), 1);
        QCOMPARE(panel->cookies()->cookieAt(row).value(), QByteArray("tampered.value.sig"));
        QVERIFY(panel->cookies()->cookieAt(row).isHttpOnly());
        QVERIFY(clickSend(*panel, QStringLiteral("/home")));
        QVERIFY2(panel->responseView()->bodyText().contains(QStringLiteral("hello anonymous")),
                 qPrintable(panel->responseView()->bodyText()));
        panel->setCookie(QStringLiteral("other"), QStringLiteral("1"));
        QCOMPARE(panel->cookies()->rowCount(), 2);

        // Resend the login from the history (double-click), then /home works again.
        QSignalSpy received(panel.get(), &ClientPanel::responseReceived);
        QTableView *table = panel->historyView()->table();
        const QModelIndex login = panel->history()->index(0, ui::HistoryModel::UrlColumn);
        QCOMPARE(login.data().toString(), base_ + QStringLiteral("/login"));
        emit table->doubleClicked(login);
        QVERIFY(received.wait(10'000));
        QCOMPARE(panel->urlEdit()->text(), base_ + QStringLiteral("/login"));
        QCOMPARE(panel->history()->rowCount(), 3);
        QVERIFY(clickSend(*panel, QStringLiteral("/home")));
        QVERIFY(panel->responseView()->bodyText().contains(QStringLiteral("hello alex")));
    }

    void theJarIsKeptAcrossPanels()
    {
        {
            auto panel = makePanel();
            QVERIFY(clickSend(*panel, QStringLiteral("/login")));
            QSignalSpy saved(panel->cookiePersistence(), &ui::CookiePersistence::saved);
            QVERIFY(saved.wait(5000));
            QVERIFY(panel->cookieView()->statusText().contains(QStringLiteral("Saved 1 cookies")));
        }
        auto again = makePanel(false);
        QVERIFY2(again->cookieView()->statusText().contains(QStringLiteral("Loaded 1 cookies")),
                 qPrintable(again->cookieView()->statusText()));
        QVERIFY(again->cookies()->findRow(QStringLiteral("session")) >= 0);
        QVERIFY(clickSend(*again, QStringLiteral("/home")));
        QVERIFY(again->responseView()->bodyText().contains(QStringLiteral("hello alex")));
    }

    void aCorruptJarFileIsReportedInThePanel()
    {
        QFile file(ui::CookieJarModel::defaultFilePath());
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("garbage\n");
        file.close();
        auto panel = makePanel(false);
        QVERIFY2(panel->cookieView()->statusText().contains(QStringLiteral("line 1")),
                 qPrintable(panel->cookieView()->statusText()));
        QFile::remove(ui::CookieJarModel::defaultFilePath());
    }

    void sendConcurrentlyFromThePanel()
    {
        auto panel = makePanel();
        QVERIFY(clickSend(*panel, QStringLiteral("/login")));
        panel->urlEdit()->setText(base_ + QStringLiteral("/home"));
        ui::LoadTestView *load = panel->loadTestView();
        QCOMPARE(load->requestsBox()->value(), 1000);
        QCOMPARE(load->connectionsBox()->value(), 8);
        load->requestsBox()->setValue(300);
        load->connectionsBox()->setValue(4);
        QSignalSpy finished(load, &ui::LoadTestView::runFinished);
        panel->sendConcurrentlyAction()->trigger();
        QVERIFY(!load->startButton()->isEnabled());
        QVERIFY(load->cancelButton()->isEnabled());
        QVERIFY(finished.wait(30'000));
        const ui::LoadSummary s = load->lastSummary();
        QCOMPARE(s.statusCounts.value(200), 300);
        // The jar's session cookie went with every request: "hello alex\n" each time.
        QCOMPARE(s.bytesReceived, qint64(300) * 11);
        QVERIFY2(load->summaryText().contains(QStringLiteral("300 of 300 requests")),
                 qPrintable(load->summaryText()));
        QVERIFY(load->summaryText().contains(QStringLiteral("p99")));
        int bars = 0;
        for (int n : load->histogram()->counts())
            bars += n;
        QCOMPARE(bars, 300);
        QVERIFY(load->startButton()->isEnabled());

        // https is refused in words.
        panel->urlEdit()->setText(QStringLiteral("https://127.0.0.1:%1/hello").arg(server_->port()));
        QVERIFY(load->noteText().contains(QStringLiteral("http:// only")));
        QVERIFY(!panel->sendConcurrently());

        if (const QByteArray dir = qgetenv("RS_GRAB_DIR"); !dir.isEmpty()) {
            panel->urlEdit()->setText(base_ + QStringLiteral("/home"));
            panel->show();
            QTest::qWait(50); // let the offscreen window lay out before the grab (only when grabbing)
            panel->grab().save(QString::fromLocal8Bit(dir) + QStringLiteral("/client-concurrent.png"));
            QVERIFY(clickSend(*panel, QStringLiteral("/g")));
            panel->grab().save(QString::fromLocal8Bit(dir) + QStringLiteral("/client-response.png"));
            for (QTabWidget *tabs : panel->findChildren<QTabWidget *>()) {
                if (tabs->indexOf(panel->historyView()) >= 0)
                    tabs->setCurrentWidget(panel->historyView());
                if (tabs->indexOf(panel->cookieView()) >= 0)
                    tabs->setCurrentWidget(panel->cookieView());
            }
            panel->grab().save(QString::fromLocal8Bit(dir) + QStringLiteral("/client-history.png"));
            ui::CompareDialog *dialog = panel->compare(0, panel->history()->rowCount() - 1);
            dialog->resize(900, 420);
            dialog->grab().save(QString::fromLocal8Bit(dir) + QStringLiteral("/client-compare.png"));
        }
    }
};

QTEST_MAIN(ClientPanelTest)
#include "tst_client_panel.moc"
