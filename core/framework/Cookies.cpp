#include "core/framework/Cookies.h"

#include "core/value/HttpDate.h"

#include <QTimeZone>

#include <stdexcept>

namespace rs::cookies {

namespace {
bool isLegal(unsigned char c)
{
    static const QByteArray extra = "/=!#$%&'*+-.^_`|~:";
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           extra.contains(char(c));
}

QByteArray quote(const QByteArray &value)
{
    QByteArray out;
    out.reserve(value.size() + 2);
    bool allLegal = true;
    for (char ch : value) {
        const auto c = static_cast<unsigned char>(ch);
        if (isLegal(c)) {
            out.append(ch);
            continue;
        }
        allLegal = false;
        if (c == ',')
            out.append("\\054");
        else if (c == ';')
            out.append("\\073");
        else if (c == '"')
            out.append("\\\"");
        else if (c == '\\')
            out.append("\\\\");
        else if (c < 32 || c >= 127)
            out.append('\\').append(QByteArray::number(c, 8).rightJustified(3, '0'));
        else
            out.append(ch);
    }
    return allLegal ? out : '"' + out + '"';
}

QByteArray unquote(const QByteArray &value)
{
    if (value.size() < 2 || value.front() != '"' || value.back() != '"')
        return value;
    QByteArray out;
    const QByteArray inner = value.mid(1, value.size() - 2);
    for (qsizetype i = 0; i < inner.size(); ++i) {
        const char c = inner[i];
        if (c != '\\' || i + 1 >= inner.size()) {
            out.append(c);
            continue;
        }
        const auto isOctal = [&](qsizetype k, char hi) { return inner[k] >= '0' && inner[k] <= hi; };
        const bool octal =
            i + 3 < inner.size() && isOctal(i + 1, '3') && isOctal(i + 2, '7') && isOctal(i + 3, '7');
        if (octal) {
            out.append(char(inner.mid(i + 1, 3).toInt(nullptr, 8)));
            i += 3;
        } else {
            out.append(inner[i + 1]);
            ++i;
        }
    }
    return out;
}

QByteArray titleCase(const QByteArray &s)
{
    QByteArray out = s.toLower();
    if (!out.isEmpty())
        out[0] = static_cast<char>(toupper(static_cast<unsigned char>(out[0])));
    return out;
}
} // namespace

QByteArray httpDate(const QDateTime &when)
{
    return HttpDate::format(when).toLatin1();
}

QByteArray httpDate(qint64 unixSeconds)
{
    return httpDate(QDateTime::fromSecsSinceEpoch(unixSeconds, Qt::UTC));
}

QByteArray dump(const QByteArray &name, const QByteArray &value, const CookieOptions &options,
                QString *sizeWarning)
{
    QByteArray domain = options.domain;
    if (!domain.isEmpty()) {
        const qsizetype colon = domain.indexOf(':');
        if (colon >= 0)
            domain.truncate(colon);
        if (!domain.contains('.'))
            throw std::invalid_argument(
                "Setting 'domain' for a cookie on a server running locally (ex: localhost) is not supported "
                "by "
                "complying browsers. You should have something like: '127.0.0.1 localhost dev.localhost' on "
                "your "
                "hosts file and then point your server to run on 'dev.localhost' and also set 'domain' for "
                "'dev.localhost'");
    }
    QByteArray expires;
    if (options.expires)
        expires = httpDate(*options.expires);
    else if (options.maxAge)
        expires = httpDate(QDateTime::currentSecsSinceEpoch() + *options.maxAge);
    QByteArray sameSite;
    if (!options.sameSite.isEmpty()) {
        sameSite = titleCase(options.sameSite);
        if (sameSite != "Strict" && sameSite != "Lax" && sameSite != "None")
            throw std::invalid_argument("SameSite must be 'Strict', 'Lax', or 'None'.");
    }

    const QByteArray quotedValue = quote(value);
    QByteArray out = name + '=' + quotedValue;
    if (!domain.isEmpty())
        out += "; Domain=" + quote(domain);
    if (!expires.isEmpty())
        out += "; Expires=" + expires;
    if (options.maxAge)
        out += "; Max-Age=" + QByteArray::number(*options.maxAge);
    if (options.secure)
        out += "; Secure";
    if (options.httpOnly)
        out += "; HttpOnly";
    if (!options.path.isEmpty())
        out += "; Path=" + options.path;
    if (!sameSite.isEmpty())
        out += "; SameSite=" + sameSite;

    if (sizeWarning && options.maxSize > 0 && out.size() > options.maxSize) {
        const qsizetype valueSize = value.size();
        *sizeWarning =
            QStringLiteral("The '%1' cookie is too large: the value was %2 bytes but the header required %3 "
                           "extra bytes. The final size was %4 bytes but the limit is %5 bytes. Browsers "
                           "may silently ignore cookies larger than this.")
                .arg(QString::fromLatin1(name))
                .arg(valueSize)
                .arg(out.size() - valueSize)
                .arg(out.size())
                .arg(options.maxSize);
    }
    return out;
}

std::vector<std::pair<QString, QString>> parse(const QByteArray &header)
{
    std::vector<std::pair<QString, QString>> out;
    const qsizetype n = header.size();
    qsizetype i = 0;
    while (i < n) {
        qsizetype keyEnd = i;
        while (keyEnd < n && header[keyEnd] != '=' && header[keyEnd] != ';')
            ++keyEnd;
        const QByteArray key = header.mid(i, keyEnd - i).trimmed();
        QByteArray value;
        i = keyEnd;
        if (i < n && header[i] == '=') {
            ++i;
            while (i < n && (header[i] == ' ' || header[i] == '\t'))
                ++i;
            const qsizetype start = i;
            if (i < n && header[i] == '"') {
                ++i;
                while (i < n && header[i] != '"') {
                    if (header[i] == '\\')
                        ++i;
                    ++i;
                }
                if (i < n)
                    ++i;
            }
            while (i < n && header[i] != ';')
                ++i;
            value = unquote(header.mid(start, i - start).trimmed());
        }
        if (i < n && header[i] == ';')
            ++i;
        if (!key.isEmpty())
            out.emplace_back(QString::fromUtf8(key), QString::fromUtf8(value));
    }
    return out;
}

} // namespace rs::cookies
