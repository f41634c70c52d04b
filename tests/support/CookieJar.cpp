#include "tests/support/CookieJar.h"

#include "tests/support/TestHttpClient.h"

#include <QLocale>

namespace rs::test {

std::optional<QByteArray> SetCookie::attribute(const QByteArray &name) const
{
    for (const auto &a : attributes)
        if (a.first.compare(name, Qt::CaseInsensitive) == 0)
            return a.second;
    return std::nullopt;
}

std::optional<QDateTime> SetCookie::expires() const
{
    const std::optional<QByteArray> text = attribute("Expires");
    if (!text)
        return std::nullopt;
    // "Thu, 01 Jan 1970 00:00:00 GMT" (werkzeug's http_date).
    QDateTime t = QLocale::c().toDateTime(QString::fromLatin1(*text),
                                          QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"));
    if (!t.isValid())
        return std::nullopt;
    t.setTimeSpec(Qt::UTC);
    return t;
}

bool SetCookie::deletes() const
{
    if (attribute("Max-Age") == QByteArray("0"))
        return true;
    const std::optional<QDateTime> when = expires();
    return when && *when < QDateTime::currentDateTimeUtc();
}

SetCookie SetCookie::parse(const QByteArray &header)
{
    SetCookie c;
    const QList<QByteArray> parts = header.split(';');
    const QByteArray first = parts.value(0).trimmed();
    const qsizetype eq = first.indexOf('=');
    c.name = eq < 0 ? first : first.left(eq);
    c.value = eq < 0 ? QByteArray() : first.mid(eq + 1);
    for (int i = 1; i < parts.size(); ++i) {
        const QByteArray part = parts[i].trimmed();
        const qsizetype e = part.indexOf('=');
        c.attributes.append(e < 0 ? qMakePair(part, QByteArray()) : qMakePair(part.left(e), part.mid(e + 1)));
    }
    return c;
}

void CookieJar::update(const TestResponse &response)
{
    for (const QByteArray &header : response.headers.values("Set-Cookie")) {
        const SetCookie c = SetCookie::parse(header);
        if (c.deletes())
            cookies_.remove(c.name);
        else
            cookies_[c.name] = c.value;
    }
}

TestHeaders CookieJar::headers() const
{
    if (cookies_.isEmpty())
        return {};
    QByteArray line;
    for (auto it = cookies_.cbegin(); it != cookies_.cend(); ++it) {
        if (!line.isEmpty())
            line += "; ";
        line += it.key() + '=' + it.value();
    }
    return {{"Cookie", line}};
}

} // namespace rs::test
