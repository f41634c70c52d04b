// CookieJarModel over the client's ClientCookieJar: Set-Cookie for 127.0.0.1, replacement and
// deletion by expiry, editing a value, removing rows, clearing, the file round trip (flags,
// expiry, domain), a corrupt or unreadable file explained, merge never overwriting, and
// CookiePersistence loading and saving off the GUI thread.
#include "ui/client/ClientCookieJar.h"
#include "ui/client/CookieJarModel.h"
#include "ui/client/CookiePersistence.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace rs::ui;

namespace {
const QUrl kBase(QStringLiteral("http://127.0.0.1:5000/login"));

struct Fixture {
    Fixture() : model(&jar)
    {
        new QAbstractItemModelTester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal, &model);
    }
    ClientCookieJar jar;
    CookieJarModel model;
};

QString cell(const CookieJarModel &m, int row, int column)
{
    return m.data(m.index(row, column)).toString();
}
} // namespace

class CookieJarModelTest : public QObject {
    Q_OBJECT

private slots:
    void setCookieFromALoopbackAddressIsKeptAndSentBack()
    {
        Fixture f;
        QString error;
        QVERIFY2(f.model.addFromSetCookie("session=abc.def; HttpOnly; Path=/; SameSite=Lax", kBase, &error),
                 qPrintable(error));
        QCOMPARE(f.model.rowCount(), 1);
        QCOMPARE(cell(f.model, 0, CookieJarModel::NameColumn), QStringLiteral("session"));
        QCOMPARE(cell(f.model, 0, CookieJarModel::ValueColumn), QStringLiteral("abc.def"));
        QCOMPARE(cell(f.model, 0, CookieJarModel::DomainColumn), QStringLiteral("127.0.0.1"));
        QCOMPARE(cell(f.model, 0, CookieJarModel::PathColumn), QStringLiteral("/"));
        QCOMPARE(cell(f.model, 0, CookieJarModel::ExpiresColumn), QStringLiteral("session"));
        QCOMPARE(cell(f.model, 0, CookieJarModel::HttpOnlyColumn), QStringLiteral("HttpOnly"));
        QCOMPARE(cell(f.model, 0, CookieJarModel::SecureColumn), QString());
        QCOMPARE(cell(f.model, 0, CookieJarModel::SameSiteColumn), QStringLiteral("Lax"));
        QCOMPARE(f.jar.cookieHeaderFor(QUrl(QStringLiteral("http://127.0.0.1:5000/home"))),
                 QByteArray("session=abc.def"));
        QCOMPARE(f.jar.cookieHeaderFor(QUrl(QStringLiteral("http://localhost:5000/home"))), QByteArray());
        QCOMPARE(f.model.findRow(QStringLiteral("session")), 0);
        QCOMPARE(f.model.findRow(QStringLiteral("session"), QStringLiteral("example.com")), -1);
    }

    void aSecondSetCookieReplacesTheRowInPlace()
    {
        Fixture f;
        QVERIFY(f.model.addFromSetCookie("a=1; Path=/", kBase));
        QVERIFY(f.model.addFromSetCookie("session=old; Path=/", kBase));
        QSignalSpy changed(&f.model, &QAbstractItemModel::dataChanged);
        QSignalSpy inserted(&f.model, &QAbstractItemModel::rowsInserted);
        QVERIFY(f.model.addFromSetCookie("session=new; Path=/; Max-Age=3600", kBase));
        QCOMPARE(f.model.rowCount(), 2);
        QCOMPARE(inserted.count(), 0);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(cell(f.model, 1, CookieJarModel::ValueColumn), QStringLiteral("new"));
        QVERIFY(cell(f.model, 1, CookieJarModel::ExpiresColumn) != QStringLiteral("session"));
    }

    void anExpiredSetCookieDeletesTheCookie()
    {
        Fixture f;
        QVERIFY(f.model.addFromSetCookie("session=x; Path=/", kBase));
        QVERIFY(f.model.addFromSetCookie("session=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/",
                                         kBase));
        QCOMPARE(f.model.rowCount(), 0);
    }

    void badLinesAreRefusedWithAReason()
    {
        Fixture f;
        QString error;
        QVERIFY(!f.model.addFromSetCookie("", kBase, &error));
        QVERIFY2(error.contains(QStringLiteral("not a Set-Cookie")), qPrintable(error));
        QVERIFY(!f.model.addFromSetCookie("a=1; Domain=example.com", kBase, &error));
        QVERIFY2(error.contains(QStringLiteral("refused")), qPrintable(error));
        QCOMPARE(f.model.rowCount(), 0);
    }

    void theValueIsEditableAndReachesTheJar()
    {
        Fixture f;
        QVERIFY(f.model.addFromSetCookie("session=abc; HttpOnly; Path=/", kBase));
        const QModelIndex value = f.model.index(0, CookieJarModel::ValueColumn);
        QVERIFY(f.model.flags(value) & Qt::ItemIsEditable);
        QVERIFY(!(f.model.flags(f.model.index(0, CookieJarModel::NameColumn)) & Qt::ItemIsEditable));
        QVERIFY(f.model.setData(value, QStringLiteral("edited")));
        QCOMPARE(f.model.rowCount(), 1);
        QCOMPARE(cell(f.model, 0, CookieJarModel::ValueColumn), QStringLiteral("edited"));
        QCOMPARE(cell(f.model, 0, CookieJarModel::HttpOnlyColumn), QStringLiteral("HttpOnly"));
        QCOMPARE(f.jar.cookieHeaderFor(kBase), QByteArray("session=edited"));
        QVERIFY(!f.model.setData(f.model.index(0, CookieJarModel::NameColumn), QStringLiteral("x")));
    }

    void rowsCanBeRemovedAndTheJarCleared()
    {
        Fixture f;
        for (const char *line : {"a=1; Path=/", "b=2; Path=/", "c=3; Path=/", "d=4; Path=/"})
            QVERIFY(f.model.addFromSetCookie(line, kBase));
        QCOMPARE(f.model.rowCount(), 4);
        QVERIFY(f.model.removeRows(1, 2));
        QCOMPARE(f.model.rowCount(), 2);
        QCOMPARE(cell(f.model, 0, CookieJarModel::NameColumn), QStringLiteral("a"));
        QCOMPARE(cell(f.model, 1, CookieJarModel::NameColumn), QStringLiteral("d"));
        QCOMPARE(f.jar.cookieHeaderFor(kBase), QByteArray("a=1; d=4"));
        QVERIFY(!f.model.removeRows(1, 5));
        f.model.clear();
        QCOMPARE(f.model.rowCount(), 0);
        QVERIFY(f.jar.cookies().isEmpty());
    }

    void saveAndLoadRoundTrip()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("sub/cookies.txt"));
        QString error;
        {
            Fixture f;
            QVERIFY(f.model.addFromSetCookie("session=eyJ1c2VyIjoiYWxleCJ9.Z1.sig; HttpOnly; Path=/", kBase));
            QVERIFY(f.model.addFromSetCookie("remember=1; Max-Age=86400; Path=/app; Secure; SameSite=Strict",
                                             kBase));
            QVERIFY(f.model.addFromSetCookie("other=x; Path=/",
                                             QUrl(QStringLiteral("http://example.com/")))); // a host name too
            QVERIFY2(f.model.saveTo(path, &error), qPrintable(error));
        }
        Fixture g;
        QVERIFY(g.model.addFromSetCookie("stale=1; Path=/", kBase)); // replaced by the load
        QVERIFY2(g.model.loadFrom(path, &error), qPrintable(error));
        QCOMPARE(g.model.rowCount(), 3);
        const int session = g.model.findRow(QStringLiteral("session"));
        const int remember = g.model.findRow(QStringLiteral("remember"));
        QVERIFY(session >= 0 && remember >= 0 && g.model.findRow(QStringLiteral("stale")) == -1);
        QCOMPARE(cell(g.model, session, CookieJarModel::ValueColumn),
                 QStringLiteral("eyJ1c2VyIjoiYWxleCJ9.Z1.sig"));
        QCOMPARE(cell(g.model, session, CookieJarModel::DomainColumn), QStringLiteral("127.0.0.1"));
        QCOMPARE(cell(g.model, session, CookieJarModel::HttpOnlyColumn), QStringLiteral("HttpOnly"));
        QCOMPARE(cell(g.model, session, CookieJarModel::ExpiresColumn), QStringLiteral("session"));
        QCOMPARE(cell(g.model, remember, CookieJarModel::PathColumn), QStringLiteral("/app"));
        QCOMPARE(cell(g.model, remember, CookieJarModel::SecureColumn), QStringLiteral("Secure"));
        QCOMPARE(cell(g.model, remember, CookieJarModel::SameSiteColumn), QStringLiteral("Strict"));
        const QDateTime expires = g.model.cookieAt(remember).expirationDate();
        QVERIFY(qAbs(expires.secsTo(QDateTime::currentDateTimeUtc()) + 86400) < 60);
        // Loaded cookies are sent as if they had just been set.
        QCOMPARE(g.jar.cookieHeaderFor(QUrl(QStringLiteral("http://127.0.0.1:5000/"))),
                 QByteArray("session=eyJ1c2VyIjoiYWxleCJ9.Z1.sig"));
    }

    void aMissingFileIsAnEmptyJar()
    {
        QTemporaryDir dir;
        Fixture f;
        QVERIFY(f.model.addFromSetCookie("a=1", kBase));
        QString error;
        QVERIFY(f.model.loadFrom(dir.filePath(QStringLiteral("none.txt")), &error));
        QVERIFY(error.isEmpty());
        QCOMPARE(f.model.rowCount(), 0);
    }

    void aCorruptFileIsExplainedAndLeavesTheJarAlone()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("cookies.txt"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("# comment\nsession=abc; path=/; domain=127.0.0.1\n\x01\x02 garbage without a domain\n");
        file.close();
        Fixture f;
        QVERIFY(f.model.addFromSetCookie("keep=1; Path=/", kBase));
        QString error;
        QVERIFY(!f.model.loadFrom(path, &error));
        QVERIFY2(error.contains(QStringLiteral("line 3")) && error.contains(path), qPrintable(error));
        QCOMPARE(f.model.rowCount(), 1);
        QCOMPARE(cell(f.model, 0, CookieJarModel::NameColumn), QStringLiteral("keep"));
    }

    void anUnreadableFileIsExplained()
    {
        QTemporaryDir dir; // a directory cannot be read as a file
        Fixture f;
        QString error;
        QVERIFY(!f.model.loadFrom(dir.path(), &error));
        QVERIFY2(error.contains(QStringLiteral("cannot read")), qPrintable(error));
        QVERIFY(!f.model.saveTo(dir.path(), &error));
        QVERIFY2(error.contains(QStringLiteral("cannot write")), qPrintable(error));
    }

    void expiredCookiesInTheFileAreDropped()
    {
        const QByteArray text = "gone=1; expires=Thu, 01-Jan-1970 00:00:00 GMT; domain=127.0.0.1; path=/\n"
                                "kept=2; domain=127.0.0.1; path=/\n";
        QString error;
        const auto cookies = CookieJarModel::parse(text, &error);
        QVERIFY2(cookies, qPrintable(error));
        QCOMPARE(cookies->size(), 1);
        QCOMPARE(cookies->first().name(), QByteArray("kept"));
    }

    void mergeNeverOverwritesANewerCookie()
    {
        Fixture f;
        QVERIFY(f.model.addFromSetCookie("session=fresh; Path=/", kBase));
        const auto loaded = CookieJarModel::parse("session=stale; domain=127.0.0.1; path=/\n"
                                                  "other=1; domain=127.0.0.1; path=/\n");
        QVERIFY(loaded);
        f.model.merge(*loaded);
        QCOMPARE(f.model.rowCount(), 2);
        QCOMPARE(cell(f.model, f.model.findRow(QStringLiteral("session")), CookieJarModel::ValueColumn),
                 QStringLiteral("fresh"));
    }

    void persistenceSavesAfterAChangeAndLoadsOffTheGuiThread()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("jar/cookies.txt"));
        {
            Fixture f;
            CookiePersistence persistence(&f.model, path);
            QSignalSpy loaded(&persistence, &CookiePersistence::loaded);
            persistence.load();
            QVERIFY(loaded.wait(5000));
            QVERIFY2(persistence.lastMessage().contains(QStringLiteral("No saved cookies")),
                     qPrintable(persistence.lastMessage()));
            QSignalSpy saved(&persistence, &CookiePersistence::saved);
            QVERIFY(f.model.addFromSetCookie("session=abc; Path=/", kBase));
            QVERIFY(saved.wait(5000));
            QVERIFY(QFile(path).exists());
            QVERIFY(f.model.addFromSetCookie("late=1; Path=/", kBase));
            persistence.flush(); // a change not written yet is written at shutdown
        }
        Fixture g;
        CookiePersistence persistence(&g.model, path);
        QSignalSpy loaded(&persistence, &CookiePersistence::loaded);
        persistence.load();
        QVERIFY(loaded.wait(5000));
        QCOMPARE(g.model.rowCount(), 2);
        QVERIFY(persistence.lastMessage().contains(QStringLiteral("Loaded 2 cookies")));
    }

    void persistenceReportsACorruptFileAndDoesNotOverwriteIt()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("cookies.txt"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("this is not a cookie jar\n");
        file.close();

        Fixture f;
        CookiePersistence persistence(&f.model, path);
        QSignalSpy status(&persistence, &CookiePersistence::status);
        QSignalSpy loaded(&persistence, &CookiePersistence::loaded);
        persistence.load();
        QVERIFY(loaded.wait(5000));
        QCOMPARE(status.count(), 1);
        QVERIFY(status.first().at(1).toBool());
        QVERIFY2(status.first().at(0).toString().contains(QStringLiteral("line 1")),
                 qPrintable(status.first().at(0).toString()));
        QVERIFY(persistence.autosaveSuspended());
        QVERIFY(f.model.addFromSetCookie("session=abc; Path=/", kBase));
        persistence.flush();
        QVERIFY(!persistence.busy());
        QVERIFY(QFile(path).open(QIODevice::ReadOnly));
        QFile check(path);
        QVERIFY(check.open(QIODevice::ReadOnly));
        QCOMPARE(check.readAll(), QByteArray("this is not a cookie jar\n"));

        QSignalSpy saved(&persistence, &CookiePersistence::saved);
        persistence.save(); // an explicit save replaces it
        QVERIFY(saved.wait(5000));
        QVERIFY(!persistence.autosaveSuspended());
        QString error;
        Fixture g;
        QVERIFY2(g.model.loadFrom(path, &error), qPrintable(error));
        QCOMPARE(g.model.rowCount(), 1);
    }
};

QTEST_GUILESS_MAIN(CookieJarModelTest)
#include "tst_cookie_jar_model.moc"
