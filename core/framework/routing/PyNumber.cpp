#include "core/framework/routing/PyNumber.h"

#include <QChar>

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>

namespace rs::routing {

namespace {

// Python's str.strip() with no argument, over code points.
std::u32string stripped(QStringView text)
{
    std::u32string cps;
    for (char32_t c : text.toUcs4())
        cps.push_back(c);
    std::size_t begin = 0;
    std::size_t end = cps.size();
    while (begin < end && QChar::isSpace(cps[begin]))
        ++begin;
    while (end > begin && QChar::isSpace(cps[end - 1]))
        --end;
    return cps.substr(begin, end - begin);
}

int decimalDigit(char32_t c)
{
    if (!QChar::isDigit(c))
        return -1;
    return QChar::digitValue(c);
}

// Reads digit ("_"? digit)* at pos into ASCII; false when there is none or an underscore is
// misplaced.
bool readDigitPart(const std::u32string &s, std::size_t &pos, std::string &out)
{
    bool any = false;
    while (pos < s.size()) {
        if (const int d = decimalDigit(s[pos]); d >= 0) {
            out.push_back(char('0' + d));
            any = true;
            ++pos;
        } else if (s[pos] == U'_' && any && pos + 1 < s.size() && decimalDigit(s[pos + 1]) >= 0) {
            ++pos;
        } else {
            break;
        }
    }
    return any;
}

bool equalsIgnoreCase(const std::u32string &s, std::size_t pos, const char *word)
{
    std::size_t i = 0;
    for (; word[i]; ++i) {
        if (pos + i >= s.size())
            return false;
        const char32_t c = s[pos + i];
        if (c >= 128 || std::tolower(int(c)) != word[i])
            return false;
    }
    return pos + i == s.size();
}

std::string normalizedDigits(std::string digits)
{
    const auto first = digits.find_first_not_of('0');
    return first == std::string::npos ? std::string("0") : digits.substr(first);
}

struct Number {
    enum Kind { Small, Big, Real } kind;
    std::int64_t small = 0;
    std::string big; // optional '-' then digits, outside int64
    double real = 0;
};

std::optional<Number> asNumber(const Value &v)
{
    switch (v.type()) {
    case Value::Type::Bool: return Number{Number::Small, v.toBool() ? 1 : 0, {}, 0};
    case Value::Type::Int: return Number{Number::Small, v.toInt(), {}, 0};
    case Value::Type::BigInt: return Number{Number::Big, 0, v.bigIntDigits(), 0};
    case Value::Type::Float: return Number{Number::Real, 0, {}, v.toDouble()};
    default: return std::nullopt;
    }
}

long double bigToLongDouble(const std::string &digits)
{
    return std::strtold(digits.c_str(), nullptr);
}

int compareBig(const std::string &a, const std::string &b)
{
    const bool negA = a.starts_with('-');
    const bool negB = b.starts_with('-');
    if (negA != negB)
        return negA ? -1 : 1;
    const std::string ma = negA ? a.substr(1) : a;
    const std::string mb = negB ? b.substr(1) : b;
    int magnitude = 0;
    if (ma.size() != mb.size())
        magnitude = ma.size() < mb.size() ? -1 : 1;
    else
        magnitude = ma < mb ? -1 : (ma > mb ? 1 : 0);
    return negA ? -magnitude : magnitude;
}

} // namespace

std::optional<Value> PyNumber::parseInt(QStringView text)
{
    const std::u32string s = stripped(text);
    std::size_t pos = 0;
    bool negative = false;
    if (pos < s.size() && (s[pos] == U'+' || s[pos] == U'-'))
        negative = s[pos++] == U'-';
    std::string digits;
    if (!readDigitPart(s, pos, digits) || pos != s.size())
        return std::nullopt;
    digits = normalizedDigits(digits);
    if (negative && digits != "0")
        digits.insert(digits.begin(), '-');
    return Value::integer(digits);
}

std::optional<double> PyNumber::parseFloat(QStringView text)
{
    const std::u32string s = stripped(text);
    std::size_t pos = 0;
    bool negative = false;
    if (pos < s.size() && (s[pos] == U'+' || s[pos] == U'-'))
        negative = s[pos++] == U'-';
    const double sgn = negative ? -1.0 : 1.0;
    if (equalsIgnoreCase(s, pos, "inf") || equalsIgnoreCase(s, pos, "infinity"))
        return sgn * std::numeric_limits<double>::infinity();
    if (equalsIgnoreCase(s, pos, "nan"))
        return std::numeric_limits<double>::quiet_NaN();

    std::string intPart;
    std::string fracPart;
    const bool hasInt = readDigitPart(s, pos, intPart);
    bool hasFrac = false;
    if (pos < s.size() && s[pos] == U'.') {
        ++pos;
        hasFrac = readDigitPart(s, pos, fracPart);
    }
    if (!hasInt && !hasFrac)
        return std::nullopt;
    std::string expPart;
    bool expNegative = false;
    if (pos < s.size() && (s[pos] == U'e' || s[pos] == U'E')) {
        ++pos;
        if (pos < s.size() && (s[pos] == U'+' || s[pos] == U'-'))
            expNegative = s[pos++] == U'-';
        if (!readDigitPart(s, pos, expPart))
            return std::nullopt;
    }
    if (pos != s.size())
        return std::nullopt;

    std::string ascii = (hasInt ? intPart : "0") + "." + (hasFrac ? fracPart : "0");
    if (!expPart.empty())
        ascii += std::string("e") + (expNegative ? "-" : "") + expPart;
    double value = 0;
    const auto [end, ec] = std::from_chars(ascii.data(), ascii.data() + ascii.size(), value);
    if (ec == std::errc::result_out_of_range) {
        // Python overflows to inf and underflows to 0 instead of failing; the decimal magnitude
        // tells which of the two happened.
        long long exponent = expPart.empty() ? 0 : std::stoll(expPart.substr(0, 18));
        if (expNegative)
            exponent = -exponent;
        const std::string whole = normalizedDigits(intPart);
        long long magnitude = 0;
        if (whole != "0") {
            magnitude = static_cast<long long>(whole.size()) + exponent;
        } else {
            const auto firstNonZero = fracPart.find_first_not_of('0');
            magnitude =
                -static_cast<long long>(firstNonZero == std::string::npos ? 0 : firstNonZero) + exponent;
        }
        value = magnitude > 0 ? std::numeric_limits<double>::infinity() : 0.0;
    } else if (ec != std::errc()) {
        return std::nullopt;
    }
    return sgn * value;
}

std::optional<Value> PyNumber::toInt(const Value &value)
{
    switch (value.type()) {
    case Value::Type::Int:
    case Value::Type::BigInt: return value;
    case Value::Type::Bool: return Value(value.toBool() ? 1 : 0);
    case Value::Type::Float: {
        const double d = std::trunc(value.toDouble());
        if (!std::isfinite(d))
            return std::nullopt;
        if (std::fabs(d) < 9.2e18)
            return Value(static_cast<long long>(d));
        char buffer[400];
        std::snprintf(buffer, sizeof buffer, "%.0f", d);
        return Value::integer(buffer);
    }
    case Value::Type::Str: return parseInt(value.toStr());
    case Value::Type::Bytes: return parseInt(QString::fromLatin1(value.toBytes()));
    default: return std::nullopt;
    }
}

std::optional<double> PyNumber::toFloat(const Value &value)
{
    switch (value.type()) {
    case Value::Type::Int:
    case Value::Type::Bool: return double(value.isBool() ? int(value.toBool()) : value.toInt());
    case Value::Type::BigInt: {
        const long double d = bigToLongDouble(value.bigIntDigits());
        if (std::fabs(d) > std::numeric_limits<double>::max())
            return std::nullopt; // OverflowError in Python
        return double(d);
    }
    case Value::Type::Float: return value.toDouble();
    case Value::Type::Str: return parseFloat(value.toStr());
    case Value::Type::Bytes: return parseFloat(QString::fromLatin1(value.toBytes()));
    default: return std::nullopt;
    }
}

QString PyNumber::intText(const Value &value)
{
    if (value.type() == Value::Type::BigInt)
        return QString::fromStdString(value.bigIntDigits());
    return QString::number(value.toInt());
}

QString PyNumber::zfill(const QString &text, qsizetype width)
{
    if (text.size() >= width)
        return text;
    const QString padding(width - text.size(), QLatin1Char('0'));
    if (!text.isEmpty() && (text[0] == QLatin1Char('-') || text[0] == QLatin1Char('+')))
        return text.left(1) + padding + text.mid(1);
    return padding + text;
}

std::optional<int> PyNumber::compare(const Value &a, const Value &b)
{
    const auto x = asNumber(a);
    const auto y = asNumber(b);
    if (!x || !y)
        return std::nullopt;
    if (x->kind == Number::Real && std::isnan(x->real))
        return std::nullopt;
    if (y->kind == Number::Real && std::isnan(y->real))
        return std::nullopt;
    if (x->kind == Number::Small && y->kind == Number::Small)
        return x->small < y->small ? -1 : (x->small > y->small ? 1 : 0);
    if (x->kind == Number::Big && y->kind == Number::Big)
        return compareBig(x->big, y->big);
    if (x->kind == Number::Big && y->kind == Number::Small)
        return x->big.starts_with('-') ? -1 : 1;
    if (x->kind == Number::Small && y->kind == Number::Big)
        return y->big.starts_with('-') ? 1 : -1;
    // At least one float: long double holds every int64 exactly on the platforms we build for.
    const auto wide = [](const Number &n) -> long double {
        switch (n.kind) {
        case Number::Small: return static_cast<long double>(n.small);
        case Number::Big: return bigToLongDouble(n.big);
        case Number::Real: return n.real;
        }
        return 0;
    };
    const long double l = wide(*x);
    const long double r = wide(*y);
    return l < r ? -1 : (l > r ? 1 : 0);
}

bool PyNumber::isNumber(const Value &value)
{
    return asNumber(value).has_value();
}

} // namespace rs::routing
