// The session object's flags, operation by operation, as reference §b.1's table (verified on
// Flask 2.2) says; the nested-mutation gotcha; the null session's error; events with flags.
#include "core/context/RuntimeError.h"
#include "core/session/Session.h"
#include "tests/support/EventRecorder.h"

#include <QtTest>

#include <functional>

using namespace rs;

using Op = std::function<void(Session &)>;
Q_DECLARE_METATYPE(Op)

class SessionTest : public QObject {
    Q_OBJECT

private slots:
    void flags_data()
    {
        QTest::addColumn<Op>("op");
        QTest::addColumn<bool>("modified");
        QTest::addColumn<bool>("accessed");
        auto row = [](const char *name, Op op, bool m, bool a) { QTest::newRow(name) << op << m << a; };
        row(
            "'a' in s", [](Session &s) { s.contains("a"); }, false, false);
        row(
            "len(s)", [](Session &s) { s.size(); }, false, false);
        row(
            "list(s) / keys()", [](Session &s) { s.keys(); }, false, false);
        row(
            "bool(s)", [](Session &s) { s.empty(); }, false, false);
        row(
            "s['a']", [](Session &s) { s.at("a"); }, false, true);
        row(
            "s.get('a')", [](Session &s) { s.get("a"); }, false, true);
        row(
            "s.get('missing')", [](Session &s) { s.get("missing"); }, false, true);
        row(
            "s.setdefault(existing)", [](Session &s) { s.setDefault("a", 5); }, false, true);
        row(
            "s.permanent (read)", [](Session &s) { s.permanent(); }, false, true);
        row(
            "s.pop('missing', None)", [](Session &s) { s.pop("missing", Value()); }, false, false);
        row(
            "s['a'] = same value", [](Session &s) { s.set("a", 1); }, true, true);
        row(
            "s.update({})", [](Session &s) { s.update(Value::dict()); }, true, true);
        row(
            "s.clear()", [](Session &s) { s.clear(); }, true, true);
        row(
            "del s['a']", [](Session &s) { s.remove("a"); }, true, true);
        row(
            "s.pop('a')", [](Session &s) { s.pop("a"); }, true, true);
        row(
            "s.setdefault(new)", [](Session &s) { s.setDefault("new", 5); }, true, true);
        row(
            "s.permanent = True", [](Session &s) { s.setPermanent(true); }, true, true);
        row(
            "s['a']['b'] = 1 (nested)",
            [](Session &s) {
                s.set("d", Value::dict());
                s.setModified(false);
                s.setAccessed(false);
                s.at("d").set("b", 1);
            },
            false, true);
    }

    void flags()
    {
        QFETCH(Op, op);
        QFETCH(bool, modified);
        QFETCH(bool, accessed);
        Session s(Session::Kind::Cookie, Value::dict({{"a", 1}}));
        QVERIFY(!s.modified());
        QVERIFY(!s.accessed());
        op(s);
        QCOMPARE(s.modified(), modified);
        QCOMPARE(s.accessed(), accessed);
    }

    void clearOnEmptySessionStillModifies()
    {
        Session s;
        s.clear();
        QVERIFY(s.modified());
        QVERIFY(s.accessed());
    }

    void permanentIsAStoredKey()
    {
        Session s;
        s.setPermanent(true);
        QVERIFY(s.data().contains("_permanent"));
        QCOMPARE(s.data().get("_permanent"), Value(true));
        QVERIFY(s.permanent());
    }

    // session['cart'].append(x): the data changes but `modified` stays false, so nothing is
    // saved; session.modified = True is the fix.
    void nestedMutationGotcha()
    {
        Session s(Session::Kind::Cookie, Value::dict({{"cart", Value::list({"apple"})}}));
        s.at("cart").append("pear");
        QCOMPARE(s.data().get("cart").items().size(), std::size_t(2));
        QVERIFY(!s.modified());
        s.setModified(true);
        QVERIFY(s.modified());
    }

    void missingKeyRaises()
    {
        Session s;
        QVERIFY_THROWS_EXCEPTION(std::out_of_range, s.at("missing"));
        QVERIFY_THROWS_EXCEPTION(std::out_of_range, s.remove("missing"));
    }

    void nullSessionReadsWorkAndWritesFailWithFlasksText()
    {
        Session s(Session::Kind::Null);
        QVERIFY(s.get("x").isNone());
        QVERIFY(!s.contains("x"));
        const QString expected =
            QStringLiteral("The session is unavailable because no secret key was set.  Set the "
                           "secret_key on the application to something unique and secret.");
        const std::vector<Op> writes = {[](Session &n) { n.set("x", 1); },
                                        [](Session &n) { n.remove("x"); },
                                        [](Session &n) { n.clear(); },
                                        [](Session &n) { n.pop("x", Value()); },
                                        [](Session &n) { n.setDefault("x", 1); },
                                        [](Session &n) { n.update(Value::dict()); },
                                        [](Session &n) { n.setPermanent(true); }};
        for (const Op &write : writes) {
            try {
                write(s);
                QFAIL("a write to a null session must fail");
            } catch (const RuntimeError &e) {
                QCOMPARE(QString::fromUtf8(e.what()), expected);
            }
        }
    }

    void eventsCarryTheFlagsAfterEachOperation()
    {
        test::EventRecorder recorder;
        Session s(Session::Kind::Cookie, Value::dict({{"user", "alex"}}));
        s.get("user");
        s.set("cart", Value::list({"x"}));
        s.remove("user");
        QStringList seen;
        for (const auto &e : recorder.events()) {
            const QString kind = e.field("kind").toString();
            if (!kind.startsWith("session."))
                continue;
            seen << QStringLiteral("%1 %2=%3 m=%4 a=%5 p=%6")
                        .arg(kind, e.field("key").toString(), e.field("value").toString())
                        .arg(e.field("modified").toBool())
                        .arg(e.field("accessed").toBool())
                        .arg(e.field("permanent").toBool());
        }
        QCOMPARE(seen,
                 QStringList({"session.read user='alex' m=0 a=1 p=0", "session.write cart=['x'] m=1 a=1 p=0",
                              "session.delete user=<missing> m=1 a=1 p=0"}));
    }
};

QTEST_GUILESS_MAIN(SessionTest)
#include "tst_session.moc"
