#include "core/value/PyRepr.h"

#include <QList>

#include <charconv>
#include <cmath>
#include <cstdlib>

namespace rs {

std::string pyFloatRepr(double value)
{
    if (std::isnan(value))
        return "nan";
    if (std::isinf(value))
        return value < 0 ? "-inf" : "inf";

    char buf[64];
    auto res = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::scientific);
    std::string sci(buf, res.ptr); // e.g. "-1.2345e+15", "1e-05"
    std::string out;
    std::size_t pos = 0;
    if (sci[0] == '-') {
        out.push_back('-');
        pos = 1;
    }
    const std::size_t ePos = sci.find('e');
    std::string digits;
    for (std::size_t i = pos; i < ePos; ++i)
        if (sci[i] != '.')
            digits.push_back(sci[i]);
    const int exp10 = std::atoi(sci.c_str() + ePos + 1);
    const int decpt = exp10 + 1; // value = 0.digits × 10^decpt

    if (decpt <= -4 || decpt > 16) {
        out.push_back(digits[0]);
        if (digits.size() > 1) {
            out.push_back('.');
            out.append(digits, 1);
        }
        char ebuf[16];
        std::snprintf(ebuf, sizeof ebuf, "e%c%02d", exp10 < 0 ? '-' : '+', std::abs(exp10));
        out += ebuf;
    } else if (decpt <= 0) {
        out += "0.";
        out.append(static_cast<std::size_t>(-decpt), '0');
        out += digits;
    } else if (static_cast<std::size_t>(decpt) >= digits.size()) {
        out += digits;
        out.append(static_cast<std::size_t>(decpt) - digits.size(), '0');
        out += ".0";
    } else {
        out.append(digits, 0, static_cast<std::size_t>(decpt));
        out.push_back('.');
        out.append(digits, static_cast<std::size_t>(decpt));
    }
    return out;
}

QString pyStrRepr(const QString &value)
{
    const bool useDouble = value.contains(u'\'') && !value.contains(u'"');
    const QChar quote = useDouble ? u'"' : u'\'';
    QString out;
    out.reserve(value.size() + 2);
    out.append(quote);
    const auto ucs4 = value.toUcs4();
    for (char32_t c : ucs4) {
        if (c == quote.unicode() || c == u'\\') {
            out.append(u'\\');
            out.append(QChar(c));
        } else if (c == u'\n') {
            out.append(QLatin1String("\\n"));
        } else if (c == u'\r') {
            out.append(QLatin1String("\\r"));
        } else if (c == u'\t') {
            out.append(QLatin1String("\\t"));
        } else if (c < 0x20 || c == 0x7f) {
            out.append(QStringLiteral("\\x%1").arg(uint(c), 2, 16, QLatin1Char('0')));
        } else if (c >= 0x80 && !QChar::isPrint(c)) {
            if (c <= 0xff)
                out.append(QStringLiteral("\\x%1").arg(uint(c), 2, 16, QLatin1Char('0')));
            else if (c <= 0xffff)
                out.append(QStringLiteral("\\u%1").arg(uint(c), 4, 16, QLatin1Char('0')));
            else
                out.append(QStringLiteral("\\U%1").arg(uint(c), 8, 16, QLatin1Char('0')));
        } else {
            out.append(QString::fromUcs4(&c, 1));
        }
    }
    out.append(quote);
    return out;
}

} // namespace rs
