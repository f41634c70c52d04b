#pragma once

#include <QString>

namespace rs::ui {

// The cookie in text a user pasted: a bare value, "name=value", a Cookie header
// ("Cookie: a=1; session=…") or a Set-Cookie line ("Set-Cookie: session=…; Path=/"). A plain value.
struct PastedCookie {
    QString name;  // the cookie's name when the text said it, else empty
    QString value; // without quotes and surrounding blanks
    QString error; // why no value could be found (a header line without `wantedName`)

    // With several cookies in a header, the one named `wantedName` (the session cookie's name).
    static PastedCookie parse(const QString &text, const QString &wantedName);
};

} // namespace rs::ui
