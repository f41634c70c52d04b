#include "core/value/PyJson.h"

#include "core/value/HttpDate.h"
#include "core/value/PyRepr.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <string>

namespace rs {

namespace {

// Thrown inside the encoder and decoder only; the public functions turn it into an error text.
struct JsonError {
    QString message;
};

// --- encoding -----------------------------------------------------------------------------------

const char kHex[] = "0123456789abcdef";

void appendUnitEscape(QByteArray &out, char16_t unit)
{
    out += "\\u";
    out += kHex[(unit >> 12) & 0xf];
    out += kHex[(unit >> 8) & 0xf];
    out += kHex[(unit >> 4) & 0xf];
    out += kHex[unit & 0xf];
}

// Python's ESCAPE_ASCII / ESCAPE tables (json.encoder).
void appendString(QByteArray &out, const QString &s, bool ensureAscii)
{
    out += '"';
    if (ensureAscii) {
        // Every character outside ' '..'~' is escaped; escaping UTF-16 units one by one gives the
        // surrogate pairs Python writes for characters above U+FFFF.
        for (QChar qc : s) {
            const char16_t c = qc.unicode();
            switch (c) {
            case u'"': out += "\\\""; break;
            case u'\\': out += "\\\\"; break;
            case u'\n': out += "\\n"; break;
            case u'\r': out += "\\r"; break;
            case u'\t': out += "\\t"; break;
            case u'\b': out += "\\b"; break;
            case u'\f': out += "\\f"; break;
            default:
                if (c >= 0x20 && c <= 0x7e)
                    out += static_cast<char>(c);
                else
                    appendUnitEscape(out, c);
            }
        }
    } else {
        QString plain;
        plain.reserve(s.size());
        auto flush = [&] {
            out += plain.toUtf8();
            plain.clear();
        };
        for (QChar qc : s) {
            const char16_t c = qc.unicode();
            const char *esc = nullptr;
            switch (c) {
            case u'"': esc = "\\\""; break;
            case u'\\': esc = "\\\\"; break;
            case u'\n': esc = "\\n"; break;
            case u'\r': esc = "\\r"; break;
            case u'\t': esc = "\\t"; break;
            case u'\b': esc = "\\b"; break;
            case u'\f': esc = "\\f"; break;
            default: break;
            }
            if (esc) {
                flush();
                out += esc;
            } else if (c < 0x20) {
                flush();
                appendUnitEscape(out, c);
            } else {
                plain += qc;
            }
        }
        flush();
    }
    out += '"';
}

void checkDigits(std::size_t digits)
{
    if (digits > static_cast<std::size_t>(PyJson::kMaxIntDigits))
        throw JsonError{QStringLiteral("Exceeds the limit (%1 digits) for integer string conversion; use "
                                       "sys.set_int_max_str_digits() to increase the limit")
                            .arg(PyJson::kMaxIntDigits)};
}

class Encoder {
public:
    explicit Encoder(const PyJson::Options &o) : opt_(o)
    {
        if (opt_.compact) {
            itemSep_ = ",";
            keySep_ = ":";
        } else {
            // Python drops the space after ',' when indenting, to avoid trailing spaces.
            itemSep_ = opt_.indent >= 0 ? "," : ", ";
            keySep_ = ": ";
        }
    }

    void encode(const Value &v, int level)
    {
        switch (v.type()) {
        case Value::Type::None: out_ += "null"; return;
        case Value::Type::Bool: out_ += v.toBool() ? "true" : "false"; return;
        case Value::Type::Int: out_ += QByteArray::number(static_cast<qlonglong>(v.toInt())); return;
        case Value::Type::BigInt: {
            const std::string &digits = v.bigIntDigits();
            checkDigits(digits.size() - (digits.starts_with('-') ? 1 : 0));
            out_ += QByteArray::fromStdString(digits);
            return;
        }
        case Value::Type::Float: encodeFloat(v.toDouble()); return;
        case Value::Type::Str: appendString(out_, v.toStr(), opt_.ensureAscii); return;
        // Markup is a str subclass in Python, so json writes it as a string without any hook.
        case Value::Type::Markup: appendString(out_, v.markupHtml(), opt_.ensureAscii); return;
        case Value::Type::List:
        case Value::Type::Tuple: encodeArray(v.items(), level); return;
        case Value::Type::Dict: encodeObject(v.dictItems(), level); return;
        case Value::Type::Uuid:
            if (!opt_.flaskDefault)
                throw notSerializable("UUID");
            appendString(out_, v.toStr(), opt_.ensureAscii);
            return;
        case Value::Type::DateTime:
            if (!opt_.flaskDefault)
                throw notSerializable("datetime");
            appendString(out_, HttpDate::format(v.toDateTime()), opt_.ensureAscii);
            return;
        case Value::Type::Bytes: throw notSerializable("bytes");
        }
    }

    QByteArray result() const { return out_; }

private:
    static JsonError notSerializable(const char *type)
    {
        return JsonError{
            QStringLiteral("Object of type %1 is not JSON serializable").arg(QLatin1String(type))};
    }

    void encodeFloat(double d)
    {
        if (std::isnan(d) || std::isinf(d)) {
            if (!opt_.allowNan)
                throw JsonError{QStringLiteral("Out of range float values are not JSON compliant")};
            out_ += std::isnan(d) ? "NaN" : (d > 0 ? "Infinity" : "-Infinity");
            return;
        }
        out_ += QByteArray::fromStdString(pyFloatRepr(d));
    }

    void newline(int level)
    {
        if (opt_.indent < 0)
            return;
        out_ += '\n';
        out_ += QByteArray(static_cast<qsizetype>(opt_.indent) * level, ' ');
    }

    void encodeArray(const Value::List &items, int level)
    {
        if (items.empty()) {
            out_ += "[]";
            return;
        }
        checkDepth(level);
        out_ += '[';
        newline(level + 1);
        bool first = true;
        for (const Value &item : items) {
            if (!first) {
                out_ += itemSep_;
                newline(level + 1);
            }
            first = false;
            encode(item, level + 1);
        }
        newline(level);
        out_ += ']';
    }

    void encodeObject(const Value::Dict &dict, int level)
    {
        if (dict.empty()) {
            out_ += "{}";
            return;
        }
        checkDepth(level);
        std::vector<const Value::Item *> items;
        items.reserve(dict.size());
        for (const Value::Item &item : dict)
            items.push_back(&item);
        if (opt_.sortKeys)
            std::stable_sort(items.begin(), items.end(), [](const Value::Item *a, const Value::Item *b) {
                return PyJson::compareCodePoints(a->first, b->first) < 0;
            });
        out_ += '{';
        newline(level + 1);
        bool first = true;
        for (const Value::Item *item : items) {
            if (!first) {
                out_ += itemSep_;
                newline(level + 1);
            }
            first = false;
            appendString(out_, item->first, opt_.ensureAscii);
            out_ += keySep_;
            encode(item->second, level + 1);
        }
        newline(level);
        out_ += '}';
    }

    static void checkDepth(int level)
    {
        if (level >= PyJson::kMaxDepth)
            throw JsonError{QStringLiteral("maximum recursion depth exceeded while encoding a JSON object")};
    }

    const PyJson::Options &opt_;
    const char *itemSep_;
    const char *keySep_;
    QByteArray out_;
};

// --- decoding -----------------------------------------------------------------------------------

// Strict UTF-8 (as bytes.decode("utf-8")): no overlong forms, no surrogates, nothing above U+10FFFF.
std::u32string decodeUtf8(const QByteArray &bytes)
{
    std::u32string out;
    out.reserve(static_cast<std::size_t>(bytes.size()));
    const auto *p = reinterpret_cast<const unsigned char *>(bytes.constData());
    const qsizetype n = bytes.size();
    qsizetype i = 0;
    while (i < n) {
        const unsigned char b0 = p[i];
        if (b0 < 0x80) {
            out.push_back(b0);
            ++i;
            continue;
        }
        int len = 0;
        char32_t cp = 0;
        unsigned char lo = 0x80, hi = 0xbf; // allowed range of the second byte
        if (b0 >= 0xc2 && b0 <= 0xdf) {
            len = 2;
            cp = b0 & 0x1f;
        } else if (b0 >= 0xe0 && b0 <= 0xef) {
            len = 3;
            cp = b0 & 0x0f;
            if (b0 == 0xe0)
                lo = 0xa0;
            else if (b0 == 0xed)
                hi = 0x9f;
        } else if (b0 >= 0xf0 && b0 <= 0xf4) {
            len = 4;
            cp = b0 & 0x07;
            if (b0 == 0xf0)
                lo = 0x90;
            else if (b0 == 0xf4)
                hi = 0x8f;
        } else {
            throw JsonError{
                QStringLiteral("'utf-8' codec can't decode byte 0x%1 in position %2: invalid start byte")
                    .arg(b0, 2, 16, QLatin1Char('0'))
                    .arg(i)};
        }
        for (int k = 1; k < len; ++k) {
            const bool present = i + k < n;
            const unsigned char b = present ? p[i + k] : 0;
            if (!present || (k == 1 ? (b < lo || b > hi) : (b < 0x80 || b > 0xbf))) {
                // Python names the bytes of the broken sequence read so far.
                const qsizetype last = i + k - 1;
                const QString where =
                    last == i
                        ? QStringLiteral("byte 0x%1 in position %2").arg(b0, 2, 16, QLatin1Char('0')).arg(i)
                        : QStringLiteral("bytes in position %1-%2").arg(i).arg(last);
                throw JsonError{QStringLiteral("'utf-8' codec can't decode %1: %2")
                                    .arg(where, present ? QStringLiteral("invalid continuation byte")
                                                        : QStringLiteral("unexpected end of data"))};
            }
            cp = (cp << 6) | (b & 0x3f);
        }
        out.push_back(cp);
        i += len;
    }
    return out;
}

void appendCodePoint(QString &s, char32_t c)
{
    if (c >= 0x10000) {
        s += QChar(QChar::highSurrogate(c));
        s += QChar(QChar::lowSurrogate(c));
    } else {
        s += QChar(static_cast<char16_t>(c));
    }
}

class Decoder {
public:
    Decoder(std::u32string text, const PyJson::ObjectHook &hook) : s_(std::move(text)), hook_(hook) {}

    Value parseDocument()
    {
        if (!s_.empty() && s_[0] == 0xfeff)
            fail("Unexpected UTF-8 BOM (decode using utf-8-sig)", 0);
        std::size_t i = skipWs(0);
        Value v = parseValue(i, 0);
        i = skipWs(i);
        if (i != s_.size())
            fail("Extra data", i);
        return v;
    }

private:
    [[noreturn]] void fail(const char *what, std::size_t pos) const
    {
        // Python counts lines and columns in characters, from 1.
        std::size_t line = 1;
        std::size_t lineStart = 0;
        for (std::size_t k = 0; k < pos && k < s_.size(); ++k) {
            if (s_[k] == U'\n') {
                ++line;
                lineStart = k + 1;
            }
        }
        throw JsonError{QStringLiteral("%1: line %2 column %3 (char %4)")
                            .arg(QLatin1String(what))
                            .arg(line)
                            .arg(pos - lineStart + 1)
                            .arg(pos)};
    }

    std::size_t skipWs(std::size_t i) const
    {
        while (i < s_.size() && (s_[i] == U' ' || s_[i] == U'\t' || s_[i] == U'\n' || s_[i] == U'\r'))
            ++i;
        return i;
    }

    bool matches(std::size_t i, const char *word) const
    {
        for (std::size_t k = 0; word[k]; ++k)
            if (i + k >= s_.size() || s_[i + k] != static_cast<char32_t>(word[k]))
                return false;
        return true;
    }

    static bool isDigit(char32_t c) { return c >= U'0' && c <= U'9'; }

    Value parseValue(std::size_t &i, int depth)
    {
        if (i >= s_.size())
            fail("Expecting value", i);
        const char32_t c = s_[i];
        switch (c) {
        case U'"': return Value(parseString(i));
        case U'{': return parseObject(i, depth + 1);
        case U'[': return parseArray(i, depth + 1);
        case U'n':
            if (matches(i, "null")) {
                i += 4;
                return Value();
            }
            break;
        case U't':
            if (matches(i, "true")) {
                i += 4;
                return Value(true);
            }
            break;
        case U'f':
            if (matches(i, "false")) {
                i += 5;
                return Value(false);
            }
            break;
        case U'N':
            if (matches(i, "NaN")) {
                i += 3;
                return Value(std::nan(""));
            }
            break;
        case U'I':
            if (matches(i, "Infinity")) {
                i += 8;
                return Value(HUGE_VAL);
            }
            break;
        case U'-':
            if (matches(i, "-Infinity")) {
                i += 9;
                return Value(-HUGE_VAL);
            }
            break;
        default: break;
        }
        return parseNumber(i);
    }

    // The number grammar of Python's scanner: a partial match ends the number ("1." is 1 followed
    // by extra data), and anything else is "Expecting value".
    Value parseNumber(std::size_t &i)
    {
        const std::size_t start = i;
        std::size_t k = i;
        if (k < s_.size() && s_[k] == U'-')
            ++k;
        if (k < s_.size() && s_[k] >= U'1' && s_[k] <= U'9') {
            while (k < s_.size() && isDigit(s_[k]))
                ++k;
        } else if (k < s_.size() && s_[k] == U'0') {
            ++k;
        } else {
            fail("Expecting value", start);
        }
        bool isFloat = false;
        if (k + 1 < s_.size() && s_[k] == U'.' && isDigit(s_[k + 1])) {
            isFloat = true;
            k += 2;
            while (k < s_.size() && isDigit(s_[k]))
                ++k;
        }
        if (k < s_.size() && (s_[k] == U'e' || s_[k] == U'E')) {
            const std::size_t eStart = k;
            ++k;
            if (k < s_.size() && (s_[k] == U'-' || s_[k] == U'+'))
                ++k;
            const std::size_t digitsStart = k;
            while (k < s_.size() && isDigit(s_[k]))
                ++k;
            if (k > digitsStart)
                isFloat = true;
            else
                k = eStart;
        }
        std::string text;
        text.reserve(k - start);
        for (std::size_t j = start; j < k; ++j)
            text.push_back(static_cast<char>(s_[j]));
        i = k;
        if (!isFloat) {
            checkDigits(text.size() - (text[0] == '-' ? 1 : 0));
            return Value::integer(text);
        }
        return Value(parseFloat(text));
    }

    // Correctly rounded like float(); out of range gives ±inf or ±0.0 as Python does.
    static double parseFloat(const std::string &text)
    {
        double d = 0;
        const char *first = text.data();
        const char *last = first + text.size();
        const auto res = std::from_chars(first, last, d);
        if (res.ec == std::errc())
            return d;
        // Out of range: decide between overflow and underflow from the decimal magnitude.
        const bool negative = text[0] == '-';
        const std::size_t ePos = text.find_first_of("eE");
        const std::string mantissa = text.substr(
            negative ? 1 : 0, ePos == std::string::npos ? std::string::npos : ePos - (negative ? 1 : 0));
        long long exponent = 0;
        if (ePos != std::string::npos) {
            const char *e = text.data() + ePos + 1;
            const bool negativeExponent = *e == '-';
            if (*e == '+' || *e == '-')
                ++e;
            if (std::from_chars(e, last, exponent).ec != std::errc())
                exponent = 1'000'000; // too many digits to parse: huge, only its sign matters
            exponent = std::min<long long>(exponent, 1'000'000);
            if (negativeExponent)
                exponent = -exponent;
        }
        const std::size_t dot = mantissa.find('.');
        const std::string intPart = mantissa.substr(0, dot);
        const std::size_t firstNonZero = intPart.find_first_not_of('0');
        long long magnitude = exponent;
        if (firstNonZero != std::string::npos) {
            magnitude += static_cast<long long>(intPart.size() - firstNonZero);
        } else if (dot != std::string::npos) {
            const std::string frac = mantissa.substr(dot + 1);
            const std::size_t nz = frac.find_first_not_of('0');
            magnitude -= static_cast<long long>(nz == std::string::npos ? frac.size() : nz);
        }
        const double r = magnitude > 0 ? HUGE_VAL : 0.0;
        return negative ? -r : r;
    }

    QString parseString(std::size_t &i)
    {
        const std::size_t begin = i; // the opening quote
        std::size_t k = i + 1;
        QString out;
        while (true) {
            if (k >= s_.size())
                fail("Unterminated string starting at", begin);
            const char32_t c = s_[k];
            if (c == U'"') {
                i = k + 1;
                return out;
            }
            if (c < 0x20)
                fail("Invalid control character at", k);
            if (c != U'\\') {
                appendCodePoint(out, c);
                ++k;
                continue;
            }
            if (k + 1 >= s_.size())
                fail("Unterminated string starting at", begin);
            const char32_t e = s_[k + 1];
            switch (e) {
            case U'"': out += u'"'; break;
            case U'\\': out += u'\\'; break;
            case U'/': out += u'/'; break;
            case U'b': out += u'\b'; break;
            case U'f': out += u'\f'; break;
            case U'n': out += u'\n'; break;
            case U'r': out += u'\r'; break;
            case U't': out += u'\t'; break;
            case U'u': {
                const std::size_t u = k + 1;
                // Python also wants room for the closing quote before it reads the digits.
                if (u + 5 >= s_.size())
                    fail("Invalid \\uXXXX escape", u);
                char16_t unit = 0;
                for (std::size_t j = u + 1; j <= u + 4; ++j) {
                    const char32_t h = s_[j];
                    int v = -1;
                    if (h >= U'0' && h <= U'9')
                        v = static_cast<int>(h - U'0');
                    else if (h >= U'a' && h <= U'f')
                        v = static_cast<int>(h - U'a' + 10);
                    else if (h >= U'A' && h <= U'F')
                        v = static_cast<int>(h - U'A' + 10);
                    if (v < 0)
                        fail("Invalid \\uXXXX escape", u);
                    unit = static_cast<char16_t>((unit << 4) | v);
                }
                // Escaped surrogate pairs join by themselves in UTF-16; lone ones stay, as in Python.
                out += QChar(unit);
                k = u + 5;
                continue;
            }
            default: fail("Invalid \\escape", k);
            }
            k += 2;
        }
    }

    Value parseObject(std::size_t &i, int depth)
    {
        if (depth > PyJson::kMaxDepth)
            throw JsonError{QStringLiteral(
                "maximum recursion depth exceeded while decoding a JSON object from a unicode string")};
        Value obj = Value::dict();
        std::size_t k = skipWs(i + 1);
        if (k < s_.size() && s_[k] == U'}') {
            i = k + 1;
            return finishObject(std::move(obj));
        }
        while (true) {
            if (k >= s_.size() || s_[k] != U'"')
                fail("Expecting property name enclosed in double quotes", k);
            QString key = parseString(k);
            k = skipWs(k);
            if (k >= s_.size() || s_[k] != U':')
                fail("Expecting ':' delimiter", k);
            k = skipWs(k + 1);
            Value v = parseValue(k, depth);
            obj.set(key, std::move(v));
            k = skipWs(k);
            if (k < s_.size() && s_[k] == U'}') {
                i = k + 1;
                return finishObject(std::move(obj));
            }
            if (k >= s_.size() || s_[k] != U',')
                fail("Expecting ',' delimiter", k);
            k = skipWs(k + 1);
        }
    }

    Value parseArray(std::size_t &i, int depth)
    {
        if (depth > PyJson::kMaxDepth)
            throw JsonError{QStringLiteral(
                "maximum recursion depth exceeded while decoding a JSON array from a unicode string")};
        Value::List items;
        std::size_t k = skipWs(i + 1);
        if (k < s_.size() && s_[k] == U']') {
            i = k + 1;
            return Value(std::move(items));
        }
        while (true) {
            items.push_back(parseValue(k, depth));
            k = skipWs(k);
            if (k < s_.size() && s_[k] == U']') {
                i = k + 1;
                return Value(std::move(items));
            }
            if (k >= s_.size() || s_[k] != U',')
                fail("Expecting ',' delimiter", k);
            k = skipWs(k + 1);
        }
    }

    Value finishObject(Value &&obj)
    {
        if (!hook_)
            return std::move(obj);
        QString error;
        Value out = hook_(std::move(obj), &error);
        if (!error.isEmpty())
            throw JsonError{error};
        return out;
    }

    std::u32string s_;
    const PyJson::ObjectHook &hook_;
};

void setError(QString *error, const QString &message)
{
    if (error)
        *error = message;
}

} // namespace

QByteArray PyJson::dumps(const Value &value)
{
    return dumps(value, Options{});
}

QByteArray PyJson::dumps(const Value &value, const Options &options, QString *error)
{
    setError(error, QString());
    try {
        Encoder enc(options);
        enc.encode(value, 0);
        return enc.result();
    } catch (const JsonError &e) {
        setError(error, e.message);
        return {};
    }
}

Value PyJson::loads(const QByteArray &json, QString *error)
{
    return loads(json, ObjectHook(), error);
}

Value PyJson::loads(const QByteArray &json, const ObjectHook &hook, QString *error)
{
    setError(error, QString());
    try {
        Decoder dec(decodeUtf8(json), hook);
        return dec.parseDocument();
    } catch (const JsonError &e) {
        setError(error, e.message);
        return {};
    }
}

QByteArray PyJson::jsonifyBody(const Value &value, QString *error)
{
    Options o;
    o.sortKeys = true;
    o.ensureAscii = true;
    o.compact = true;
    o.flaskDefault = true;
    QString err;
    QByteArray body = dumps(value, o, &err);
    setError(error, err);
    if (!err.isEmpty())
        return {};
    return body + '\n';
}

int PyJson::compareCodePoints(const QString &a, const QString &b)
{
    // Decode a code point at i; a lone surrogate stands for itself, as in Python.
    auto next = [](const QString &s, qsizetype &i) -> char32_t {
        const char16_t c = s[i].unicode();
        if (QChar::isHighSurrogate(c) && i + 1 < s.size() && QChar::isLowSurrogate(s[i + 1].unicode())) {
            const char32_t cp = QChar::surrogateToUcs4(c, s[i + 1].unicode());
            i += 2;
            return cp;
        }
        ++i;
        return c;
    };
    qsizetype i = 0, j = 0;
    while (i < a.size() && j < b.size()) {
        const char32_t ca = next(a, i);
        const char32_t cb = next(b, j);
        if (ca != cb)
            return ca < cb ? -1 : 1;
    }
    if (i < a.size())
        return 1;
    if (j < b.size())
        return -1;
    return 0;
}

} // namespace rs
