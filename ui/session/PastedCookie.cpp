#include "ui/session/PastedCookie.h"

#include <QRegularExpression>
#include <QStringList>

namespace rs::ui {

namespace {
QString unquoted(QString v)
{
    // A value copied from a wrapped line keeps no blanks: cookie values never contain any.
    static const QRegularExpression blanks(QStringLiteral("\\s+"));
    v.remove(blanks);
    if (v.size() >= 2 && v.startsWith(QLatin1Char('"')) && v.endsWith(QLatin1Char('"')))
        v = v.mid(1, v.size() - 2);
    return v;
}
} // namespace

PastedCookie PastedCookie::parse(const QString &text, const QString &wantedName)
{
    PastedCookie out;
    QString t = text.trimmed();
    // A header line: its name, then name=value pairs; Set-Cookie's attributes come after the first ';'.
    static const QRegularExpression header(QStringLiteral("^(set-cookie|cookie)\\s*:\\s*"),
                                           QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch m = header.match(t);
    const bool setCookie =
        m.hasMatch() && m.captured(1).compare(QLatin1String("set-cookie"), Qt::CaseInsensitive) == 0;
    if (m.hasMatch())
        t = t.mid(m.capturedLength());
    else if (!t.contains(QLatin1Char('='))) {
        // A bare value (cookie values made by itsdangerous never contain '=').
        out.value = unquoted(t);
        return out;
    }
    QStringList pairs = t.split(QLatin1Char(';'), Qt::SkipEmptyParts);
    if (setCookie && pairs.size() > 1)
        pairs = pairs.mid(0, 1);
    QString firstName;
    QString firstValue;
    for (const QString &pair : pairs) {
        const qsizetype eq = pair.indexOf(QLatin1Char('='));
        if (eq < 0)
            continue;
        const QString name = pair.left(eq).trimmed();
        const QString value = unquoted(pair.mid(eq + 1));
        if (name == wantedName) {
            out.name = name;
            out.value = value;
            return out;
        }
        if (firstName.isEmpty()) {
            firstName = name;
            firstValue = value;
        }
    }
    // One cookie under another name (SESSION_COOKIE_NAME changed): take it, and say its name.
    if (pairs.size() == 1 && !firstName.isEmpty()) {
        out.name = firstName;
        out.value = firstValue;
        return out;
    }
    out.error = QStringLiteral("no cookie named '%1' in the pasted text").arg(wantedName);
    return out;
}

} // namespace rs::ui
