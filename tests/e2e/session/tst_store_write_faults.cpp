// The filesystem store when its writes fail (issue 7, "Load and faults"; tests/load/
// session_dir_faults.sh adds a full tmpfs and an immutable directory, which need root):
//   - the directory replaced by a regular file (ENOTDIR: works for root too, unlike chmod);
//   - the directory read-only by its mode (EACCES; skipped as root, whom chmod does not stop);
//   - a file-size limit of 0 bytes (RLIMIT_FSIZE: EFBIG on the first byte);
//   - a file-size limit of 10 bytes: the write is cut short. Before the fix, Qt's QSaveFile
//     flushed the cut file in commit(), ignored the failure and renamed it over the record: the
//     request was answered 200 with Set-Cookie and the session was lost.
// Under each fault, 4 clients at once: a new session and a saved one cannot be written — 503
// naming the store, the file and the system's error, no session cookie, an `error` event, no
// set_cookie decision — while /noop still answers 200. Once the fault is gone, the session saved
// before it is unchanged, writes work again, and no temporary or cut file is left.
#include "core/trace/EventBus.h"
#include "core/trace/EventDispatcher.h"
#include "tests/e2e/session/SaveCheckSink.h"
#include "tests/e2e/session/ServerSideTestSupport.h"

#include <QDir>
#include <QFile>
#include <QtTest>

#include <csignal>
#include <mutex>
#include <thread>
#include <vector>

#include <sys/resource.h>
#include <unistd.h>

using namespace rs;
using test::ServerSideEngine;
using test::TestHttpClient;
using test::TestResponse;

namespace {
enum class Fault { DirectoryIsAFile, ReadOnlyMode, SizeLimitZero, SizeLimitTen };

struct Answer {
    QByteArray target;
    int status = 0;
    bool setsCookie = false;
    QByteArray body;
};

// Sets the fault on, and off again when it goes (or earlier, with off()).
class FaultScope {
public:
    FaultScope(Fault fault, QString dir) : fault_(fault), dir_(std::move(dir)) {}
    ~FaultScope() { off(); }
    bool on(QString *error)
    {
        switch (fault_) {
        case Fault::DirectoryIsAFile:
            if (!QDir().rename(dir_, dir_ + QStringLiteral(".away"))) {
                *error = QStringLiteral("cannot move %1 away").arg(dir_);
                return false;
            }
            if (QFile file(dir_); !file.open(QIODevice::WriteOnly)) {
                *error = file.errorString();
                return false;
            }
            break;
        case Fault::ReadOnlyMode:
            QFile::setPermissions(dir_, QFileDevice::ReadOwner | QFileDevice::ExeOwner);
            break;
        case Fault::SizeLimitZero:
        case Fault::SizeLimitTen: {
            ::getrlimit(RLIMIT_FSIZE, &saved_);
            rlimit limit = saved_;
            limit.rlim_cur = fault_ == Fault::SizeLimitZero ? 0 : 10;
            if (::setrlimit(RLIMIT_FSIZE, &limit) != 0) {
                *error = QStringLiteral("setrlimit: %1").arg(QString::fromLocal8Bit(strerror(errno)));
                return false;
            }
            break;
        }
        }
        on_ = true;
        return true;
    }
    void off()
    {
        if (!on_)
            return;
        on_ = false;
        switch (fault_) {
        case Fault::DirectoryIsAFile:
            QFile::remove(dir_);
            QDir().rename(dir_ + QStringLiteral(".away"), dir_);
            break;
        case Fault::ReadOnlyMode:
            QFile::setPermissions(dir_, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
            break;
        case Fault::SizeLimitZero:
        case Fault::SizeLimitTen: ::setrlimit(RLIMIT_FSIZE, &saved_); break;
        }
    }

private:
    Fault fault_;
    QString dir_;
    bool on_ = false;
    rlimit saved_{};
};

TestResponse get(quint16 port, const QByteArray &target, const QByteArray &sid = {})
{
    TestHttpClient client(port);
    return client.get(target, sid.isEmpty() ? test::TestHeaders{} : test::withCookie(sid));
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
        QTest::newRow("file-size limit 10 bytes (a cut write)") << int(Fault::SizeLimitTen) << "File too large";
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
        auto check = std::make_shared<test::SaveCheckSink>();
        trace::EventDispatcher dispatcher;
        dispatcher.addSink(check);
        dispatcher.start();
        const quint64 droppedBefore = trace::EventBus::instance().dropped();

        // A session saved before the fault.
        TestResponse r = get(engine.port(), "/set/n/1");
        QCOMPARE(r.status, 200);
        const QByteArray sid = test::sessionCookie(r)->value;
        QCOMPARE(get(engine.port(), "/get/n", sid).body, QByteArray("1"));

        // The fault, and 4 clients × 3 rounds of: a new session, the saved one, /noop. The answers
        // are checked once the fault is gone (a file-size limit would also stop this test's log).
        std::vector<Answer> answers;
        {
            FaultScope scope(Fault(fault), dir);
            QVERIFY2(scope.on(&error), qPrintable(error));
            std::mutex mutex;
            std::vector<std::thread> clients;
            for (int t = 0; t < 4; ++t) {
                clients.emplace_back([&, t] {
                    TestHttpClient client(engine.port());
                    for (int i = 0; i < 3; ++i) {
                        for (const auto &[target, cookie] :
                             std::vector<std::pair<QByteArray, QByteArray>>{
                                 {"/set/user/u" + QByteArray::number(t), {}},
                                 {"/set/n/" + QByteArray::number(100 + t), sid},
                                 {"/noop", {}}}) {
                            const TestResponse a =
                                client.get(target, cookie.isEmpty() ? test::TestHeaders{} : test::withCookie(cookie));
                            std::lock_guard lock(mutex);
                            answers.push_back({target, a.status, test::sessionCookie(a).has_value(), a.body});
                            if (!a.complete || a.closedByPeer)
                                client.disconnect();
                        }
                    }
                });
            }
            for (std::thread &c : clients)
                c.join();
        }

        const QByteArray reason = "The session store (filesystem at " + QDir(dir).absolutePath().toUtf8() +
                                  ") is unavailable: cannot write " + QDir(dir).absolutePath().toUtf8() +
                                  "/session:";
        int refused = 0;
        for (const Answer &a : answers) {
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
        QCOMPARE(get(engine.port(), "/get/n", sid).body, QByteArray("1"));
        r = get(engine.port(), "/set/n/2", sid);
        QCOMPARE(r.status, 200);
        QVERIFY(test::sessionCookie(r));
        QCOMPARE(get(engine.port(), "/get/n", sid).body, QByteArray("2"));
        r = get(engine.port(), "/set/user/after");
        QCOMPARE(r.status, 200);
        const QByteArray newSid = test::sessionCookie(r)->value;
        QCOMPARE(get(engine.port(), "/get/user", newSid).body, QByteArray("after"));

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

        dispatcher.sync();
        dispatcher.stop();
        qInfo("events: %s", qPrintable(check->describe()));
        QCOMPARE(trace::EventBus::instance().dropped(), droppedBefore);
        std::lock_guard lock(check->mutex);
        QVERIFY2(check->unsavedSetCookie == 0, qPrintable(check->examples.join("; ")));
        QVERIFY2(check->answered503WithoutError == 0, qPrintable(check->examples.join("; ")));
        QCOMPARE(check->answered503, 4 * 3 * 2);
        QVERIFY(check->setCookie >= 3); // the writes, and the refreshes of the permanent session
    }
};

QTEST_GUILESS_MAIN(StoreWriteFaultsTest)
#include "tst_store_write_faults.moc"
