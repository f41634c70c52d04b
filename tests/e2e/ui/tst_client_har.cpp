// HAR export and import in a real client panel, offscreen, against the demo engine whose events
// feed a RequestStore: each entry's `_requestscope` carries that request's phases, session save
// decision and reason (the cart's in-place change explained), store ops and errors; a request the
// store no longer keeps has its id only; the file imports into a fresh panel as the same history;
// the actions, their file dialogs and the redact box; a damaged file is explained under the table.
#include "ClientPanelTestSupport.h"
#include "tests/support/DemoServer.h"
#include "tests/support/EventRecorder.h"
#include "ui/client/ClientPanel.h"
#include "ui/client/CookieJarModel.h"
#include "ui/client/CookiePersistence.h"
#include "ui/client/HistoryModel.h"
#include "ui/client/HistoryView.h"
#include "ui/models/RequestStore.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QFileDialog>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QToolButton>
#include <QtTest>

using namespace rs;
using ui::ClientPanel;

class ClientHarTest : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<test::EventRecorder> recorder_;
    std::unique_ptr<test::DemoServer> server_;
    QString base_;
    QTemporaryDir dir_;

    std::unique_ptr<ClientPanel> makePanel() { return test::makeTestedPanel(base_); }

    static bool send(ClientPanel &panel, const QString &method, const QString &url, const QString &body = {})
    {
        panel.methodBox()->setCurrentText(method);
        panel.urlEdit()->setText(url);
        panel.bodyEditor()->setPlainText(body);
        QSignalSpy received(&panel, &ClientPanel::responseReceived);
        QTest::mouseClick(panel.sendButton(), Qt::LeftButton);
        return received.wait(10'000);
    }

    // True once every id in `ids` has its request.end among the recorded events.
    bool ended(const QList<quint64> &ids)
    {
        int n = 0;
        for (const trace::Event &e : recorder_->events())
            n += e.kind == trace::EventKind::RequestEnd && ids.contains(e.req) ? 1 : 0;
        return n == ids.size();
    }

    static QJsonArray entriesOf(const QString &path)
    {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return {};
        return QJsonDocument::fromJson(file.readAll())[QStringLiteral("log")][QStringLiteral("entries")]
            .toArray();
    }

    static QJsonObject phaseNamed(const QJsonArray &phases, const QString &phase)
    {
        for (const QJsonValue &p : phases)
            if (p[QStringLiteral("phase")].toString() == phase)
                return p.toObject();
        return {};
    }

private slots:
    void initTestCase()
    {
        QVERIFY(dir_.isValid());
        QStandardPaths::setTestModeEnabled(true);
        recorder_ = std::make_unique<test::EventRecorder>();
        server_ = std::make_unique<test::DemoServer>(QStringLiteral("client-har-secret"));
        QVERIFY2(server_->started(), qPrintable(server_->error()));
        base_ = server_->baseUrl();
    }

    void cleanupTestCase()
    {
        server_.reset();
        QFile::remove(ui::CookieJarModel::defaultFilePath());
    }

    void theLifecycleGoesUnderRequestscope()
    {
        auto panel = makePanel();
        ui::RequestStore store;
        panel->setRequestStore(&store);
        QVERIFY(send(*panel, QStringLiteral("GET"), base_ + QStringLiteral("/login")));
        QVERIFY(send(*panel, QStringLiteral("GET"), base_ + QStringLiteral("/cart/add/x")));
        QVERIFY(send(*panel, QStringLiteral("GET"), base_ + QStringLiteral("/cart/add/y")));
        QVERIFY(send(*panel, QStringLiteral("POST"), base_ + QStringLiteral("/echo"),
                     QStringLiteral("{\"n\": 1}")));
        QCOMPARE(panel->history()->rowCount(), 4);
        QList<quint64> ids;
        for (int row = 0; row < 4; ++row)
            ids << panel->history()->entry(row).requestId;
        QVERIFY(!ids.contains(0));
        QTRY_VERIFY_WITH_TIMEOUT(ended(ids), 5000);
        store.applyEvents(recorder_->events());

        const QString path = dir_.filePath(QStringLiteral("lifecycle.har"));
        QString error;
        QVERIFY2(panel->exportHar(path, false, &error), qPrintable(error));
        const QJsonArray entries = entriesOf(path);
        QCOMPARE(entries.size(), 4);
        for (int row = 0; row < 4; ++row) {
            const QJsonObject custom = entries[row][QStringLiteral("_requestscope")].toObject();
            const ui::RequestRecord *record = store.find(ids[row]);
            QVERIFY(record);
            QCOMPARE(custom[QStringLiteral("id")].toInteger(), qint64(ids[row]));
            QCOMPARE(custom[QStringLiteral("status")].toInt(), panel->history()->entry(row).status);
            // Every phase the engine ran, with its duration.
            const QJsonArray phases = custom[QStringLiteral("phases")].toArray();
            QCOMPARE(phases.size(), qsizetype(record->phases.size()));
            const QJsonObject view = phaseNamed(phases, QStringLiteral("view"));
            QVERIFY2(!view.isEmpty(), QJsonDocument(custom).toJson().constData());
            QVERIFY(view[QStringLiteral("dur_us")].toDouble() >= 0);
            QVERIFY(view[QStringLiteral("start_us")].toDouble() >= 0);
            const QJsonObject session = custom[QStringLiteral("session")].toObject();
            QCOMPARE(session[QStringLiteral("decision")].toString(), record->saveDecision);
            QCOMPARE(session[QStringLiteral("reason")].toString(), record->saveReason);
            QCOMPARE(session[QStringLiteral("explanation")].toString(), record->saveExplanation());
            QVERIFY(custom[QStringLiteral("store")].isArray());
            QVERIFY(custom[QStringLiteral("errors")].isArray());
        }
        // /login writes the session; /cart/add/y changes the cart in place and is not saved.
        const QJsonObject login =
            entries[0][QStringLiteral("_requestscope")][QStringLiteral("session")].toObject();
        QCOMPARE(login[QStringLiteral("decision")].toString(), QStringLiteral("set_cookie"));
        QVERIFY(!login[QStringLiteral("reason")].toString().isEmpty());
        const QJsonObject cartY =
            entries[2][QStringLiteral("_requestscope")][QStringLiteral("session")].toObject();
        QCOMPARE(cartY[QStringLiteral("decision")].toString(), QStringLiteral("skip"));
        QCOMPARE(cartY[QStringLiteral("unsaved_change")].toBool(), true);
        QVERIFY2(cartY[QStringLiteral("explanation")].toString().contains(QStringLiteral("only in place")),
                 qPrintable(cartY[QStringLiteral("explanation")].toString()));

        // Once the store has dropped them, the entries name the engine's requests only.
        store.clear();
        QVERIFY(panel->exportHar(path, false));
        const QJsonArray bare = entriesOf(path);
        QCOMPARE(bare[1][QStringLiteral("_requestscope")].toObject(), (QJsonObject{{"id", double(ids[1])}}));
        QVERIFY(panel->historyView()->noticeLabel()->text().contains(QStringLiteral("Exported 4 requests")));

        // The same history in a fresh panel.
        auto other = makePanel();
        const ui::HistoryHar::ReadResult read = other->importHar(path);
        QVERIFY2(read.problems.isEmpty(), qPrintable(read.problems.join(QLatin1Char('\n'))));
        QCOMPARE(other->history()->rowCount(), 4);
        for (int row = 0; row < 4; ++row) {
            const ui::HistoryEntry &a = panel->history()->entry(row);
            const ui::HistoryEntry &b = other->history()->entry(row);
            QCOMPARE(b.method, a.method);
            QCOMPARE(b.url, a.url);
            QCOMPARE(b.requestHeaders, a.requestHeaders);
            QCOMPARE(b.requestBody, a.requestBody);
            QCOMPARE(b.status, a.status);
            QCOMPARE(b.responseHeaders, a.responseHeaders);
            QCOMPARE(b.body, a.body);
            QCOMPARE(b.bodyBytes, a.bodyBytes);
        }
        QCOMPARE(other->history()->entry(3).requestBody, QByteArray("{\"n\": 1}"));
        QVERIFY(
            other->historyView()->noticeLabel()->text().startsWith(QStringLiteral("Imported 4 requests")));
    }

    void theActionsOpenTheDialogs()
    {
        auto panel = makePanel();
        panel->show();
        QVERIFY(send(*panel, QStringLiteral("GET"), base_ + QStringLiteral("/login")));
        QVERIFY(send(*panel, QStringLiteral("GET"), base_ + QStringLiteral("/home")));
        const QByteArray sessionCookie = panel->history()->entry(0).responseHeader("Set-Cookie");
        QVERIFY(sessionCookie.startsWith("session="));

        // Both actions are in the history's HAR button and in its context menu.
        QVERIFY(panel->historyView()->harButton()->menu()->actions().contains(panel->exportHarAction()));
        QVERIFY(panel->historyView()->harButton()->menu()->actions().contains(panel->importHarAction()));
        std::unique_ptr<QMenu> menu(panel->historyView()->contextMenuFor(-1));
        QCOMPARE(menu->actions(), (QList<QAction *>{panel->exportHarAction(), panel->importHarAction()}));

        // Export, with the redact box left ticked.
        panel->exportHarAction()->trigger();
        QPointer<QFileDialog> save = panel->findChild<QFileDialog *>();
        QVERIFY(save);
        QTRY_VERIFY(save->isVisible());
        auto *redact = save->findChild<QCheckBox *>(QStringLiteral("redactBox"));
        QVERIFY(redact);
        QVERIFY(redact->isChecked());
        const QString path = dir_.filePath(QStringLiteral("dialog.har"));
        save->selectFile(path);
        static_cast<QDialog *>(save.data())->accept(); // as the Save button does
        QTRY_VERIFY(!save);
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray har = file.readAll();
        const QByteArray value = sessionCookie.mid(8, sessionCookie.indexOf(';') - 8);
        QVERIFY(value.size() > 10);
        QVERIFY2(!har.contains(value), har.constData());
        QVERIFY(har.contains("[redacted]"));
        QVERIFY2(panel->historyView()->noticeLabel()->text().contains(QStringLiteral("redacted")),
                 qPrintable(panel->historyView()->noticeLabel()->text()));

        // Import it back through the other action: appended to the history.
        panel->importHarAction()->trigger();
        QPointer<QFileDialog> open = panel->findChild<QFileDialog *>();
        QVERIFY(open);
        open->selectFile(path);
        static_cast<QDialog *>(open.data())->accept();
        QTRY_VERIFY(!open);
        QCOMPARE(panel->history()->rowCount(), 4);
        QCOMPARE(panel->history()->entry(2).url, panel->history()->entry(0).url);
        QCOMPARE(panel->history()->entry(2).responseHeader("Set-Cookie"), QByteArray("[redacted]"));

        // A damaged file: nothing appended, the problem named under the table.
        const QString bad = dir_.filePath(QStringLiteral("bad.har"));
        QFile badFile(bad);
        QVERIFY(badFile.open(QIODevice::WriteOnly));
        badFile.write(R"({"log": {"entries": [{"startedDateTime": "2024-01-01T00:00:00.000Z",
                      "request": {"method": "GET"}, "response": {"status": 200}}]}})");
        badFile.close();
        const ui::HistoryHar::ReadResult read = panel->importHar(bad);
        QCOMPARE(read.entries.size(), 0);
        QCOMPARE(panel->history()->rowCount(), 4);
        QLabel *notice = panel->historyView()->noticeLabel();
        QVERIFY(notice->isVisible());
        QVERIFY2(notice->text().contains(QStringLiteral("log.entries[0].request.url: missing")),
                 qPrintable(notice->text()));
        QVERIFY2(notice->text().startsWith(QStringLiteral("Imported 0 of 1 requests")),
                 qPrintable(notice->text()));

        // A file that cannot be written is said so too.
        QString error;
        QVERIFY(!panel->exportHar(dir_.filePath(QStringLiteral("no/such/dir/x.har")), false, &error));
        QVERIFY2(error.startsWith(QStringLiteral("Could not write")), qPrintable(error));
        QCOMPARE(notice->text(), error);
    }
};

QTEST_MAIN(ClientHarTest)
#include "tst_client_har.moc"
