// Import cURL and Copy as cURL in a real client panel, offscreen, against the demo app: a
// browser's command imported through the dialog fills the editors and is answered by /echo;
// errors stay in the dialog; -G data lands in the query; Copy as cURL (action, Ctrl+Shift+C,
// the history's context menu) puts the exact command on the clipboard; a copied command with
// the session cookie, imported after the jar was cleared, is still logged in.
#include "ClientPanelTestSupport.h"
#include "tests/support/DemoServer.h"
#include "ui/client/ClientPanel.h"
#include "ui/client/CookieJarModel.h"
#include "ui/client/CookiePersistence.h"
#include "ui/client/CurlImportDialog.h"
#include "ui/client/HistoryModel.h"
#include "ui/client/HistoryView.h"
#include "ui/client/KeyValueEditor.h"
#include "ui/client/ResponseView.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QClipboard>
#include <QComboBox>
#include <QFile>
#include <QGuiApplication>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QToolButton>
#include <QtTest>

using namespace rs;
using ui::ClientPanel;

class ClientCurlTest : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<test::DemoServer> server_;
    QString base_;

    std::unique_ptr<ClientPanel> makePanel() { return test::makeTestedPanel(base_); }

    static bool clickSendAndWait(ClientPanel &panel)
    {
        QSignalSpy received(&panel, &ClientPanel::responseReceived);
        QTest::mouseClick(panel.sendButton(), Qt::LeftButton);
        return received.wait(10'000);
    }

    static QStringList headerLines(const ClientPanel &panel)
    {
        QStringList out;
        for (const auto &[name, value] : panel.headerEditor()->pairs())
            out << name + QStringLiteral(": ") + value;
        return out;
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        server_ = std::make_unique<test::DemoServer>(QStringLiteral("client-curl-secret"));
        QVERIFY2(server_->started(), qPrintable(server_->error()));
        base_ = server_->baseUrl();
    }

    void cleanupTestCase()
    {
        server_.reset();
        QFile::remove(ui::CookieJarModel::defaultFilePath());
    }

    void aBrowserCommandIsImportedAndSent()
    {
        auto panel = makePanel();
        // As Chrome's "Copy as cURL (bash)" writes a fetch() POST.
        const QString command = QStringLiteral("curl '%1/echo' \\\n"
                                               "  -H 'accept: */*' \\\n"
                                               "  -H 'content-type: application/json' \\\n"
                                               "  -H 'x-trace: from-chrome' \\\n"
                                               "  --data-raw $'{\"msg\":\"it\\'s ok\",\"n\":1}' \\\n"
                                               "  --compressed")
                                    .arg(base_);
        QPointer<ui::CurlImportDialog> dialog = panel->openCurlImport();
        QVERIFY(dialog);
        QVERIFY(dialog->isVisible());
        dialog->textEdit()->setPlainText(command);
        QTest::mouseClick(dialog->importButton(), Qt::LeftButton);
        QTRY_VERIFY(!dialog || !dialog->isVisible());

        QCOMPARE(panel->methodBox()->currentText(), QStringLiteral("POST"));
        QCOMPARE(panel->urlEdit()->text(), base_ + QStringLiteral("/echo"));
        QCOMPARE(headerLines(*panel),
                 (QStringList{"accept: */*", "content-type: application/json", "x-trace: from-chrome",
                              "Accept-Encoding: deflate, gzip"}));
        QCOMPARE(panel->bodyEditor()->toPlainText(), QStringLiteral("{\"msg\":\"it's ok\",\"n\":1}"));

        QVERIFY(clickSendAndWait(*panel));
        QCOMPARE(panel->responseView()->statusText(), QStringLiteral("200 OK"));
        QVERIFY2(panel->responseView()->headersText().contains(QStringLiteral("application/json")),
                 qPrintable(panel->responseView()->headersText()));
        QVERIFY2(panel->responseView()->bodyText().contains(QStringLiteral("\"msg\": \"it's ok\"")),
                 qPrintable(panel->responseView()->bodyText()));
        const ui::HistoryEntry &sent = panel->history()->entry(0);
        QCOMPARE(sent.method, QStringLiteral("POST"));
        QCOMPARE(sent.requestBody, QByteArray("{\"msg\":\"it's ok\",\"n\":1}"));
        QVERIFY(sent.requestHeaders.contains(qMakePair(QByteArray("x-trace"), QByteArray("from-chrome"))));
    }

    void errorsStayInTheDialog()
    {
        auto panel = makePanel();
        const QString urlBefore = panel->urlEdit()->text();
        QPointer<ui::CurlImportDialog> dialog = panel->openCurlImport();
        dialog->textEdit()->setPlainText(QStringLiteral("curl %1/hello \\\n  --frobnicate").arg(base_));
        QTest::mouseClick(dialog->importButton(), Qt::LeftButton);
        QVERIFY(dialog);
        QVERIFY(dialog->isVisible());
        QVERIFY(!dialog->errorLabel()->isHidden());
        QVERIFY2(dialog->errorLabel()->text().contains(QStringLiteral("--frobnicate")),
                 qPrintable(dialog->errorLabel()->text()));
        QVERIFY2(dialog->errorLabel()->text().contains(QStringLiteral("line 2, column 3")),
                 qPrintable(dialog->errorLabel()->text()));
        // The cursor is put on the word.
        QCOMPARE(dialog->textEdit()->textCursor().position(), int(base_.size()) + 16);
        QCOMPARE(panel->urlEdit()->text(), urlBefore);

        // -d @file is refused with a reason, too.
        dialog->textEdit()->setPlainText(QStringLiteral("curl -d @body.json %1/echo").arg(base_));
        QVERIFY(dialog->errorLabel()->isHidden()); // editing hides the old message
        QTest::mouseClick(dialog->importButton(), Qt::LeftButton);
        QVERIFY(dialog->isVisible());
        QVERIFY2(dialog->errorLabel()->text().contains(QStringLiteral("@body.json")),
                 qPrintable(dialog->errorLabel()->text()));

        // Fixed, it imports; Cancel would have left everything as it was.
        dialog->textEdit()->setPlainText(QStringLiteral("curl -G %1/slow -d ms=5").arg(base_));
        QTest::mouseClick(dialog->importButton(), Qt::LeftButton);
        QTRY_VERIFY(!dialog || !dialog->isVisible());
        QCOMPARE(panel->methodBox()->currentText(), QStringLiteral("GET"));
        QCOMPARE(panel->urlEdit()->text(), base_ + QStringLiteral("/slow?ms=5"));
        QCOMPARE(panel->queryEditor()->pairs(), (ui::KeyValueEditor::Pairs{{"ms", "5"}}));
        QVERIFY(clickSendAndWait(*panel));
        QCOMPARE(panel->responseView()->bodyText(), QStringLiteral("slept 5 ms\n"));
    }

    void importCurlRefusesWithoutTouchingTheEditors()
    {
        auto panel = makePanel();
        panel->urlEdit()->setText(base_ + QStringLiteral("/g"));
        QString error;
        QVERIFY(!panel->importCurl(QStringLiteral("curl -b cookies.txt http://x/"), &error));
        QVERIFY2(error.contains(QStringLiteral("cookies.txt")), qPrintable(error));
        QCOMPARE(panel->urlEdit()->text(), base_ + QStringLiteral("/g"));
        // An unusual method is added to the method box, as curl would send it.
        QVERIFY(panel->importCurl(QStringLiteral("curl -X PROPFIND %1/hello").arg(base_), &error));
        QCOMPARE(panel->methodBox()->currentText(), QStringLiteral("PROPFIND"));
        QVERIFY(clickSendAndWait(*panel));
        QVERIFY2(panel->responseView()->statusText().startsWith(QStringLiteral("405")),
                 qPrintable(panel->responseView()->statusText()));
    }

    void copyAsCurlPutsTheCommandOnTheClipboard()
    {
        auto panel = makePanel();
        QClipboard *clipboard = QGuiApplication::clipboard();
        clipboard->clear();
        panel->methodBox()->setCurrentText(QStringLiteral("POST"));
        panel->urlEdit()->setText(base_ + QStringLiteral("/echo"));
        panel->headerEditor()->setPairs({{"X-Test", "it's"}});
        panel->bodyEditor()->setPlainText(QStringLiteral("a\nb"));
        const QString expected = QStringLiteral("curl '%1/echo' -H 'X-Test: it'\\''s' "
                                                "-H 'Content-Type: application/json' --data-raw $'a\\nb'")
                                     .arg(base_);
        QSignalSpy copied(panel.get(), &ClientPanel::curlCopied);
        panel->copyCurlAction()->trigger();
        QCOMPARE(clipboard->text(), expected);
        QCOMPARE(copied.count(), 1);

        // Ctrl+Shift+C from the URL field does the same.
        clipboard->clear();
        panel->show();
        QVERIFY(QTest::qWaitForWindowActive(panel.get()));
        panel->urlEdit()->setFocus();
        QTest::keyClick(panel->urlEdit(), Qt::Key_C, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(clipboard->text(), expected);

        // The copied line brings the same request back; the import dialog starts with it.
        panel->headerEditor()->setPairs({});
        panel->bodyEditor()->clear();
        QPointer<ui::CurlImportDialog> dialog = panel->openCurlImport();
        QCOMPARE(dialog->textEdit()->toPlainText(), expected);
        QTest::mouseClick(dialog->importButton(), Qt::LeftButton);
        QTRY_VERIFY(!dialog || !dialog->isVisible());
        QCOMPARE(headerLines(*panel), (QStringList{"X-Test: it's", "Content-Type: application/json"}));
        QCOMPARE(panel->bodyEditor()->toPlainText(), QStringLiteral("a\nb"));

        // A URL the client cannot send is explained, and the clipboard is left alone; a clipboard
        // that holds no curl command leaves the dialog empty.
        clipboard->setText(QStringLiteral("unchanged"));
        panel->urlEdit()->setText(QStringLiteral("ftp://example.com/x"));
        QVERIFY(!panel->copyAsCurl());
        QCOMPARE(clipboard->text(), QStringLiteral("unchanged"));
        QVERIFY2(panel->responseView()->errorText().contains(QStringLiteral("ftp")),
                 qPrintable(panel->responseView()->errorText()));
        dialog = panel->openCurlImport();
        QCOMPARE(dialog->textEdit()->toPlainText(), QString());
        dialog->reject();
    }

    void historyRowsAreCopiedFromTheContextMenu()
    {
        auto panel = makePanel();
        QClipboard *clipboard = QGuiApplication::clipboard();
        QVERIFY(
            panel->importCurl(QStringLiteral("curl %1/users/7 -H 'Accept: application/json'").arg(base_)));
        QVERIFY(clickSendAndWait(*panel));
        QVERIFY(panel->importCurl(
            QStringLiteral("curl %1/echo -H 'Content-Type: text/plain' --data-raw 'Grüße 🚀'").arg(base_)));
        QVERIFY(clickSendAndWait(*panel));
        QCOMPARE(panel->history()->rowCount(), 2);
        QCOMPARE(panel->responseView()->bodyText(), QStringLiteral("Grüße 🚀"));

        clipboard->clear();
        std::unique_ptr<QMenu> menu(panel->historyView()->contextMenuFor(1));
        QAction *copy = nullptr;
        for (QAction *a : menu->actions())
            if (a->text() == QStringLiteral("Copy as cURL"))
                copy = a;
        QVERIFY(copy);
        copy->trigger();
        QCOMPARE(
            clipboard->text(),
            QStringLiteral("curl '%1/echo' -H 'Content-Type: text/plain' --data-raw 'Grüße 🚀'").arg(base_));

        // Ctrl+Shift+C with the history table focused copies its selected row, not the editors
        // (which still hold the /echo request).
        panel->show();
        QVERIFY(QTest::qWaitForWindowActive(panel.get()));
        QTableView *table = panel->historyView()->table();
        table->selectRow(0);
        table->setFocus();
        QTRY_VERIFY(table->hasFocus());
        QTest::keyClick(table, Qt::Key_C, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(clipboard->text(),
                 QStringLiteral("curl '%1/users/7' -H 'Accept: application/json'").arg(base_));
    }

    void aCopiedSessionCookieStillLogsIn()
    {
        auto panel = makePanel();
        panel->methodBox()->setCurrentText(QStringLiteral("GET"));
        panel->urlEdit()->setText(base_ + QStringLiteral("/login"));
        QVERIFY(clickSendAndWait(*panel));
        QVERIFY(panel->cookies()->findRow(QStringLiteral("session"), QStringLiteral("127.0.0.1")) >= 0);

        // The copy carries the jar's cookie, as the client would send it.
        panel->urlEdit()->setText(base_ + QStringLiteral("/home"));
        QVERIFY(panel->copyAsCurl());
        const QString line = QGuiApplication::clipboard()->text();
        QVERIFY2(line.contains(QStringLiteral("-H 'Cookie: session=")), qPrintable(line));

        // Without the jar, the imported Cookie header alone keeps the session.
        panel->cookies()->clear();
        QCOMPARE(panel->cookies()->rowCount(), 0);
        QString error;
        QVERIFY2(panel->importCurl(line, &error), qPrintable(error));
        QVERIFY(clickSendAndWait(*panel));
        QVERIFY2(panel->responseView()->bodyText().contains(QStringLiteral("hello alex")),
                 qPrintable(panel->responseView()->bodyText()));
    }
};

QTEST_MAIN(ClientCurlTest)
#include "tst_client_curl.moc"
