// One contract for every server-side store, each on a real server or file this test starts
// itself (redis-server and memcached on free loopback ports, a temp directory, a temp SQLite
// file): create, read, expire, delete, permanent, refresh, fixation, signer on/off, no record for
// a request that never touches the session, Vary and SameSite, a record that does not parse.
#include "core/session/codec/FlaskSessionSigner.h"
#include "core/trace/Event.h"
#include "core/value/HttpDate.h"
#include "tests/e2e/session/ServerSideTestSupport.h"
#include "tests/support/EventRecorder.h"

#include <QElapsedTimer>
#include <QtTest>

using namespace rs;
using test::ServerSideEngine;
using test::TestHttpClient;
using test::TestResponse;

namespace {
// The events of one kind, as maps with DESIGN.md's field names.
QList<QVariantMap> eventsOf(const std::vector<trace::Event> &events, trace::EventKind kind)
{
    QList<QVariantMap> out;
    for (const trace::Event &e : events)
        if (e.kind == kind)
            out.append(e.toMap());
    return out;
}

QStringList storeOps(const std::vector<trace::Event> &events)
{
    QStringList out;
    for (const QVariantMap &m : eventsOf(events, trace::EventKind::StoreOp))
        out.append(m.value("op").toString() +
                   (m.value("ok").toBool() ? QString() : QStringLiteral("(failed)")));
    return out;
}

QString openOutcome(const std::vector<trace::Event> &events)
{
    const QList<QVariantMap> opens = eventsOf(events, trace::EventKind::SessionOpen);
    return opens.isEmpty() ? QString() : opens.last().value("outcome").toString();
}

QString saveDecision(const std::vector<trace::Event> &events)
{
    const QList<QVariantMap> saves = eventsOf(events, trace::EventKind::SessionSave);
    return saves.isEmpty() ? QString() : saves.last().value("decision").toString();
}
} // namespace

class StoreContractTest : public QObject {
    Q_OBJECT

    test::StoreBackends backends_;
    std::unique_ptr<ServerSideEngine> engine_;
    std::unique_ptr<test::EventRecorder> recorder_;

    // A fresh engine over a fresh store of the row's backend; false (and *why) when the backend
    // is not available here.
    bool makeEngine(QString *why)
    {
        QFETCH(QString, backend);
        std::shared_ptr<SessionStore> store = backends_.make(backend, why);
        if (!store)
            return false;
        engine_ = std::make_unique<ServerSideEngine>(std::move(store));
        QString error;
        if (!engine_->start(&error))
            qFatal("engine: %s", qPrintable(error));
        return true;
    }

    // One request on a new connection; the events it made are in *events.
    TestResponse request(const QByteArray &target, const QByteArray &cookie = {},
                         std::vector<trace::Event> *events = nullptr)
    {
        recorder_->clear();
        TestHttpClient client(engine_->port());
        TestResponse r =
            client.get(target, cookie.isEmpty() ? test::TestHeaders{} : test::withCookie(cookie));
        if (events)
            *events = recorder_->events();
        return r;
    }

    // Creates a session holding user=alex; returns its sid (the cookie value without signature).
    QByteArray createSession()
    {
        const TestResponse r = request("/set/user/alex");
        const auto cookie = test::sessionCookie(r);
        return cookie ? cookie->value.split('.').first() : QByteArray();
    }

    void addBackendRows()
    {
        QTest::addColumn<QString>("backend");
        for (const QString &name : test::StoreBackends::names())
            QTest::newRow(qPrintable(name)) << name;
    }

private slots:
    void initTestCase()
    {
        backends_.startAll();
        recorder_ = std::make_unique<test::EventRecorder>();
    }
    void cleanup() { engine_.reset(); }
    void cleanupTestCase() { recorder_.reset(); }

    void createAndRead_data() { addBackendRows(); }
    void createAndRead()
    {
        QString why;
        if (!makeEngine(&why))
            QSKIP(qPrintable(why));
        std::vector<trace::Event> events;
        TestResponse r = request("/set/user/alex", {}, &events);
        QCOMPARE(r.status, 200);
        const auto cookie = test::sessionCookie(r);
        QVERIFY2(cookie, r.headers.value("Set-Cookie").constData());
        QVERIFY2(ServerSideSessionInterface::isValidSid(cookie->value), cookie->value.constData());
        QVERIFY(cookie->header.endsWith("; HttpOnly; Path=/"));
        QVERIFY(cookie->hasExpires()); // SESSION_PERMANENT defaults to True
        QCOMPARE(r.header("Vary"), QByteArray("Cookie"));
        QCOMPARE(openOutcome(events), QStringLiteral("new"));
        QCOMPARE(saveDecision(events), QStringLiteral("set_cookie"));
        QCOMPARE(storeOps(events), QStringList{QStringLiteral("set")});
        const QVariantMap set = eventsOf(events, trace::EventKind::StoreOp).first();
        QFETCH(QString, backend);
        QCOMPARE(set.value("backend").toString(), backend);
        QCOMPARE(set.value("key").toString(),
                 QStringLiteral("session:") + QString::fromLatin1(cookie->value));
        QCOMPARE(set.value("ttl").toLongLong(), qint64(31) * 24 * 3600);

        // Flask's tagged JSON, with _permanent as flask-session stores it.
        const SessionStore::Record record = engine_->record(cookie->value);
        QCOMPARE(record.status, SessionStore::Record::Status::Found);
        QCOMPARE(record.data, QByteArray(R"({"_permanent":true,"user":"alex"})"));

        r = request("/get/user", cookie->value, &events);
        QCOMPARE(r.body, QByteArray("alex"));
        QCOMPARE(openOutcome(events), QStringLiteral("loaded"));
        const QList<QVariantMap> opens = eventsOf(events, trace::EventKind::SessionOpen);
        QCOMPARE(opens.last().value("interface").toString(), backend);
        QCOMPARE(opens.last().value("sid").toByteArray(), cookie->value);
        QCOMPARE(storeOps(events).first(), QStringLiteral("get"));
    }

    void untouchedSessionStoresNothing_data() { addBackendRows(); }
    void untouchedSessionStoresNothing()
    {
        QString why;
        if (!makeEngine(&why))
            QSKIP(qPrintable(why));
        std::vector<trace::Event> events;
        TestResponse r = request("/noop", {}, &events);
        QCOMPARE(r.status, 200);
        QVERIFY(!r.headers.contains("Set-Cookie"));
        QVERIFY(!r.headers.contains("Vary"));
        QCOMPARE(storeOps(events), QStringList());
        QCOMPARE(saveDecision(events), QStringLiteral("skip"));
        const QByteArray sid =
            eventsOf(events, trace::EventKind::SessionOpen).last().value("sid").toByteArray();
        QCOMPARE(engine_->record(sid).status, SessionStore::Record::Status::Missing);

        // Reading is not writing: Vary, but still no record and no cookie (Flask §b.4).
        r = request("/get/user", {}, &events);
        QCOMPARE(r.body, QByteArray("<none>"));
        QVERIFY(!r.headers.contains("Set-Cookie"));
        QCOMPARE(r.header("Vary"), QByteArray("Cookie"));
        QCOMPARE(storeOps(events), QStringList());
    }

    void fixationAttemptIsNotAdopted_data() { addBackendRows(); }
    void fixationAttemptIsNotAdopted()
    {
        QString why;
        if (!makeEngine(&why))
            QSKIP(qPrintable(why));
        // Well-formed but unknown: looked up, not found, a new sid is issued.
        const QByteArray madeUp = "AAAAAAAAAAAAAAAAAAAAAA";
        QVERIFY(ServerSideSessionInterface::isValidSid(madeUp));
        std::vector<trace::Event> events;
        TestResponse r = request("/set/user/mallory", madeUp, &events);
        QCOMPARE(r.status, 200);
        const auto cookie = test::sessionCookie(r);
        QVERIFY(cookie);
        QVERIFY(cookie->value != madeUp);
        QCOMPARE(openOutcome(events), QStringLiteral("new"));
        QCOMPARE(storeOps(events), (QStringList{QStringLiteral("get"), QStringLiteral("set")}));
        QCOMPARE(engine_->record(madeUp).status, SessionStore::Record::Status::Missing);
        QCOMPARE(engine_->record(cookie->value).status, SessionStore::Record::Status::Found);

        // Not even the shape of an sid: the store is not asked.
        r = request("/set/user/mallory", "not-a-real-sid", &events);
        QVERIFY(test::sessionCookie(r)->value != "not-a-real-sid");
        QCOMPARE(storeOps(events), QStringList{QStringLiteral("set")});
        QCOMPARE(engine_->store().get("session:not-a-real-sid").status,
                 SessionStore::Record::Status::Missing);
    }

    void clearDeletesRecordAndCookie_data() { addBackendRows(); }
    void clearDeletesRecordAndCookie()
    {
        QString why;
        if (!makeEngine(&why))
            QSKIP(qPrintable(why));
        const QByteArray sid = createSession();
        QVERIFY(!sid.isEmpty());
        QCOMPARE(engine_->record(sid).status, SessionStore::Record::Status::Found);
        std::vector<trace::Event> events;
        TestResponse r = request("/clear", sid, &events);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.header("Set-Cookie"),
                 QByteArray("session=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; HttpOnly; Path=/"));
        QCOMPARE(r.header("Vary"), QByteArray("Cookie"));
        QCOMPARE(saveDecision(events), QStringLiteral("delete_cookie"));
        QCOMPARE(storeOps(events), (QStringList{QStringLiteral("get"), QStringLiteral("delete")}));
        QCOMPARE(engine_->record(sid).status, SessionStore::Record::Status::Missing);

        // The old cookie now names nothing: a new, empty session.
        r = request("/get/user", sid, &events);
        QCOMPARE(r.body, QByteArray("<none>"));
        QCOMPARE(openOutcome(events), QStringLiteral("new"));

        // Clearing a new session deletes the browser's cookie, and touches no store.
        r = request("/clear", {}, &events);
        QVERIFY(test::sessionCookie(r)->deletes());
        QCOMPARE(storeOps(events), QStringList());
    }

    void permanentSetsExpires_data() { addBackendRows(); }
    void permanentSetsExpires()
    {
        QString why;
        if (!makeEngine(&why))
            QSKIP(qPrintable(why));
        engine_->app().config().set(QStringLiteral("SESSION_PERMANENT"), false);
        TestResponse r = request("/set/user/alex");
        auto cookie = test::sessionCookie(r);
        QVERIFY(cookie);
        QVERIFY2(!cookie->hasExpires(), cookie->header.constData());
        QCOMPARE(engine_->record(cookie->value).data, QByteArray(R"({"user":"alex"})"));

        // Not modified and not permanent: no Set-Cookie and no write (the record stays as it is).
        std::vector<trace::Event> events;
        r = request("/get/user", cookie->value, &events);
        QCOMPARE(r.body, QByteArray("alex"));
        QVERIFY(!r.headers.contains("Set-Cookie"));
        QCOMPARE(storeOps(events), QStringList{QStringLiteral("get")});
        QCOMPARE(saveDecision(events), QStringLiteral("skip"));

        // session.permanent = True: Expires, about PERMANENT_SESSION_LIFETIME from now.
        r = request("/permanent/1", cookie->value);
        const auto permanent = test::sessionCookie(r);
        QVERIFY(permanent && permanent->hasExpires());
        QCOMPARE(permanent->value, cookie->value);
        const qsizetype at = permanent->header.indexOf("Expires=") + 8;
        const std::optional<QDateTime> expires = HttpDate::parse(
            QString::fromLatin1(permanent->header.mid(at, permanent->header.indexOf(';', at) - at)));
        QVERIFY2(expires, permanent->header.constData());
        QVERIFY(qAbs(QDateTime::currentDateTimeUtc().secsTo(*expires) - qint64(31) * 24 * 3600) < 60);
        QCOMPARE(engine_->record(cookie->value).data, QByteArray(R"({"_permanent":true,"user":"alex"})"));
    }

    void refreshKeepsPermanentSessionAlive_data() { addBackendRows(); }
    void refreshKeepsPermanentSessionAlive()
    {
        QString why;
        if (!makeEngine(&why))
            QSKIP(qPrintable(why));
        engine_->app().config().set(QStringLiteral("PERMANENT_SESSION_LIFETIME"), 2);
        const QByteArray sid = createSession();
        QVERIFY(!sid.isEmpty());
        // Each read of a permanent session writes it again with a new TTL and sends a new
        // Expires, so it outlives its first lifetime while it is used.
        QElapsedTimer timer;
        timer.start();
        bool lost = false;
        int refreshes = 0;
        auto refreshOnce = [&] {
            std::vector<trace::Event> events;
            const TestResponse r = request("/get/user", sid, &events);
            const auto cookie = test::sessionCookie(r);
            lost = r.body != "alex" || !cookie || !cookie->hasExpires() || cookie->value != sid ||
                   storeOps(events) != QStringList{QStringLiteral("get"), QStringLiteral("set")};
            ++refreshes;
            return lost || timer.elapsed() > 3200;
        };
        QTRY_VERIFY_WITH_TIMEOUT(refreshOnce(), 10000);
        QVERIFY2(
            !lost,
            qPrintable(QStringLiteral("lost after %1 ms, %2 refreshes").arg(timer.elapsed()).arg(refreshes)));

        // SESSION_REFRESH_EACH_REQUEST=False: reading writes nothing.
        engine_->app().config().set(QStringLiteral("SESSION_REFRESH_EACH_REQUEST"), false);
        std::vector<trace::Event> events;
        const TestResponse r = request("/get/user", sid, &events);
        QCOMPARE(r.body, QByteArray("alex"));
        QVERIFY(!r.headers.contains("Set-Cookie"));
        QCOMPARE(storeOps(events), QStringList{QStringLiteral("get")});
    }

    void recordsExpire_data() { addBackendRows(); }
    void recordsExpire()
    {
        QString why;
        if (!makeEngine(&why))
            QSKIP(qPrintable(why));
        // 2 s: memcached's clock ticks in whole seconds, so a TTL of 1 may end at once.
        engine_->app().config().set(QStringLiteral("PERMANENT_SESSION_LIFETIME"), 2);
        engine_->app().config().set(QStringLiteral("SESSION_REFRESH_EACH_REQUEST"),
                                    false); // reads do not renew
        const QByteArray sid = createSession();
        QVERIFY(!sid.isEmpty());
        QCOMPARE(request("/get/user", sid).body, QByteArray("alex"));
        // The first request that finds it gone is the one whose events tell how (QTRY_ evaluates
        // its condition once more at the end, so keep that request's events).
        std::vector<trace::Event> events;
        auto gone = [&] {
            if (events.empty() && request("/get/user", sid, &events).body != "<none>")
                events.clear();
            return !events.empty();
        };
        QTRY_VERIFY_WITH_TIMEOUT(gone(), 8000);
        // Files and SQLite keep the expiry and say so; Redis and memcached forget the key.
        QFETCH(QString, backend);
        const bool knowsExpiry = backend == QLatin1String("filesystem") || backend == QLatin1String("sqlite");
        QCOMPARE(openOutcome(events), knowsExpiry ? QStringLiteral("expired") : QStringLiteral("new"));
        const QByteArray newSid =
            eventsOf(events, trace::EventKind::SessionOpen).last().value("sid").toByteArray();
        QVERIFY(newSid != sid);
        QCOMPARE(engine_->record(sid).status, SessionStore::Record::Status::Missing); // deleted on read
    }

    void signer_data() { addBackendRows(); }
    void signer()
    {
        QString why;
        if (!makeEngine(&why))
            QSKIP(qPrintable(why));
        engine_->app().config().set(QStringLiteral("SESSION_USE_SIGNER"), true);
        TestResponse r = request("/set/user/alex");
        const auto cookie = test::sessionCookie(r);
        QVERIFY(cookie);
        const codec::FlaskSessionSigner signer(codec::Signer::keysFromStrings({test::kStoreSecret}));
        const codec::UnsignResult unsigned_ = signer.unsign(cookie->value);
        QVERIFY2(unsigned_.ok(), cookie->value.constData());
        const QByteArray sid = unsigned_.value;
        QCOMPARE(cookie->value, signer.sign(QString::fromLatin1(sid)));
        QCOMPARE(engine_->record(sid).status,
                 SessionStore::Record::Status::Found); // the key has the bare sid

        std::vector<trace::Event> events;
        QCOMPARE(request("/get/user", cookie->value, &events).body, QByteArray("alex"));
        QCOMPARE(openOutcome(events), QStringLiteral("loaded"));

        // A bad signature and an unsigned sid are both refused, without asking the store.
        QByteArray tampered = cookie->value;
        tampered[tampered.size() - 2] = tampered.at(tampered.size() - 2) == 'A' ? 'B' : 'A';
        for (const QByteArray &bad : {tampered, sid}) {
            r = request("/get/user", bad, &events);
            QCOMPARE(r.body, QByteArray("<none>"));
            QCOMPARE(openOutcome(events), QStringLiteral("bad_signature"));
            QCOMPARE(storeOps(events), QStringList());
        }

        // Signer on without a secret key: a null session, as flask-session's.
        engine_->app().config().set(QStringLiteral("SECRET_KEY"), QVariant());
        r = request("/get/user", cookie->value, &events);
        QCOMPARE(r.body, QByteArray("<none>"));
        QCOMPARE(openOutcome(events), QStringLiteral("no_secret_key"));
        QCOMPARE(request("/set/user/x").status, 500);

        // Signer off: the cookie is the bare sid, and a signed value is not an sid.
        engine_->app().config().set(QStringLiteral("SECRET_KEY"), test::kStoreSecret);
        engine_->app().config().set(QStringLiteral("SESSION_USE_SIGNER"), false);
        QCOMPARE(request("/get/user", sid).body, QByteArray("alex"));
        QCOMPARE(request("/get/user", cookie->value).body, QByteArray("<none>"));
    }

    void cookieAttributesAsConfigured_data() { addBackendRows(); }
    void cookieAttributesAsConfigured()
    {
        QString why;
        if (!makeEngine(&why))
            QSKIP(qPrintable(why));
        Config &config = engine_->app().config();
        config.set(QStringLiteral("SESSION_COOKIE_SAMESITE"), QStringLiteral("Lax"));
        config.set(QStringLiteral("SESSION_COOKIE_SECURE"), true);
        config.set(QStringLiteral("SESSION_COOKIE_NAME"), QStringLiteral("sid"));
        config.set(QStringLiteral("SESSION_KEY_PREFIX"), QStringLiteral("app1:"));
        config.set(QStringLiteral("SESSION_PERMANENT"), false);
        const TestResponse r = request("/set/user/alex");
        const auto cookie = test::sessionCookie(r, "sid");
        QVERIFY(cookie);
        QCOMPARE(cookie->header, "sid=" + cookie->value + "; Secure; HttpOnly; Path=/; SameSite=Lax");
        QCOMPARE(engine_->store().get("app1:" + cookie->value).status, SessionStore::Record::Status::Found);
        QCOMPARE(engine_->store().get("session:" + cookie->value).status,
                 SessionStore::Record::Status::Missing);
    }

    void unreadableRecordGivesNewSid_data() { addBackendRows(); }
    void unreadableRecordGivesNewSid()
    {
        QString why;
        if (!makeEngine(&why))
            QSKIP(qPrintable(why));
        const QByteArray sid = ServerSideSessionInterface::generateSid().toLatin1();
        engine_->store().set(engine_->key(sid), "\x80\x04not tagged json", 60); // e.g. a pickle
        std::vector<trace::Event> events;
        const TestResponse r = request("/set/user/alex", sid, &events);
        QCOMPARE(r.status, 200);
        QCOMPARE(openOutcome(events), QStringLiteral("bad_payload"));
        QVERIFY(test::sessionCookie(r)->value != sid);
    }
};

QTEST_GUILESS_MAIN(StoreContractTest)
#include "tst_store_contract.moc"
