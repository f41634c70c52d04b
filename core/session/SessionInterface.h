#pragma once

#include "core/session/Session.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>

#include <memory>
#include <optional>

namespace rs {

class App;
class Request;
class Response;

// Flask's SessionInterface: how a request's session is opened before the view and saved after
// it. open_session runs when the request context is pushed; save_session runs after the
// after_request hooks, unless the session is a null session. Implementations must be usable from
// every worker at once.
class SessionInterface {
public:
    virtual ~SessionInterface() = default;

    // Name shown in events and the UI ("null", "cookie", "redis", …).
    virtual QString name() const = 0;
    // Returns the session, or nullptr to make Flask use a null session. May throw (a store that
    // is down); the request then fails as Flask's would.
    virtual std::shared_ptr<Session> openSession(App &app, Request &request) = 0;
    virtual void saveSession(App &app, Session &session, Response &response) = 0;

    virtual std::shared_ptr<Session> makeNullSession(App &app);
    virtual bool isNullSession(const Session &session) const { return session.isNull(); }

    // SessionInterface.should_set_cookie: modified, or permanent with SESSION_REFRESH_EACH_REQUEST.
    virtual bool shouldSetCookie(App &app, Session &session);

    // The get_cookie_* helpers, from app.config (reference §b.5).
    QByteArray cookieName(App &app) const;
    QByteArray cookieDomain(App &app) const; // empty = no Domain attribute
    QByteArray cookiePath(App &app) const;
    bool cookieHttpOnly(App &app) const;
    bool cookieSecure(App &app) const;
    QByteArray cookieSameSite(App &app) const;
    // response.set_cookie for the session cookie with every SESSION_COOKIE_* attribute, Expires for
    // a permanent session, and Vary: Cookie; Flask's size warning becomes an `error` event.
    void setSessionCookie(App &app, Session &session, Response &response, const QByteArray &value) const;
    // response.delete_cookie for the session cookie (same attributes), and Vary: Cookie.
    void deleteSessionCookie(App &app, Response &response) const;

    // now + PERMANENT_SESSION_LIFETIME for a permanent session, else none.
    std::optional<QDateTime> expirationTime(App &app, Session &session) const;
};

} // namespace rs
