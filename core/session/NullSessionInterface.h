#pragma once

#include "core/session/SessionInterface.h"

namespace rs {

// SESSION_TYPE "null": every request gets a null session — reads work, writes raise Flask's
// "no secret key" RuntimeError (as flask-session's NullSessionInterface does).
class NullSessionInterface : public SessionInterface {
public:
    QString name() const override { return QStringLiteral("null"); }
    std::shared_ptr<Session> openSession(App &app, Request &request) override;
    void saveSession(App &app, Session &session, Response &response) override;
};

} // namespace rs
