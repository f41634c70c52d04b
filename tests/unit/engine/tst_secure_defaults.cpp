// Secure defaults that do not need a server: which settings get a warning (binding beyond
// loopback, a short SECRET_KEY) and which do not; the size limits on files the engine reads
// (the secret key file, a filesystem session record). The command-line side is in
// tests/e2e/cli/tst_serve_cli.cpp (warnsAboutUnsafeSettings).
#include "core/control/EngineSettings.h"
#include "core/session/SecretKeyStore.h"
#include "core/session/SessionStoreError.h"
#include "core/session/store/FileSystemSessionStore.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using rs::control::EngineSettings;

class SecureDefaultsTest : public QObject {
    Q_OBJECT

private slots:
    void warnings_data()
    {
        QTest::addColumn<QString>("host");
        QTest::addColumn<QString>("secret");
        QTest::addColumn<QStringList>("mentions");
        const QString good = QString(EngineSettings::kMinSecretLength, QLatin1Char('k'));
        QTest::newRow("defaults") << "127.0.0.1" << QString() << QStringList{};
        QTest::newRow("localhost") << "localhost" << good << QStringList{};
        QTest::newRow("ipv6 loopback") << "::1" << good << QStringList{};
        QTest::newRow("any address") << "0.0.0.0" << good << QStringList{"binding 0.0.0.0"};
        QTest::newRow("lan address") << "192.168.1.5" << good << QStringList{"binding 192.168.1.5"};
        QTest::newRow("any ipv6") << "::" << good << QStringList{"binding ::"};
        QTest::newRow("short secret") << "127.0.0.1"
                                      << "dev" << QStringList{"only 3 characters"};
        QTest::newRow("one short") << "127.0.0.1" << good.left(EngineSettings::kMinSecretLength - 1)
                                   << QStringList{"only 23 characters"};
        QTest::newRow("both") << "0.0.0.0"
                              << "secret" << QStringList{"binding 0.0.0.0", "only 6 characters"};
    }
    void warnings()
    {
        QFETCH(QString, host);
        QFETCH(QString, secret);
        QFETCH(QStringList, mentions);
        const QStringList got = EngineSettings::securityWarnings(host, secret);
        QCOMPARE(got.size(), mentions.size());
        for (int i = 0; i < got.size(); ++i)
            QVERIFY2(got[i].contains(mentions[i]), qPrintable(got[i]));
        EngineSettings s;
        s.host = host;
        s.secret = secret;
        QCOMPARE(s.securityWarnings(), got);
    }

    void defaultsAreSafe()
    {
        const EngineSettings s;
        QCOMPARE(s.host, QStringLiteral("127.0.0.1"));
        QVERIFY(s.secret.isEmpty()); // the per-install random key
        QVERIFY(s.securityWarnings().isEmpty());
    }

    void oversizedSecretKeyFileIsRefused()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("secret_key"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray(1 << 20, 'k'));
        f.close();
        qputenv("RS_SECRET_KEY_FILE", path.toLocal8Bit());
        QString error;
        QVERIFY(rs::SecretKeyStore::loadOrCreate(&error).isEmpty());
        QVERIFY2(error.contains(QLatin1String("not a key")), qPrintable(error));
        qunsetenv("RS_SECRET_KEY_FILE");
    }

    void oversizedSessionRecordIsAStoreError()
    {
        QTemporaryDir dir;
        rs::FileSystemSessionStore store(dir.path());
        QFile f(dir.filePath(QStringLiteral("session:big")));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("99999999999\n");
        f.write(QByteArray(rs::FileSystemSessionStore::kMaxRecordBytes, 'x'));
        f.close();
        bool threw = false;
        try {
            store.get("session:big");
        } catch (const rs::SessionStoreError &e) {
            threw = true;
            QCOMPARE(e.code(), 503);
            QVERIFY2(e.description().contains(QLatin1String("limit")), qPrintable(e.description()));
        }
        QVERIFY(threw);
    }
};

QTEST_GUILESS_MAIN(SecureDefaultsTest)
#include "tst_secure_defaults.moc"
