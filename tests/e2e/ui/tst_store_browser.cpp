// The store browser, offscreen, against real stores this test starts itself (redis-server on a
// free loopback port, a temp directory, a temp SQLite file): sessions written through the real
// store classes and by a real engine are listed with their values, a TTL that counts down and the
// requests that wrote them; Delete removes a record from the store; a store that cannot be
// listed or reached says so in the widget.
#include "tests/e2e/session/ServerSideTestSupport.h"
#include "tests/support/EventRecorder.h"
#include "ui/models/RequestStore.h"
#include "ui/session/StoreBrowser.h"

#include <QDir>
#include <QLabel>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTableView>
#include <QtTest>

using namespace rs;
using rs::ui::StoreBrowser;
using rs::ui::StoreRecordModel;

namespace {
constexpr int kWaitMs = 10000;

QString cell(StoreRecordModel *m, const QByteArray &key, int column, int role = Qt::DisplayRole)
{
    const int row = m->rowOfKey(key);
    return row < 0 ? QString() : m->index(row, column).data(role).toString();
}

qint64 ttlLeft(StoreRecordModel *m, const QByteArray &key)
{
    const int row = m->rowOfKey(key);
    return row < 0 ? -100 : m->index(row, 0).data(StoreRecordModel::TtlLeftRole).toLongLong();
}
} // namespace

class StoreBrowserTest : public QObject {
    Q_OBJECT

    test::StoreBackends backends_;

    // The row's store and the address the browser is given for it.
    std::shared_ptr<SessionStore> make(QString *address)
    {
        QFETCH(QString, backend);
        QString why;
        std::shared_ptr<SessionStore> store = backends_.make(backend, &why);
        if (!store)
            return nullptr;
        store->ping(); // as the engine does at start (SQLite creates its file)
        *address = backend == QLatin1String("redis")
                       ? QStringLiteral("redis://127.0.0.1:%1/0").arg(backends_.redis().port())
                       : store->where();
        return store;
    }

private slots:
    void initTestCase() { backends_.startAll(); }

    void listsCountsDownAndDeletes_data()
    {
        QTest::addColumn<QString>("backend");
        for (const char *name : {"redis", "filesystem", "sqlite"})
            QTest::newRow(name) << QString::fromLatin1(name);
    }
    void listsCountsDownAndDeletes()
    {
        QFETCH(QString, backend);
        QString address;
        std::shared_ptr<SessionStore> store = make(&address);
        if (!store)
            QSKIP("backend not available here");
        // Redis outlives the rows: start from an empty database.
        for (const SessionStore::ListedRecord &r : store->list("", -1))
            store->remove(r.key);
        store->set("session:alpha", R"({"user":"alex"})", 120);
        store->set("session:beta", R"({"pair":{" t":[1,2]},"user":"bob"})", 3600);
        store->set("other:gamma", R"({})", 100);

        ui::RequestStore requests;
        StoreBrowser browser(&requests);
        browser.resize(900, 500);
        StoreRecordModel *model = browser.model();
        new QAbstractItemModelTester(model, QAbstractItemModelTester::FailureReportingMode::Fatal, model);
        browser.setBackend(backend, address);
        QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 2, kWaitMs);
        QVERIFY2(!browser.hasError(), qPrintable(browser.statusText()));
        QVERIFY2(browser.statusText().startsWith(QStringLiteral("2 sessions in %1").arg(backend)),
                 qPrintable(browser.statusText()));
        QCOMPARE(cell(model, "session:alpha", StoreRecordModel::SidColumn), QStringLiteral("alpha"));
        QCOMPARE(cell(model, "session:alpha", StoreRecordModel::ValueColumn),
                 QStringLiteral("{'user': 'alex'}"));
        QCOMPARE(cell(model, "session:beta", StoreRecordModel::ValueColumn),
                 QStringLiteral("{'pair': (1, 2), 'user': 'bob'}"));
        QCOMPARE(cell(model, "session:alpha", StoreRecordModel::SizeColumn), QStringLiteral("15 B"));

        // The TTL is shown and counts down by itself.
        const qint64 first = ttlLeft(model, "session:alpha");
        QVERIFY2(first > 100 && first <= 121, qPrintable(QString::number(first)));
        const QString shown = cell(model, "session:alpha", StoreRecordModel::TtlColumn);
        QVERIFY2(QRegularExpression(QStringLiteral("^[12]:[0-5][0-9]$")).match(shown).hasMatch(),
                 qPrintable(shown));
        QTRY_VERIFY_WITH_TIMEOUT(ttlLeft(model, "session:alpha") < first, 4000);
        QTRY_VERIFY_WITH_TIMEOUT(cell(model, "session:alpha", StoreRecordModel::TtlColumn) != shown, 4000);
        QVERIFY(ttlLeft(model, "session:beta") > 3500);

        // A real engine over the same store writes a session: listed, with the request that wrote it.
        test::EventRecorder recorder;
        test::ServerSideEngine engine(store, 1);
        QString error;
        QVERIFY2(engine.start(&error), qPrintable(error));
        test::TestHttpClient client(engine.port());
        const test::TestResponse r = client.get("/set/user/carol");
        QCOMPARE(r.status, 200);
        const auto cookie = test::sessionCookie(r);
        QVERIFY(cookie);
        const QByteArray carol = "session:" + cookie->value;
        QTRY_VERIFY_WITH_TIMEOUT(!requestEnds(recorder).isEmpty(), kWaitMs);
        requests.applyEvents(recorder.events());
        QCOMPARE(requests.count(), 1);
        const quint64 id = requests.at(0).id;
        browser.refresh();
        QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 3, kWaitMs);
        QTRY_COMPARE_WITH_TIMEOUT(cell(model, carol, StoreRecordModel::RequestsColumn),
                                  QStringLiteral("#%1 wrote").arg(id), kWaitMs);
        QCOMPARE(cell(model, carol, StoreRecordModel::ValueColumn),
                 QStringLiteral("{'_permanent': True, 'user': 'carol'}"));

        // Delete the selected session: gone from the store, then from the list.
        auto *table = browser.findChild<QTableView *>(QStringLiteral("records"));
        auto *del = browser.findChild<QPushButton *>(QStringLiteral("delete"));
        QVERIFY(!del->isEnabled());
        table->selectRow(model->rowOfKey("session:alpha"));
        QVERIFY(del->isEnabled());
        QSignalSpy deleted(&browser, &StoreBrowser::deleted);
        QTest::mouseClick(del, Qt::LeftButton);
        QVERIFY(deleted.wait(kWaitMs));
        QCOMPARE(deleted.at(0).at(0).toInt(), 1);
        QCOMPARE(deleted.at(0).at(1).toString(), QString());
        QCOMPARE(store->get("session:alpha").status, SessionStore::Record::Status::Missing);
        QTRY_COMPARE_WITH_TIMEOUT(model->rowOfKey("session:alpha"), -1, kWaitMs);
        QCOMPARE(model->rowCount(), 2);
        QCOMPARE(store->get("session:beta").status, SessionStore::Record::Status::Found);

        // Written behind its back: auto-refresh picks it up.
        store->set("session:delta", "{}", 60);
        QTRY_VERIFY_WITH_TIMEOUT(model->rowOfKey("session:delta") >= 0, StoreBrowser::kAutoRefreshMs * 3);

        if (backend == QLatin1String("redis")) {
            const QString dir = qEnvironmentVariable("RS_GRAB_DIR");
            table->selectRow(model->rowOfKey(carol));
            browser.show();
            QVERIFY(QTest::qWaitForWindowExposed(&browser));
            const QPixmap pixmap = browser.grab();
            QVERIFY(!pixmap.isNull());
            if (!dir.isEmpty())
                QVERIFY(pixmap.save(dir + QStringLiteral("/store_browser.png")));
        }
        store->remove(carol);
        store->remove("session:beta");
        store->remove("session:delta");
        store->remove("other:gamma");
    }

    void unreachableAndUnlistableStoresSaySo()
    {
        StoreBrowser browser(nullptr);
        auto *table = browser.findChild<QTableView *>(QStringLiteral("records"));

        QSignalSpy listed(&browser, &StoreBrowser::listed);
        browser.setBackend(QStringLiteral("redis"),
                           QStringLiteral("redis://127.0.0.1:%1/0").arg(test::FreePort::find()));
        QVERIFY(listed.wait(kWaitMs));
        QVERIFY(browser.hasError());
        QVERIFY2(browser.statusText().contains(QStringLiteral("redis at 127.0.0.1:")),
                 qPrintable(browser.statusText()));
        QCOMPARE(browser.model()->rowCount(), 0);

        QTemporaryDir tmp;
        browser.setBackend(QStringLiteral("filesystem"), tmp.filePath(QStringLiteral("nowhere")));
        QVERIFY(listed.wait(kWaitMs));
        QVERIFY(browser.hasError());
        QVERIFY2(browser.statusText().contains(QStringLiteral("does not exist")),
                 qPrintable(browser.statusText()));
        QVERIFY(!QFileInfo::exists(tmp.filePath(QStringLiteral("nowhere")))); // a browser creates nothing

        browser.setBackend(QStringLiteral("redis"), QStringLiteral("http://nope"));
        QVERIFY(browser.hasError());
        QVERIFY(browser.statusText().contains(QStringLiteral("is not a Redis URL")));

        browser.setBackend(QStringLiteral("memcached"), QStringLiteral("127.0.0.1:11211"));
        QVERIFY(browser.statusText().startsWith(QStringLiteral("memcached cannot list its keys")));
        QVERIFY(!table->isEnabled());

        SessionBackendSettings cookie;
        browser.setBackend(cookie);
        QVERIFY(browser.statusText().contains(QStringLiteral("signed cookies")));
        QVERIFY(!table->isEnabled());
    }

private:
    static QList<QVariantMap> requestEnds(test::EventRecorder &recorder)
    {
        QList<QVariantMap> out;
        for (const trace::Event &e : recorder.events())
            if (e.kind == trace::EventKind::RequestEnd)
                out.append(e.toMap());
        return out;
    }
};

QTEST_MAIN(StoreBrowserTest)
#include "tst_store_browser.moc"
