#pragma once

#include "core/fiber/IdentMode.h"
#include "core/session/SessionBackend.h"

#include <QString>
#include <QStringList>

namespace rs::control {

// Everything the App panel can change, with `serve`'s defaults. A plain value.
struct EngineSettings {
    QString host = QStringLiteral("127.0.0.1");
    quint16 port = 5000;      // 0 = any free port
    bool tryNextPorts = true; // when `port` is taken, the next free one (up to port + 99)
    int threads = 4;
    QString workers = QStringLiteral("threads"); // threads | coroutines (one coroutine per request)
    QString ident; // thread | coroutine | global; empty: the one that fits `workers`
    SessionBackendSettings session;
    QString secret;                             // empty: the per-install random key
    qint64 permanentLifetimeS = 31 * 24 * 3600; // PERMANENT_SESSION_LIFETIME
    bool refreshEachRequest = true;             // SESSION_REFRESH_EACH_REQUEST
    bool useSigner = false;                     // SESSION_USE_SIGNER (server-side sessions)

    // An empty string when the values can be used, else what is wrong, in words.
    QString validate() const;
    // What Local storage keys on with these settings: "thread", "coroutine" or "global".
    QString effectiveIdent() const;
    fiber::IdentMode identMode() const;
    // Why these settings are the articles' lesson, broken on purpose (a thread-keyed Local on
    // coroutine workers, or a plain global dict); empty when they are sound.
    QString brokenIdentWarning() const;
    bool brokenIdent() const { return !brokenIdentWarning().isEmpty(); }
    // What is unsafe about these settings, one sentence each (binding beyond loopback, a short
    // SECRET_KEY); empty when nothing is.
    QStringList securityWarnings() const { return securityWarnings(host, secret); }
    // The same for any front end: `host` as given, `secret` empty for the per-install random key.
    static QStringList securityWarnings(const QString &host, const QString &secret);
    // Shorter keys get a warning: HMAC-SHA1 cookies let anyone holding one guess the key offline.
    static constexpr int kMinSecretLength = 24;
};

} // namespace rs::control
