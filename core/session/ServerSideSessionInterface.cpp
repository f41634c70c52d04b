#include "core/session/ServerSideSessionInterface.h"

#include "core/session/SessionEvents.h"

#include "core/framework/App.h"
#include "core/framework/Request.h"
#include "core/framework/Response.h"
#include "core/session/SessionStoreError.h"
#include "core/session/codec/FlaskSessionSigner.h"
#include "core/session/store/SessionStore.h"
#include "core/trace/EventBus.h"
#include "core/value/TaggedJson.h"

#include <QRandomGenerator>

#include <algorithm>
#include <stdexcept>

namespace rs {

namespace {
std::string_view toView(QByteArrayView bytes)
{
    return {bytes.data(), std::size_t(bytes.size())};
}

const QString kPermanentKey = QStringLiteral("_permanent");
constexpr qsizetype kSidLength = 22;

bool useSigner(App &app)
{
    return app.config().value(QStringLiteral("SESSION_USE_SIGNER")).toBool();
}

} // namespace

ServerSideSessionInterface::ServerSideSessionInterface(std::shared_ptr<SessionStore> store)
    : store_(std::move(store))
{
}

ServerSideSessionInterface::~ServerSideSessionInterface() = default;

QString ServerSideSessionInterface::name() const
{
    return store_->backend();
}

QByteArray ServerSideSessionInterface::storeKey(App &app, QByteArrayView sid)
{
    return app.config().value(QStringLiteral("SESSION_KEY_PREFIX")).toString().toUtf8() + sid.toByteArray();
}

QString ServerSideSessionInterface::generateSid()
{
    quint32 words[4];
    QRandomGenerator::system()->fillRange(words);
    const QByteArray raw(reinterpret_cast<const char *>(words), sizeof words);
    return QString::fromLatin1(raw.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

bool ServerSideSessionInterface::isValidSid(QByteArrayView sid)
{
    if (sid.size() != kSidLength)
        return false;
    return std::all_of(sid.begin(), sid.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
               c == '_';
    });
}

std::shared_ptr<Session> ServerSideSessionInterface::openSession(App &app, Request &request)
{
    const QString backend = store_->backend();
    const bool signer = useSigner(app);
    const QStringList keys = app.config().secretKeys();
    if (signer && keys.isEmpty()) {
        sessionEvents::open(backend.toStdString(), "no_secret_key");
        return nullptr;
    }
    const bool permanentByDefault = app.config().value(QStringLiteral("SESSION_PERMANENT")).toBool();
    auto fresh = [&](const char *outcome) {
        // As flask-session's constructor: "_permanent" set, but not modified (see the header).
        auto session = std::make_shared<Session>(Session::Kind::ServerSide,
                                                 permanentByDefault ? Value::dict({{kPermanentKey, true}})
                                                                    : Value::dict());
        session->setSid(generateSid());
        session->setNew(true);
        sessionEvents::open(backend.toStdString(), outcome, toView(session->sid().toLatin1()),
                            &session->data());
        return session;
    };

    const std::optional<QString> cookie = request.cookie(QString::fromUtf8(cookieName(app)));
    if (!cookie || cookie->isEmpty())
        return fresh("new");
    QByteArray sid = cookie->toUtf8();
    if (signer) {
        const codec::UnsignResult unsigned_ =
            codec::FlaskSessionSigner(codec::Signer::keysFromStrings(keys)).unsign(sid);
        if (!unsigned_.ok())
            return fresh("bad_signature");
        sid = unsigned_.value;
    }
    // Not one of ours: it cannot be in the store, so do not even ask.
    if (!isValidSid(sid))
        return fresh("new");

    SessionStore::Record record;
    try {
        record = store_->get(storeKey(app, sid));
    } catch (const SessionStoreError &) {
        sessionEvents::open(backend.toStdString(), "store_error", toView(sid));
        throw;
    }
    switch (record.status) {
    case SessionStore::Record::Status::Missing: return fresh("new");
    case SessionStore::Record::Status::Expired: return fresh("expired");
    case SessionStore::Record::Status::Found: break;
    }
    QString error;
    Value data = TaggedJson::loads(record.data, &error);
    if (!error.isEmpty() || !data.isDict())
        return fresh("bad_payload");
    auto session = std::make_shared<Session>(Session::Kind::ServerSide, std::move(data));
    session->setSid(QString::fromLatin1(sid));
    sessionEvents::open(backend.toStdString(), "loaded", toView(sid), &session->data());
    return session;
}

void ServerSideSessionInterface::saveSession(App &app, Session &session, Response &response)
{
    const QString backend = store_->backend();
    const QByteArray sid = session.sid().toLatin1();
    const QByteArray key = storeKey(app, sid);

    if (session.saveFailed()) {
        // The 503 of this request's failed write: Flask would run save_session again here; if the
        // store came back meanwhile, the session would be saved and its cookie sent with a page
        // saying that the store is unavailable.
        sessionEvents::save("skip",
                            QStringLiteral("writing the session to %1 failed earlier in this request (503): "
                                           "not tried again, no Set-Cookie")
                                .arg(backend),
                            0, &session.data());
        return;
    }
    if (session.accessed())
        response.addVary("Cookie");
    if (session.empty()) {
        if (!session.modified()) {
            sessionEvents::save("skip",
                                QStringLiteral("empty and not modified: nothing stored, no Set-Cookie"), 0,
                                &session.data());
            return;
        }
        // A new session was never stored: only the browser's cookie (if any) needs to go.
        if (!session.isNew()) {
            try {
                store_->remove(key);
            } catch (const SessionStoreError &) {
                session.setSaveFailed(true);
                throw;
            }
        }
        deleteSessionCookie(app, response);
        sessionEvents::save(
            "delete_cookie",
            session.isNew()
                ? QStringLiteral("a new session was emptied: nothing was stored; delete the cookie")
                : QStringLiteral("the session was emptied (modified and empty): deleted from %1, delete "
                                 "the cookie")
                      .arg(backend),
            sessionEvents::lastSetCookieSize(response), &session.data());
        return;
    }
    const bool modified = session.modified();
    if (session.isNew() && !modified) {
        sessionEvents::save(
            "skip",
            QStringLiteral("a new session nothing was written to: nothing stored, no Set-Cookie "
                           "(SESSION_PERMANENT alone creates no record)"),
            0, &session.data());
        return;
    }
    if (!shouldSetCookie(app, session)) {
        sessionEvents::save(
            "skip",
            session.data().get(QStringLiteral("_permanent")).toBool() // no second read event
                ? QStringLiteral("not modified; permanent, but SESSION_REFRESH_EACH_REQUEST is off: the "
                                 "record is kept as it is, no Set-Cookie")
                : QStringLiteral(
                      "not modified and not permanent: the record is kept as it is, no Set-Cookie"),
            0, &session.data());
        return;
    }

    QString error;
    const QByteArray value = TaggedJson::dumps(session.data(), &error);
    if (!error.isEmpty() || value.isEmpty())
        throw std::runtime_error("TypeError: " + error.toStdString());
    QByteArray cookieValue = sid;
    if (useSigner(app)) {
        cookieValue = codec::FlaskSessionSigner(codec::Signer::keysFromStrings(app.config().secretKeys()))
                          .sign(QString::fromLatin1(sid));
        if (cookieValue.isEmpty())
            throw std::runtime_error("SESSION_USE_SIGNER is on but SECRET_KEY is not set");
    }
    const qint64 ttl = std::max<qint64>(1, app.config().session().permanentLifetime);
    // Throws SessionStoreError: then no cookie is set and no set_cookie decision is reported.
    try {
        store_->set(key, value, ttl);
    } catch (const SessionStoreError &) {
        session.setSaveFailed(true);
        throw;
    }

    setSessionCookie(app, session, response, cookieValue);
    const QString stored =
        QStringLiteral("%1 bytes in %2 with a TTL of %3 s").arg(value.size()).arg(backend).arg(ttl);
    sessionEvents::save(
        "set_cookie",
        session.isNew()
            ? QStringLiteral("new session written to: stored %1; Set-Cookie with the new sid").arg(stored)
        : modified ? QStringLiteral("modified: stored %1; Set-Cookie with the sid").arg(stored)
                   : QStringLiteral("not modified, but permanent and SESSION_REFRESH_EACH_REQUEST: stored "
                                    "again (%1) and Set-Cookie with a new Expires")
                         .arg(stored),
        sessionEvents::lastSetCookieSize(response), &session.data());
}

} // namespace rs
