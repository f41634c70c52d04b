#include "core/framework/routing/UrlQuote.h"

#include <cstring>

namespace rs::routing {

namespace {

// werkzeug.urls._always_safe: unreserved characters plus the sub-delims other than '&' and '='.
bool alwaysSafe(unsigned char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    return std::strchr("-._~$!'()*+,;", c) != nullptr && c != 0;
}

void appendEscaped(QString &out, unsigned char c)
{
    static const char hex[] = "0123456789ABCDEF";
    out.append(QLatin1Char('%'));
    out.append(QLatin1Char(hex[c >> 4]));
    out.append(QLatin1Char(hex[c & 0xF]));
}

void appendPair(QString &out, const QString &key, const Value &value)
{
    if (value.isNone())
        return;
    if (!out.isEmpty())
        out.append(QLatin1Char('&'));
    out.append(UrlQuote::quotePlus(key.toUtf8()));
    out.append(QLatin1Char('='));
    out.append(UrlQuote::quotePlus(UrlQuote::valueBytes(value)));
}

} // namespace

QString UrlQuote::quote(const QByteArray &bytes, const char *extraSafe)
{
    QString out;
    out.reserve(bytes.size());
    for (const char ch : bytes) {
        const auto c = static_cast<unsigned char>(ch);
        if (alwaysSafe(c) || (c != 0 && std::strchr(extraSafe, c) != nullptr))
            out.append(QLatin1Char(ch));
        else
            appendEscaped(out, c);
    }
    return out;
}

QString UrlQuote::quotePlus(const QByteArray &bytes)
{
    QString out;
    out.reserve(bytes.size());
    for (const char ch : bytes) {
        const auto c = static_cast<unsigned char>(ch);
        if (c == ' ')
            out.append(QLatin1Char('+'));
        else if (c != '+' && alwaysSafe(c))
            out.append(QLatin1Char(ch));
        else
            appendEscaped(out, c);
    }
    return out;
}

QString UrlQuote::encodeQuery(const Value::Dict &values)
{
    QString out;
    for (const auto &[key, value] : values) {
        if (value.isList() || value.isTuple()) {
            for (const Value &item : value.items())
                appendPair(out, key, item);
        } else {
            appendPair(out, key, value);
        }
    }
    return out;
}

QString UrlQuote::redirectTarget(const QString &path, const QByteArray &query)
{
    const QString quotedPath = quote(path.toUtf8(), "/:|+");
    const QString decoded = QString::fromUtf8(query);
    if (decoded.isEmpty())
        return quotedPath;

    // iri_to_uri(safe_conversion=True) keeps an ASCII URL whose bytes.split() gives one piece.
    bool plain = true;
    bool sawSpace = false;
    for (const QChar c : decoded) {
        const char16_t u = c.unicode();
        const bool space = u == ' ' || (u >= '\t' && u <= '\r');
        if (u > 127 || (sawSpace && !space)) {
            plain = false;
            break;
        }
        sawSpace = sawSpace || space;
    }
    if (plain)
        return quotedPath + QLatin1Char('?') + decoded;
    return quotedPath + QLatin1Char('?') + quote(decoded.toUtf8(), ":/?#[]@!$&'()*+,;=%");
}

QByteArray UrlQuote::valueBytes(const Value &value)
{
    if (value.isBytes())
        return value.toBytes();
    return value.toStr().toUtf8();
}

} // namespace rs::routing
