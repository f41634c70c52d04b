#pragma once

#include "core/session/SessionInterface.h"

#include <QByteArray>
#include <QByteArrayView>

#include <memory>

namespace rs {

class SessionStore;

// flask-session's design — the session data on the server, only an id in the cookie — over any
// SessionStore (Redis, memcached, files, SQLite), without the flaws of flask-session 0.3.2
// (reference §c):
//
// - The sid is 128 bits from the system's cryptographic generator (QRandomGenerator::system()),
//   as 22 base64url characters. With SESSION_USE_SIGNER the cookie holds `sid.signature` in
//   flask-session's format (FlaskSessionSigner); a bad signature, or an unsigned sid, gives a new
//   sid. With the signer on and no SECRET_KEY the session is a null session, as flask-session's.
// - An sid the store does not know (expired, deleted, made up) is never adopted: the request gets
//   a new sid, so a client cannot choose its session id (no session fixation).
// - Nothing is stored for a session nothing was written to. SESSION_PERMANENT (default True)
//   applies as in flask-session: a new session starts as {"_permanent": True} — so
//   `session.permanent` reads True in the view — but, like that constructor, it is not marked
//   modified, and a *new* session is stored (and its cookie sent) only when it is modified. A
//   health check that never touches the session creates no record and gets no Set-Cookie. An
//   existing permanent session is refreshed on every request (SESSION_REFRESH_EACH_REQUEST).
// - save_session follows Flask's rules (§b.3) where flask-session ignored them: Vary: Cookie when
//   the session was accessed and whenever a cookie is set or deleted; nothing is written unless
//   should_set_cookie says so; empty + modified deletes the record and the cookie; SameSite and
//   the other SESSION_COOKIE_* as configured; Expires only for a permanent session.
// - The record's TTL is PERMANENT_SESSION_LIFETIME for every session, permanent or not (a record
//   must end some time). For a non-permanent session it counts from the last write, as a Flask
//   cookie's max-age counts from its signing.
// - Values are Flask's tagged JSON (never pickle). A record that does not parse gives a new sid.
// - A store that fails throws rs::SessionStoreError (503 with the store and the error). A
//   session.save with decision set_cookie or delete_cookie is only emitted after the store write
//   or delete succeeded.
//
// Events: session.open (interface = backend, outcome new / loaded / expired / bad_signature /
// bad_payload / store_error / no_secret_key, sid), session.save (decision, reason, bytes of the
// Set-Cookie header), and the store's store.op events.
//
// Threads: stateless apart from the store, which is thread-safe: any worker may call anything.
class ServerSideSessionInterface : public SessionInterface {
public:
    explicit ServerSideSessionInterface(std::shared_ptr<SessionStore> store);
    ~ServerSideSessionInterface() override;

    // The store's backend name ("redis", …). Any thread.
    QString name() const override;
    // Worker threads, several at once. Throws SessionStoreError when the store is down.
    std::shared_ptr<Session> openSession(App &app, Request &request) override;
    // Worker threads, several at once. Throws SessionStoreError when the write or delete failed.
    void saveSession(App &app, Session &session, Response &response) override;

    const std::shared_ptr<SessionStore> &store() const { return store_; }
    // SESSION_KEY_PREFIX + sid. Any thread.
    static QByteArray storeKey(App &app, QByteArrayView sid);
    // 22 base64url characters for 128 random bits from QRandomGenerator::system(). Any thread.
    static QString generateSid();
    // Exactly what generateSid() makes: 22 characters of [A-Za-z0-9_-].
    static bool isValidSid(QByteArrayView sid);

private:
    std::shared_ptr<SessionStore> store_;
};

} // namespace rs
