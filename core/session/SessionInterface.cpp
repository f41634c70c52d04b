#include "core/session/SessionInterface.h"

#include "core/framework/App.h"

#include <QHostAddress>

namespace rs {

std::shared_ptr<Session> SessionInterface::makeNullSession(App &)
{
    return std::make_shared<Session>(Session::Kind::Null);
}

bool SessionInterface::shouldSetCookie(App &app, Session &session)
{
    return session.modified() ||
           (session.permanent() && app.config().boolValue(QStringLiteral("SESSION_REFRESH_EACH_REQUEST")));
}

QByteArray SessionInterface::cookieName(App &app) const
{
    return app.config().stringValue(QStringLiteral("SESSION_COOKIE_NAME")).toUtf8();
}

QByteArray SessionInterface::cookieDomain(App &app) const
{
    const QVariant explicitDomain = app.config().value(QStringLiteral("SESSION_COOKIE_DOMAIN"));
    if (explicitDomain.isValid())
        return explicitDomain.typeId() == QMetaType::Bool ? QByteArray() : explicitDomain.toString().toUtf8();
    // Derived from SERVER_NAME as Flask 2.2 does: port removed, leading dot stripped, no Domain
    // for a name without a dot, ".host" when the cookie path is "/".
    QString server = app.config().stringValue(QStringLiteral("SERVER_NAME"));
    if (server.isEmpty())
        return {};
    server = server.section(QLatin1Char(':'), 0, 0);
    while (server.startsWith(QLatin1Char('.')))
        server.remove(0, 1);
    if (!server.contains(QLatin1Char('.')))
        return {};
    if (!QHostAddress(server).isNull())
        return server.toUtf8();
    if (cookiePath(app) == "/")
        return '.' + server.toUtf8();
    return server.toUtf8();
}

QByteArray SessionInterface::cookiePath(App &app) const
{
    const QString path = app.config().stringValue(QStringLiteral("SESSION_COOKIE_PATH"));
    if (!path.isNull())
        return path.toUtf8();
    const QString root = app.config().stringValue(QStringLiteral("APPLICATION_ROOT"));
    return root.isEmpty() ? QByteArray("/") : root.toUtf8();
}

bool SessionInterface::cookieHttpOnly(App &app) const
{
    return app.config().boolValue(QStringLiteral("SESSION_COOKIE_HTTPONLY"));
}

bool SessionInterface::cookieSecure(App &app) const
{
    return app.config().boolValue(QStringLiteral("SESSION_COOKIE_SECURE"));
}

QByteArray SessionInterface::cookieSameSite(App &app) const
{
    return app.config().stringValue(QStringLiteral("SESSION_COOKIE_SAMESITE")).toUtf8();
}

std::optional<QDateTime> SessionInterface::expirationTime(App &app, Session &session) const
{
    if (!session.permanent())
        return std::nullopt;
    return QDateTime::currentDateTimeUtc().addSecs(app.config().permanentSessionLifetime());
}

} // namespace rs
