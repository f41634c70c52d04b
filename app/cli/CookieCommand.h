#pragma once

#include <QString>
#include <QStringList>

namespace rs::cli {

// `requestscope cookie sign|decode …` (DESIGN.md's command line): signs a session given in
// tagged-JSON form, or opens a cookie, exactly as Flask 2.2's SecureCookieSessionInterface does.
//   sign   → the cookie value on stdout, exit 0
//   decode → the JSON that was signed on stdout, exit 0; or the reason on stderr, exit 1
// Bad arguments print one line on stderr and exit 2. `arguments` excludes the word "cookie".
int runCookie(const QStringList &arguments);

QString cookieHelpText();

} // namespace rs::cli
