#pragma once

#include "core/framework/CookieOptions.h"

#include <QByteArray>
#include <QString>

#include <utility>
#include <vector>

namespace rs::cookies {

// werkzeug.http.dump_cookie: `name=value; Domain=…; Expires=…; Max-Age=…; Secure; HttpOnly;
// Path=…; SameSite=…` in exactly that order; values outside the legal cookie characters are
// quoted. Throws std::invalid_argument for a SameSite other than Strict/Lax/None and for a
// domain without a dot (werkzeug's messages). When the header exceeds options.maxSize,
// *sizeWarning gets werkzeug's warning text (the cookie is still returned).
QByteArray dump(const QByteArray &name, const QByteArray &value, const CookieOptions &options,
                QString *sizeWarning = nullptr);

// werkzeug.http.parse_cookie for a Cookie request header: pairs in order (duplicates kept;
// callers take the first), quoted values unquoted.
std::vector<std::pair<QString, QString>> parse(const QByteArray &header);

// "Thu, 01 Jan 1970 00:00:00 GMT" (werkzeug.http.http_date).
QByteArray httpDate(const QDateTime &when);
QByteArray httpDate(qint64 unixSeconds);

} // namespace rs::cookies
