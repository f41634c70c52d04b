// The App panel's form and the settings it stands for: PERMANENT_SESSION_LIFETIME as a number and
// a unit (a month for real use, a minute to watch a permanent session expire), the Local ident
// choices including the two broken-on-purpose ones.
#include "app/engine/EngineHost.h"
#include "ui/panels/AppPanel.h"

#include <QComboBox>
#include <QtTest>

using namespace rs;

class AppPanelTest : public QObject {
    Q_OBJECT

private slots:
    void lifetimeKeepsItsUnit_data()
    {
        QTest::addColumn<qint64>("seconds");
        QTest::newRow("Flask's default, 31 days") << qint64(31 * 24 * 3600);
        QTest::newRow("a minute") << qint64(60);
        QTest::newRow("90 seconds") << qint64(90);
        QTest::newRow("2 hours") << qint64(7200);
        QTest::newRow("1 second") << qint64(1);
    }

    void lifetimeKeepsItsUnit()
    {
        QFETCH(qint64, seconds);
        app::EngineHost engine; // not started: the panel only reads and writes settings here
        ui::AppPanel panel(engine);
        control::EngineSettings s = panel.formSettings();
        s.permanentLifetimeS = seconds;
        panel.setFormSettings(s);
        QCOMPARE(panel.formSettings().permanentLifetimeS, seconds);
    }

    void identChoices()
    {
        app::EngineHost engine;
        ui::AppPanel panel(engine);
        control::EngineSettings s = panel.formSettings();
        for (const char *ident : {"thread", "coroutine", "global"}) {
            s.ident = QString::fromLatin1(ident);
            panel.setFormSettings(s);
            QCOMPARE(panel.formSettings().ident, s.ident);
        }
        s.workers = QStringLiteral("coroutines");
        s.ident = QStringLiteral("thread");
        QVERIFY(s.brokenIdent());
        s.ident = QStringLiteral("coroutine");
        QVERIFY(!s.brokenIdent());
        s.ident = QStringLiteral("global");
        QVERIFY(s.brokenIdentWarning().contains(QStringLiteral("plain global dict")));
    }
};

QTEST_MAIN(AppPanelTest)
#include "tst_app_panel.moc"
