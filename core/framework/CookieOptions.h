#pragma once

#include <QByteArray>
#include <QDateTime>

#include <optional>

namespace rs {

// The attributes of one Set-Cookie, as werkzeug's dump_cookie takes them.
struct CookieOptions {
    std::optional<qint64> maxAge; // seconds; also sets Expires when expires is unset
    std::optional<QDateTime> expires;
    QByteArray path = "/"; // empty = no Path
    QByteArray domain;     // empty = no Domain
    bool secure = false;
    bool httpOnly = false;
    QByteArray sameSite; // "", "Strict", "Lax", "None" (any case; title-cased)
    int maxSize = 4093;  // warn above this (0 = never)
};

} // namespace rs
