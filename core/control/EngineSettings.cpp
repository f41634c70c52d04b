#include "core/control/EngineSettings.h"

#include <QHostAddress>

namespace rs::control {

QString EngineSettings::validate() const
{
    if (QHostAddress(host).isNull())
        return QStringLiteral("host: '%1' is not an IP address (e.g. 127.0.0.1)").arg(host);
    if (threads < 1 || threads > 256)
        return QStringLiteral("threads: %1 is out of range (1 to 256)").arg(threads);
    if (!SessionBackendSettings::types().contains(session.type))
        return QStringLiteral("session type: '%1' is not one of %2")
            .arg(session.type, SessionBackendSettings::types().join(QStringLiteral(", ")));
    if (workers != QLatin1String("threads") && workers != QLatin1String("coroutines"))
        return QStringLiteral("workers: '%1' is not threads or coroutines").arg(workers);
    if (!ident.isEmpty() && !fiber::parseIdentMode(ident.toStdString()))
        return QStringLiteral("Local ident: '%1' is not thread, coroutine or global").arg(ident);
    if (permanentLifetimeS < 1)
        return QStringLiteral("permanent session lifetime: must be at least 1 second");
    return {};
}

QString EngineSettings::effectiveIdent() const
{
    if (!ident.isEmpty())
        return ident;
    return workers == QLatin1String("coroutines") ? QStringLiteral("coroutine") : QStringLiteral("thread");
}

fiber::IdentMode EngineSettings::identMode() const
{
    return fiber::parseIdentMode(effectiveIdent().toStdString()).value_or(fiber::IdentMode::Thread);
}

QStringList EngineSettings::securityWarnings(const QString &host, const QString &secret)
{
    QStringList warnings;
    const QHostAddress address(host == QLatin1String("localhost") ? QStringLiteral("127.0.0.1") : host);
    if (!address.isNull() && !address.isLoopback())
        warnings << QStringLiteral("binding %1 makes the demo app (with /boom, /echo and the session "
                                   "routes) reachable from other machines; use 127.0.0.1 unless you "
                                   "mean it")
                        .arg(host);
    if (!secret.isEmpty() && secret.size() < kMinSecretLength)
        warnings << QStringLiteral("SECRET_KEY is only %1 characters: anyone with one session cookie can "
                                   "guess a short key offline and then sign any session; use at least %2 "
                                   "random characters, or no key for the per-install random one")
                        .arg(secret.size())
                        .arg(kMinSecretLength);
    return warnings;
}

QString EngineSettings::brokenIdentWarning() const
{
    return QString::fromStdString(
        fiber::brokenIdentWarning(identMode(), workers == QLatin1String("coroutines")));
}

} // namespace rs::control
