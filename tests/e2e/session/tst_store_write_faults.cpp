// The filesystem store when its writes fail (issue 7, "Load and faults"; tests/load/
// session_dir_faults.sh adds a full tmpfs and an immutable directory, which need root):
//   - the directory replaced by a regular file (ENOTDIR: works for root too, unlike chmod);
//   - the directory read-only by its mode (EACCES; skipped as root, whom chmod does not stop);
//   - a file-size limit of 0 bytes (RLIMIT_FSIZE: EFBIG on the first byte);
//   - a file-size limit of 10 bytes: the write is cut short. Before the fix, Qt's QSaveFile
//     flushed the cut file in commit(), ignored the failure and renamed it over the record: the
//     request was answered 200 with Set-Cookie and the session was lost;
//   - the directory turning immutable (chattr +i) again and again while 4 threads write straight
//     to the store: every failure must name the system's reason. Qt 6.4's QSaveFile::commit()
//     words a failed rename only "Unknown error" (needs root; skipped otherwise).
// Under each fault, 4 clients at once: a new session and a saved one cannot be written — 503
// naming the store, the file and the system's error, no session cookie, an `error` event, no
// set_cookie decision — while /noop still answers 200. Once the fault is gone, the session saved
// before it is unchanged, writes work again, and no temporary or cut file is left.
#include "tests/e2e/session/CheckedEvents.h"
#include "tests/e2e/session/FaultClients.h"
#include "tests/e2e/session/FileSizeLimit.h"
#include "tests/e2e/session/ScopedFault.h"
#include "tests/e2e/session/ServerSideTestSupport.h"

#include "core/session/SessionStoreError.h"
#include "core/session/store/FileSystemSessionStore.h"

#include <QDir>
#include <QFile>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QtTest>

#include <atomic>
#include <csignal>
#include <mutex>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <unistd.h>

using namespace rs;
using test::FaultAnswer;
using test::FaultRequest;
using test::getWithSession;
using test::ServerSideEngine;
using test::TestResponse;

namespace {
enum class Fault { DirectoryIsAFile, ReadOnlyMode, SizeLimitZero, SizeLimitTen };

test::ScopedFault makeFault(Fault fault, const QString &dir, test::FileSizeLimit &sizeLimit)
{
    const QString away = dir + QStringLiteral(".away");
    switch (fault) {
    case Fault::DirectoryIsAFile:
        return {[=](QString *error) {
                    if (!QDir().rename(dir, away)) {
                        *error = QStringLiteral("cannot move %1 away").arg(dir);
                        return false;
                    }
                    QFile file(dir);
                    if (!file.open(QIODevice::WriteOnly)) {
                        *error = file.errorString();
                        return false;
                    }
                    return true;
                },
                [=] {
                    QFile::remove(dir);
                    QDir().rename(away, dir);
                }};
    case Fault::ReadOnlyMode:
        return {[=](QString *) {
                    return QFile::setPermissions(dir, QFileDevice::ReadOwner | QFileDevice::ExeOwner);
                },
                [=] {
                    QFile::setPermissions(dir, QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                                   QFileDevice::ExeOwner);
                }};
    case Fault::SizeLimitZero:
    case Fault::SizeLimitTen:
        return {[fault, &sizeLimit](QString *error) {
                    return sizeLimit.set(fault == Fault::SizeLimitZero ? 0 : 10, error);
                },
                [&sizeLimit] { sizeLimit.restore(); }};
    }
    Q_UNREACHABLE();
}
// chattr +i / -i on an open directory; false when refused (not root, or no such flag here).
bool setImmutable(int fd, bool on)
{
    int flags = 0;
    if (::ioctl(fd, FS_IOC_GETFLAGS, &flags) != 0)
        return false;
    flags = on ? (flags | FS_IMMUTABLE_FL) : (flags & ~FS_IMMUTABLE_FL);
    return ::ioctl(fd, FS_IOC_SETFLAGS, &flags) == 0;
}
} // namespace

class StoreWriteFaultsTest : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        // As `requestscope serve` does: a file-size limit fails the write (EFBIG) instead of
        // killing the process.
        std::signal(SIGXFSZ, SIG_IGN);
    }

    void writeFails_data()
    {
        QTest::addColumn<int>("fault");
        QTest::addColumn<QString>("systemError");
        QTest::newRow("directory replaced by a file") << int(Fault::DirectoryIsAFile) << "Not a directory";
        QTest::newRow("directory mode 0500") << int(Fault::ReadOnlyMode) << "Permission denied";
        QTest::newRow("file-size limit 0 (EFBIG)") << int(Fault::SizeLimitZero) << "File too large";
        QTest::newRow("file-size limit 10 bytes (a cut write)")
            << int(Fault::SizeLimitTen) << "File too large";
    }

    void writeFails()
    {
        QFETCH(int, fault);
        QFETCH(QString, systemError);
        if (Fault(fault) == Fault::ReadOnlyMode && ::geteuid() == 0)
            QSKIP("running as root: the directory's mode does not stop root's writes (the other rows do)");
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        const QString dir = tmp.filePath(QStringLiteral("sessions"));
        QString error;
        QVERIFY2(FileSystemSessionStore::prepareDirectory(dir, &error), qPrintable(error));
        ServerSideEngine engine(std::make_shared<FileSystemSessionStore>(dir));
        QVERIFY2(engine.start(&error), qPrintable(error));
        test::CheckedEvents events;

        // A session saved before the fault.
        TestResponse r = getWithSession(engine.port(), "/set/n/1");
        QCOMPARE(r.status, 200);
        const QByteArray sid = test::sessionCookie(r)->value;
        QCOMPARE(getWithSession(engine.port(), "/get/n", sid).body, QByteArray("1"));

        // The fault, and 4 clients × 3 rounds of: a new session, the saved one, /noop. The answers
        // are checked once the fault is gone (a file-size limit would also stop this test's log).
        std::vector<FaultAnswer> answers;
        {
            test::FileSizeLimit sizeLimit;
            test::ScopedFault scope = makeFault(Fault(fault), dir, sizeLimit);
            QVERIFY2(scope.on(&error), qPrintable(error));
            answers = test::runFaultClients(engine.port(), 4, [&](int t) {
                std::vector<FaultRequest> requests;
                for (int i = 0; i < 3; ++i)
                    requests.insert(requests.end(), {{"/set/user/u" + QByteArray::number(t), {}},
                                                     {"/set/n/" + QByteArray::number(100 + t), sid},
                                                     {"/noop", {}}});
                return requests;
            });
        }

        const QByteArray reason = "The session store (filesystem at " + QDir(dir).absolutePath().toUtf8() +
                                  ") is unavailable: cannot write " + QDir(dir).absolutePath().toUtf8() +
                                  "/session:";
        int refused = 0;
        for (const FaultAnswer &a : answers) {
            const QByteArray what = a.target + " → " + QByteArray::number(a.status) + ": " + a.body.left(300);
            if (a.target == "/noop") {
                QVERIFY2(a.status == 200, what.constData());
                continue;
            }
            QVERIFY2(a.status == 503, what.constData());
            QVERIFY2(!a.setsCookie, what.constData());
            QVERIFY2(a.body.contains(reason), what.constData());
            QVERIFY2(a.body.contains(": " + systemError.toUtf8() + "</p>"), what.constData());
            ++refused;
        }
        QCOMPARE(refused, 4 * 3 * 2);

        // The failed writes changed nothing, and writing works again.
        QCOMPARE(getWithSession(engine.port(), "/get/n", sid).body, QByteArray("1"));
        r = getWithSession(engine.port(), "/set/n/2", sid);
        QCOMPARE(r.status, 200);
        QVERIFY(test::sessionCookie(r));
        QCOMPARE(getWithSession(engine.port(), "/get/n", sid).body, QByteArray("2"));
        r = getWithSession(engine.port(), "/set/user/after");
        QCOMPARE(r.status, 200);
        const QByteArray newSid = test::sessionCookie(r)->value;
        QCOMPARE(getWithSession(engine.port(), "/get/user", newSid).body, QByteArray("after"));

        // Only the two records: no temporary file, no empty or cut record.
        const QFileInfoList files = QDir(dir).entryInfoList(QDir::Files | QDir::Hidden | QDir::System);
        QStringList names;
        for (const QFileInfo &f : files) {
            names << f.fileName();
            QVERIFY2(f.size() > 20, qPrintable(f.fileName() + QStringLiteral(": %1 bytes").arg(f.size())));
        }
        names.sort();
        QStringList expected{QStringLiteral("session:") + QString::fromLatin1(sid),
                             QStringLiteral("session:") + QString::fromLatin1(newSid)};
        expected.sort();
        QCOMPARE(names, expected);

        events.finish();
        const auto &check = events.check;
        qInfo("events: %s", qPrintable(check->describe()));
        QCOMPARE(events.dropped(), quint64(0));
        std::lock_guard lock(check->mutex);
        QVERIFY2(check->unsavedSetCookie == 0, qPrintable(check->examples.join("; ")));
        QVERIFY2(check->answered503WithoutError == 0, qPrintable(check->examples.join("; ")));
        QCOMPARE(check->answered503, 4 * 3 * 2);
        QVERIFY(check->setCookie >= 3); // the writes, and the refreshes of the permanent session
    }

    void directoryTurningImmutableMidWriteNamesTheReason()
    {
        QTemporaryDir scratch;
        QVERIFY(scratch.isValid());
        const QString dir = scratch.filePath(QStringLiteral("sessions"));
        QString error;
        QVERIFY2(FileSystemSessionStore::prepareDirectory(dir, &error), qPrintable(error));
        const int fd = ::open(QFile::encodeName(dir).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        QVERIFY(fd >= 0);
        const auto closeDirectory = qScopeGuard([fd] {
            setImmutable(fd, false);
            ::close(fd);
        });
        if (!setImmutable(fd, true) || !setImmutable(fd, false))
            QSKIP("cannot set the immutable flag here (needs root and a filesystem that has it)");

        FileSystemSessionStore store(dir);
        std::atomic<bool> stop{false};
        std::atomic<int> attempts{0};
        std::mutex mutex;
        int failures = 0;
        QStringList reasons;
        std::vector<std::thread> writers;
        auto stopWriters = [&] {
            stop = true;
            for (std::thread &t : writers)
                if (t.joinable())
                    t.join();
        };
        const auto stopWritersOnFailure = qScopeGuard(stopWriters);
        for (int w = 0; w < 4; ++w)
            writers.emplace_back([&, w] {
                for (int n = 0; !stop; ++n, ++attempts) {
                    try {
                        store.set("session:w" + QByteArray::number(w) + "_" + QByteArray::number(n % 50),
                                  "{}", 600);
                    } catch (const SessionStoreError &e) {
                        const QString reason = e.description().section(QStringLiteral(": "), -1);
                        std::lock_guard lock(mutex);
                        ++failures;
                        if (!reasons.contains(reason))
                            reasons << reason;
                    }
                }
            });
        // The flag flips every 200 writes, so that many writes are between open() and commit()
        // when the directory turns immutable.
        for (int flip = 0; flip < 80; ++flip) {
            const int from = attempts.load();
            QTRY_VERIFY_WITH_TIMEOUT(attempts.load() >= from + 200, 20000);
            QVERIFY(setImmutable(fd, flip % 2 == 0));
        }
        QVERIFY(setImmutable(fd, false));
        stopWriters();
        std::lock_guard lock(mutex);
        qInfo("%d writes, %d refused: %s", attempts.load(), failures,
              qPrintable(reasons.join(QStringLiteral("; "))));
        QVERIFY(failures > 0);
        QCOMPARE(reasons, QStringList{QStringLiteral("Operation not permitted")});
    }
};

QTEST_GUILESS_MAIN(StoreWriteFaultsTest)
#include "tst_store_write_faults.moc"
