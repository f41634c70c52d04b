// The SQLite store when its writes fail (issue 7, "Load and faults"; the filesystem store's
// faults are tst_store_write_faults):
//   - another process (here: another connection) holds the write lock: BEGIN IMMEDIATE, as a
//     migration or a `sqlite3` shell left open would. Writers wait the busy timeout (5 s), then
//     get "database is locked"; in WAL mode readers are not blocked;
//   - a file-size limit of 0 bytes (RLIMIT_FSIZE): SQLite's write to the WAL fails with EFBIG.
// (Making the files read-only is no fault here: each worker's connection has them open for
// writing already, and SQLite goes on writing through it — tried as a non-root user.)
// Under each fault, 4 clients at once: a new session and a change to a saved one are refused with
// 503 naming the store, the file and SQLite's message, no session cookie, an `error` event and no
// set_cookie decision; /noop still answers 200. A page that only reads its session is refused too
// while SESSION_REFRESH_EACH_REQUEST is on (Flask's default: a permanent session is written again
// on every request), and answers when it is off. Once the fault is gone, the session saved before
// it is unchanged and writes work again on the same connections.
#include "core/session/store/SqliteSessionStore.h"
#include "tests/e2e/session/CheckedEvents.h"
#include "tests/e2e/session/FaultClients.h"
#include "tests/e2e/session/FileSizeLimit.h"
#include "tests/e2e/session/ScopedFault.h"
#include "tests/e2e/session/ServerSideTestSupport.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QtTest>

#include <csignal>
#include <thread>
#include <vector>

using namespace rs;
using test::FaultAnswer;
using test::FaultRequest;
using test::getWithSession;
using test::ServerSideEngine;
using test::TestResponse;

namespace {
enum class Fault { LockedByAnotherWriter, SizeLimitZero };

const QString kBlocker = QStringLiteral("tst-sqlite-faults-blocker");

test::ScopedFault makeFault(Fault fault, const QString &file, test::FileSizeLimit &sizeLimit)
{
    switch (fault) {
    case Fault::LockedByAnotherWriter:
        return {[=](QString *error) {
                    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), kBlocker);
                    db.setDatabaseName(file);
                    if (!db.open()) {
                        *error = db.lastError().text();
                        return false;
                    }
                    QSqlQuery q(db);
                    if (!q.exec(QStringLiteral("BEGIN IMMEDIATE"))) {
                        *error = q.lastError().text();
                        return false;
                    }
                    return true;
                },
                [] {
                    {
                        QSqlDatabase db = QSqlDatabase::database(kBlocker, false);
                        QSqlQuery(db).exec(QStringLiteral("ROLLBACK"));
                        db.close();
                    }
                    QSqlDatabase::removeDatabase(kBlocker); // once no QSqlDatabase refers to it
                }};
    case Fault::SizeLimitZero:
        return {[&sizeLimit](QString *error) { return sizeLimit.set(0, error); },
                [&sizeLimit] { sizeLimit.restore(); }};
    }
    Q_UNREACHABLE();
}
} // namespace

class StoreSqliteFaultsTest : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QString error;
        if (!SqliteSessionStore::driverAvailable(&error))
            QSKIP(qPrintable(error));
        // As `requestscope serve` does: a file-size limit fails the write (EFBIG) instead of
        // killing the process.
        std::signal(SIGXFSZ, SIG_IGN);
    }

    void writeFails_data()
    {
        QTest::addColumn<int>("fault");
        QTest::addColumn<QStringList>("sqliteErrors"); // SQLite's message: one of these
        // Off: a request that only reads its session writes nothing, so under a fault that stops
        // only writers it still answers. On (Flask's default): a permanent session is written
        // again on every request, so every page that touches the session needs the write.
        QTest::addColumn<bool>("refreshEachRequest");
        const QStringList locked{QStringLiteral("database is locked")};
        QTest::newRow("locked by another writer (BEGIN IMMEDIATE)")
            << int(Fault::LockedByAnotherWriter) << locked << true;
        QTest::newRow("locked by another writer, SESSION_REFRESH_EACH_REQUEST off")
            << int(Fault::LockedByAnotherWriter) << locked << false;
        QTest::newRow("file-size limit 0 (EFBIG)")
            << int(Fault::SizeLimitZero)
            << QStringList{QStringLiteral("disk I/O error"), QStringLiteral("database or disk is full")}
            << true;
    }

    void writeFails()
    {
        QFETCH(int, fault);
        QFETCH(QStringList, sqliteErrors);
        QFETCH(bool, refreshEachRequest);
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        const QString file = tmp.filePath(QStringLiteral("sessions.sqlite3"));
        QString error;
        ServerSideEngine engine(std::make_shared<SqliteSessionStore>(file));
        engine.app().config().set(QStringLiteral("SESSION_REFRESH_EACH_REQUEST"), refreshEachRequest);
        QVERIFY2(engine.start(&error), qPrintable(error));
        test::CheckedEvents events;

        // A session saved before the fault, and every worker's connection opened (4 threads).
        TestResponse r = getWithSession(engine.port(), "/set/n/1");
        QCOMPARE(r.status, 200);
        const QByteArray sid = test::sessionCookie(r)->value;
        {
            std::vector<std::thread> warm;
            for (int t = 0; t < 8; ++t)
                warm.emplace_back([&] { (void)getWithSession(engine.port(), "/get/n", sid); });
            for (std::thread &w : warm)
                w.join();
        }
        QCOMPARE(getWithSession(engine.port(), "/get/n", sid).body, QByteArray("1"));

        // The fault, and 4 clients at once, each: a new session, a change to the saved one, a read
        // of the saved one, /noop. Checked once the fault is gone (a file-size limit would also
        // stop this test's log).
        std::vector<FaultAnswer> answers;
        {
            test::FileSizeLimit sizeLimit;
            test::ScopedFault scope = makeFault(Fault(fault), file, sizeLimit);
            QVERIFY2(scope.on(&error), qPrintable(error));
            answers = test::runFaultClients(
                engine.port(), 4,
                [&](int t) {
                    return std::vector<FaultRequest>{{"/set/user/u" + QByteArray::number(t), {}},
                                                     {"/set/n/" + QByteArray::number(100 + t), sid},
                                                     {"/get/n", sid},
                                                     {"/noop", {}}};
                },
                30000); // a locked database answers after the 5 s busy timeout
        }

        const QByteArray reason = "The session store (sqlite at " + file.toUtf8() + ") is unavailable: ";
        int refused = 0;
        for (const FaultAnswer &a : answers) {
            const QByteArray what = a.target + " → " + QByteArray::number(a.status) + ": " + a.body.left(400);
            if (a.target == "/noop") {
                QVERIFY2(a.status == 200, what.constData());
                continue;
            }
            const auto namesTheError = [&] {
                bool named = false;
                for (const QString &e : sqliteErrors)
                    named = named || a.body.contains(reason + e.toUtf8());
                return named;
            };
            if (a.target == "/get/n" && !refreshEachRequest) {
                // Nothing to write, and WAL readers do not wait for the writer's lock.
                QVERIFY2(a.status == 200 && a.body == "1" && !a.setsCookie, what.constData());
                continue;
            }
            QVERIFY2(a.status == 503, what.constData());
            QVERIFY2(!a.setsCookie, what.constData());
            QVERIFY2(namesTheError(), what.constData());
            ++refused;
        }
        const int writes = refreshEachRequest ? 3 : 2; // /get/n refreshes the permanent session
        QCOMPARE(refused, 4 * writes);

        // The failed writes changed nothing, and writing works again.
        QCOMPARE(getWithSession(engine.port(), "/get/n", sid).body, QByteArray("1"));
        r = getWithSession(engine.port(), "/set/n/2", sid);
        QCOMPARE(r.status, 200);
        QVERIFY(test::sessionCookie(r));
        QCOMPARE(getWithSession(engine.port(), "/get/n", sid).body, QByteArray("2"));
        for (int i = 0; i < 8; ++i) { // on several workers' connections
            r = getWithSession(engine.port(), "/set/user/after" + QByteArray::number(i));
            QCOMPARE(r.status, 200);
            const QByteArray newSid = test::sessionCookie(r)->value;
            QCOMPARE(getWithSession(engine.port(), "/get/user", newSid).body,
                     "after" + QByteArray::number(i));
        }

        events.finish();
        const auto &check = events.check;
        qInfo("events: %s", qPrintable(check->describe()));
        QCOMPARE(events.dropped(), quint64(0));
        std::lock_guard lock(check->mutex);
        QVERIFY2(check->unsavedSetCookie == 0, qPrintable(check->examples.join("; ")));
        QVERIFY2(check->answered503WithoutError == 0, qPrintable(check->examples.join("; ")));
        QCOMPARE(check->answered503, 4 * writes);
    }
};

QTEST_GUILESS_MAIN(StoreSqliteFaultsTest)
#include "tst_store_sqlite_faults.moc"
