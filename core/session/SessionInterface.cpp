#include "core/session/SessionInterface.h"

#include "core/framework/App.h"
#include "core/framework/Response.h"
#include "core/session/SessionEvents.h"

#include <QHostAddress>

namespace rs {

std::shared_ptr<Session> SessionInterface::makeNullSession(App &)
{
    return std::make_shared<Session>(Session::Kind::Null);
}

bool SessionInterface::shouldSetCookie(App &app, Session &session)
{
    return session.modified() || (session.permanent() && app.config().session().refreshEachRequest);
}

QByteArray SessionInterface::cookieName(App &app) const
{
    return app.config().session().cookieName;
}

QByteArray SessionInterface::cookieDomain(App &app) const
{
    const Config::SessionSettings &s = app.config().session();
    if (s.cookieDomain.isValid())
        return s.cookieDomain.typeId() == QMetaType::Bool ? QByteArray() : s.cookieDomain.toString().toUtf8();
    // Derived from SERVER_NAME as Flask 2.2 does: port removed, leading dot stripped, no Domain
    // for a name without a dot, ".host" when the cookie path is "/".
    QString server = s.serverName;
    if (server.isEmpty())
        return {};
    server = server.section(QLatin1Char(':'), 0, 0);
    while (server.startsWith(QLatin1Char('.')))
        server.remove(0, 1);
    if (!server.contains(QLatin1Char('.')))
        return {};
    if (!QHostAddress(server).isNull())
        return server.toUtf8();
    if (s.cookiePath == "/")
        return '.' + server.toUtf8();
    return server.toUtf8();
}

QByteArray SessionInterface::cookiePath(App &app) const
{
    return app.config().session().cookiePath;
}

bool SessionInterface::cookieHttpOnly(App &app) const
{
    return app.config().session().cookieHttpOnly;
}

bool SessionInterface::cookieSecure(App &app) const
{
    return app.config().session().cookieSecure;
}

QByteArray SessionInterface::cookieSameSite(App &app) const
{
    return app.config().session().cookieSameSite;
}

void SessionInterface::setSessionCookie(App &app, Session &session, Response &response,
                                        const QByteArray &value) const
{
    CookieOptions options;
    options.expires = expirationTime(app, session);
    options.httpOnly = cookieHttpOnly(app);
    options.domain = cookieDomain(app);
    options.path = cookiePath(app);
    options.secure = cookieSecure(app);
    options.sameSite = cookieSameSite(app);
    options.maxSize = app.config().session().maxCookieSize;
    const QString warning = response.setCookie(cookieName(app), value, options);
    response.addVary("Cookie");
    if (!warning.isEmpty())
        sessionEvents::warning(warning);
}

void SessionInterface::deleteSessionCookie(App &app, Response &response) const
{
    response.deleteCookie(cookieName(app), cookiePath(app), cookieDomain(app), cookieSecure(app),
                          cookieHttpOnly(app), cookieSameSite(app));
    response.addVary("Cookie");
}

std::optional<QDateTime> SessionInterface::expirationTime(App &app, Session &session) const
{
    if (!session.permanent())
        return std::nullopt;
    return QDateTime::currentDateTimeUtc().addSecs(app.config().session().permanentLifetime);
}

} // namespace rs
