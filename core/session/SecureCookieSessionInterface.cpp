#include "core/session/SecureCookieSessionInterface.h"

#include "core/framework/App.h"
#include "core/framework/Request.h"
#include "core/framework/Response.h"
#include "core/session/SessionEvents.h"
#include "core/session/codec/CookieSessionCodec.h"
#include "core/session/codec/Signer.h"
#include "core/trace/EventBus.h"

#include <QDateTime>

#include <stdexcept>

namespace rs {

SecureCookieSessionInterface::SecureCookieSessionInterface(std::function<std::int64_t()> now)
    : now_(std::move(now))
{
    if (!now_)
        now_ = [] { return QDateTime::currentSecsSinceEpoch(); };
}

std::shared_ptr<Session> SecureCookieSessionInterface::openSession(App &app, Request &request)
{
    const QStringList keys = app.config().secretKeys();
    if (keys.isEmpty()) {
        sessionEvents::open("cookie", "no_secret_key", "SECRET_KEY is not set: null session");
        return nullptr;
    }
    const std::optional<QString> cookie = request.cookie(QString::fromUtf8(cookieName(app)));
    if (!cookie || cookie->isEmpty()) {
        auto session = std::make_shared<Session>(Session::Kind::Cookie);
        sessionEvents::open("cookie", "new", {}, &session->data());
        return session;
    }
    const codec::LoadResult result =
        codec::CookieSessionCodec::decode(cookie->toUtf8(), codec::Signer::keysFromStrings(keys), now_(),
                                          app.config().session().permanentLifetime);
    switch (result.failure) {
    case codec::Failure::None: {
        auto session = std::make_shared<Session>(Session::Kind::Cookie, result.payload);
        sessionEvents::open("cookie", "loaded", {}, &session->data());
        return session;
    }
    case codec::Failure::Expired:
        sessionEvents::open("cookie", "expired", result.message.toStdString());
        return std::make_shared<Session>(Session::Kind::Cookie);
    case codec::Failure::BadSignature:
    case codec::Failure::Malformed:
        sessionEvents::open("cookie", "bad_signature", result.message.toStdString());
        return std::make_shared<Session>(Session::Kind::Cookie);
    case codec::Failure::BadPayload:
        sessionEvents::open("cookie", "bad_payload", result.message.toStdString());
        throw std::runtime_error("BadPayload: " + result.message.toStdString());
    }
    return std::make_shared<Session>(Session::Kind::Cookie);
}

void SecureCookieSessionInterface::saveSession(App &app, Session &session, Response &response)
{
    if (session.accessed())
        response.addVary("Cookie");
    if (session.empty()) {
        if (session.modified()) {
            deleteSessionCookie(app, response);
            sessionEvents::save(
                "delete_cookie",
                QStringLiteral("the session was emptied (modified and empty): delete the cookie"),
                sessionEvents::lastSetCookieSize(response), &session.data());
        } else {
            sessionEvents::save("skip", QStringLiteral("empty and not modified: no Set-Cookie"), 0,
                                &session.data());
        }
        return;
    }
    const bool modified = session.modified();
    if (!shouldSetCookie(app, session)) {
        sessionEvents::save(
            "skip",
            session.data().get(QStringLiteral("_permanent")).toBool() // no second read event
                ? QStringLiteral(
                      "not modified; permanent, but SESSION_REFRESH_EACH_REQUEST is off: no Set-Cookie")
                : QStringLiteral("not modified and not permanent: no Set-Cookie"),
            0, &session.data());
        return;
    }
    QString error;
    const QByteArray value = codec::CookieSessionCodec::sign(
        session.data(), now_(), codec::Signer::keysFromStrings(app.config().secretKeys()), &error);
    if (value.isEmpty())
        throw std::runtime_error("TypeError: " + error.toStdString());
    setSessionCookie(app, session, response, value);
    sessionEvents::save(
        "set_cookie",
        modified
            ? QStringLiteral("modified: Set-Cookie with the new session")
            : QStringLiteral("not modified, but permanent and SESSION_REFRESH_EACH_REQUEST: re-signed with a "
                             "new timestamp and Expires"),
        sessionEvents::lastSetCookieSize(response), &session.data());
}

} // namespace rs
