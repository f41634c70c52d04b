// The per-install SECRET_KEY: made once with mode 0600, then reused; a broken file is a clear error.
#include "core/session/SecretKeyStore.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <sys/stat.h>

using namespace rs;

class SecretKeyStoreTest : public QObject {
    Q_OBJECT

private slots:
    void madeOnceWithMode0600AndReused()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("sub/secret_key");
        qputenv("RS_SECRET_KEY_FILE", path.toUtf8());
        QString error;
        const QString first = SecretKeyStore::loadOrCreate(&error);
        QVERIFY2(!first.isEmpty(), qPrintable(error));
        QCOMPARE(first.size(), 64); // 32 random bytes, hex
        struct stat st = {};
        QCOMPARE(::stat(QFile::encodeName(path).constData(), &st), 0);
        QCOMPARE(st.st_mode & 0777, mode_t(0600));
        QCOMPARE(SecretKeyStore::loadOrCreate(&error), first);
        QVERIFY(first != [&] {
            QTemporaryDir other;
            qputenv("RS_SECRET_KEY_FILE", other.filePath("k").toUtf8());
            return SecretKeyStore::loadOrCreate(&error);
        }());
    }

    void tooShortFileIsAClearError()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("secret_key");
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("short\n");
        f.close();
        qputenv("RS_SECRET_KEY_FILE", path.toUtf8());
        QString error;
        QVERIFY(SecretKeyStore::loadOrCreate(&error).isEmpty());
        QCOMPARE(error, QStringLiteral(
                            "the secret key file %1 is too short (5 characters); delete it to make a new one")
                            .arg(path));
    }
};

QTEST_GUILESS_MAIN(SecretKeyStoreTest)
#include "tst_secret_key_store.moc"
