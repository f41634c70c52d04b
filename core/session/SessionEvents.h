#pragma once

#include <QString>

#include <string_view>

namespace rs {

class Response;
class Value;

// The events every session interface emits, in one place so that they read the same whatever
// the backend. Each builds its event only while tracing. The ident handling the request calls them.
namespace sessionEvents {

// session.open: interface ("cookie", "redis", …), outcome (new, loaded, expired, …), and the sid
// (server-side) or the reason a cookie was refused (signed cookies), and the session's contents
// as Python's repr (shortened) when there is a session.
void open(std::string_view interface, std::string_view outcome, std::string_view sidOrReason = {},
          const Value *data = nullptr);
// session.save: decision (set_cookie, delete_cookie, skip), the reason in words, bytes of the
// Set-Cookie header (0 when none), and the contents at save time as Python's repr (shortened).
void save(std::string_view decision, const QString &reason, qint64 bytes, const Value *data = nullptr);
// An `error` event from save_session (Flask's UserWarning about a cookie over MAX_COOKIE_SIZE).
void warning(const QString &message);
// The size of the last Set-Cookie header of the response (0 when there is none).
qint64 lastSetCookieSize(const Response &response);

} // namespace sessionEvents
} // namespace rs
