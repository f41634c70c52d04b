#pragma once

#include "core/session/SessionInterface.h"

#include <functional>

namespace rs {

// Flask 2.2's default: the whole session in a cookie signed with SECRET_KEY (itsdangerous'
// URLSafeTimedSerializer, salt "cookie-session", HMAC-SHA1, TaggedJSON — reference §a), opened
// and saved exactly as Flask does (§a.6, §b.3, Debian's 2.2.5 rules). Without a secret key every
// request gets a null session. Each decision is an event: session.open with the outcome,
// session.save with the decision and the reason in words.
class SecureCookieSessionInterface : public SessionInterface {
public:
    // `now` gives Unix seconds (tests fix it); the default is the clock.
    explicit SecureCookieSessionInterface(std::function<std::int64_t()> now = {});

    QString name() const override { return QStringLiteral("cookie"); }
    // Throws rs::HttpException-free std::runtime_error for a valid signature over a bad payload
    // (Flask's BadPayload is not caught: the request ends in a 500).
    std::shared_ptr<Session> openSession(App &app, Request &request) override;
    void saveSession(App &app, Session &session, Response &response) override;

private:
    std::function<std::int64_t()> now_;
};

} // namespace rs
