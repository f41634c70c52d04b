#include "core/value/TaggedJson.h"

#include "core/value/HttpDate.h"
#include "core/value/PyBase64.h"
#include "core/value/PyJson.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace rs {

namespace {

const QString kTagDict = QStringLiteral(" di");
const QString kTagTuple = QStringLiteral(" t");
const QString kTagBytes = QStringLiteral(" b");
const QString kTagMarkup = QStringLiteral(" m");
const QString kTagUuid = QStringLiteral(" u");
const QString kTagDateTime = QStringLiteral(" d");

struct UntagError {
    QString message;
};

// Python's type name, for error messages that read like Flask's.
QString pyTypeName(const Value &v)
{
    switch (v.type()) {
    case Value::Type::None: return QStringLiteral("NoneType");
    case Value::Type::Bool: return QStringLiteral("bool");
    case Value::Type::Int:
    case Value::Type::BigInt: return QStringLiteral("int");
    case Value::Type::Float: return QStringLiteral("float");
    case Value::Type::Str: return QStringLiteral("str");
    case Value::Type::Bytes: return QStringLiteral("bytes");
    case Value::Type::List: return QStringLiteral("list");
    case Value::Type::Tuple: return QStringLiteral("tuple");
    case Value::Type::Dict: return QStringLiteral("dict");
    case Value::Type::Markup: return QStringLiteral("Markup");
    case Value::Type::Uuid: return QStringLiteral("UUID");
    case Value::Type::DateTime: return QStringLiteral("datetime");
    }
    return {};
}

bool isStrLike(const Value &v)
{
    return v.type() == Value::Type::Str || v.type() == Value::Type::Markup;
}

// The characters of a str as one-character strings (code points, as Python iterates).
Value::List codePointStrings(const QString &s)
{
    Value::List out;
    for (uint c : s.toUcs4()) {
        const char32_t cp = c;
        out.emplace_back(QString::fromUcs4(&cp, 1));
    }
    return out;
}

// tuple(value)
Value toTuple(const Value &v)
{
    Value::List items;
    switch (v.type()) {
    case Value::Type::List:
    case Value::Type::Tuple: items = v.items(); break;
    case Value::Type::Str:
    case Value::Type::Markup: items = codePointStrings(v.toStr()); break;
    case Value::Type::Bytes:
        for (char c : v.toBytes())
            items.emplace_back(static_cast<int>(static_cast<unsigned char>(c)));
        break;
    case Value::Type::Dict:
        for (const Value::Item &item : v.dictItems())
            items.emplace_back(item.first);
        break;
    default: throw UntagError{QStringLiteral("'%1' object is not iterable").arg(pyTypeName(v))};
    }
    return Value(Value::Tuple{std::move(items)});
}

// base64.b64decode(value)
Value toBytes(const Value &v)
{
    QByteArray out;
    QString err;
    bool ok = false;
    if (isStrLike(v))
        ok = PyBase64::b64decode(v.toStr(), &out, &err);
    else if (v.type() == Value::Type::Bytes)
        ok = PyBase64::a2bBase64(v.toBytes(), &out, &err);
    else
        err = QStringLiteral("argument should be a bytes-like object or ASCII string, not '%1'")
                  .arg(pyTypeName(v));
    if (!ok)
        throw UntagError{err};
    return Value(out);
}

// int(text, 16) as Python reads it: whitespace, a '+', a "0x" prefix and single underscores
// between digits are allowed. Returns false when Python raises.
bool pyHexInt(const QString &text, std::array<unsigned char, 16> &bytes)
{
    const QString s = text.trimmed();
    qsizetype i = 0;
    if (i < s.size() && s[i] == u'+')
        ++i;
    bool underscoreAllowed = false;
    if (i + 1 < s.size() && s[i] == u'0' && (s[i + 1] == u'x' || s[i + 1] == u'X')) {
        i += 2;
        underscoreAllowed = true; // "0x_1f" is valid
    }
    QString digits;
    for (; i < s.size(); ++i) {
        const QChar c = s[i];
        if (c == u'_' && underscoreAllowed && i + 1 < s.size()) {
            underscoreAllowed = false;
            continue;
        }
        if (c.unicode() > 0x7f || !std::isxdigit(c.toLatin1()))
            return false;
        digits += c;
        underscoreAllowed = true;
    }
    if (digits.isEmpty() || !underscoreAllowed)
        return false;
    qsizetype firstNonZero = 0;
    while (firstNonZero < digits.size() - 1 && digits[firstNonZero] == u'0')
        ++firstNonZero;
    const QString stripped = digits.mid(firstNonZero);
    if (stripped.size() > 32)
        return false; // UUID refuses values of 2**128 and above
    const QByteArray raw = QByteArray::fromHex(stripped.rightJustified(32, u'0').toLatin1());
    std::copy(raw.begin(), raw.end(), bytes.begin());
    return true;
}

// uuid.UUID(value)
Value toUuid(const Value &v)
{
    if (!isStrLike(v)) {
        if (v.isNone())
            throw UntagError{
                QStringLiteral("one of the hex, bytes, bytes_le, fields, or int arguments must be given")};
        throw UntagError{QStringLiteral("'%1' object has no attribute 'replace'").arg(pyTypeName(v))};
    }
    QString hex = v.toStr();
    hex.replace(QStringLiteral("urn:"), QString()).replace(QStringLiteral("uuid:"), QString());
    while (!hex.isEmpty() && (hex.front() == u'{' || hex.front() == u'}'))
        hex.remove(0, 1);
    while (!hex.isEmpty() && (hex.back() == u'{' || hex.back() == u'}'))
        hex.chop(1);
    hex.remove(u'-');
    std::array<unsigned char, 16> bytes{};
    if (hex.toUcs4().size() != 32 || !pyHexInt(hex, bytes))
        throw UntagError{QStringLiteral("badly formed hexadecimal UUID string")};
    return Value(QUuid::fromRfc4122(QByteArray(reinterpret_cast<const char *>(bytes.data()), 16)));
}

// werkzeug.http.parse_date(value): None for text it cannot read.
Value toDateTime(const Value &v)
{
    // email.utils returns None for any falsy value; for bytes it fails with a TypeError that
    // parse_date catches.
    if (!v.toBool() || v.type() == Value::Type::Bytes)
        return Value();
    if (!isStrLike(v))
        throw UntagError{QStringLiteral("'%1' object has no attribute 'split'").arg(pyTypeName(v))};
    const auto dt = HttpDate::parse(v.toStr());
    return dt ? Value(*dt) : Value();
}

// TagDict.to_python: {key[:-2]: value[key]} for the first key.
Value toDict(const Value &v)
{
    if (v.type() != Value::Type::Dict)
        throw UntagError{QStringLiteral("the ' di' tag needs an object, not '%1'").arg(pyTypeName(v))};
    if (v.dictItems().empty())
        throw UntagError{QStringLiteral("the ' di' tag needs an object with one key, got an empty one")};
    const Value::Item &first = v.dictItems().front();
    const QList<uint> ucs4 = first.first.toUcs4();
    QString key;
    for (qsizetype i = 0; i + 2 < ucs4.size(); ++i)
        key += QString::fromUcs4(reinterpret_cast<const char32_t *>(&ucs4[i]), 1);
    return Value::dict({{key, first.second}});
}

Value toPython(const QString &key, const Value &v)
{
    if (key == kTagDict)
        return toDict(v);
    if (key == kTagTuple)
        return toTuple(v);
    if (key == kTagBytes)
        return toBytes(v);
    if (key == kTagMarkup)
        return Value(Value::Markup{v.toStr()}); // Markup(x) is str(x) for anything without __html__
    if (key == kTagUuid)
        return toUuid(v);
    return toDateTime(v);
}

Value untagOne(Value &&object)
{
    const Value::Dict &items = object.dictItems();
    if (items.size() == 1 && TaggedJson::tagKeys().contains(items.front().first))
        return toPython(items.front().first, items.front().second);
    return std::move(object);
}

Value untagAll(const Value &v)
{
    if (v.type() == Value::Type::List) {
        Value::List items;
        items.reserve(v.items().size());
        for (const Value &item : v.items())
            items.push_back(untagAll(item));
        return Value(std::move(items));
    }
    if (v.type() != Value::Type::Dict)
        return v;
    Value::Dict items;
    items.reserve(v.dictItems().size());
    for (const Value::Item &item : v.dictItems())
        items.emplace_back(item.first, untagAll(item.second));
    return untagOne(Value(std::move(items)));
}

Value wrap(const QString &key, Value v)
{
    return Value::dict({{key, std::move(v)}});
}

} // namespace

const QStringList &TaggedJson::tagKeys()
{
    static const QStringList keys = {kTagDict, kTagTuple, kTagBytes, kTagMarkup, kTagUuid, kTagDateTime};
    return keys;
}

Value TaggedJson::tag(const Value &value)
{
    switch (value.type()) {
    case Value::Type::Dict: {
        const Value::Dict &dict = value.dictItems();
        if (dict.size() == 1 && tagKeys().contains(dict.front().first))
            return wrap(kTagDict, wrap(dict.front().first + QStringLiteral("__"), tag(dict.front().second)));
        Value::Dict out;
        out.reserve(dict.size());
        for (const Value::Item &item : dict)
            out.emplace_back(item.first, tag(item.second));
        return Value(std::move(out));
    }
    case Value::Type::Tuple:
    case Value::Type::List: {
        Value::List out;
        out.reserve(value.items().size());
        for (const Value &item : value.items())
            out.push_back(tag(item));
        if (value.type() == Value::Type::Tuple)
            return wrap(kTagTuple, Value(std::move(out)));
        return Value(std::move(out));
    }
    case Value::Type::Bytes:
        return wrap(kTagBytes, QString::fromLatin1(PyBase64::b64encode(value.toBytes())));
    case Value::Type::Markup: return wrap(kTagMarkup, value.markupHtml());
    case Value::Type::Uuid: return wrap(kTagUuid, value.toUuid().toString(QUuid::Id128));
    case Value::Type::DateTime: return wrap(kTagDateTime, HttpDate::format(value.toDateTime()));
    default: return value;
    }
}

Value TaggedJson::untag(Value &&object, QString *error)
{
    if (error)
        error->clear();
    if (object.type() != Value::Type::Dict)
        return std::move(object);
    try {
        return untagOne(std::move(object));
    } catch (const UntagError &e) {
        if (error)
            *error = e.message;
        return {};
    }
}

Value TaggedJson::untagTree(const Value &json, QString *error)
{
    if (error)
        error->clear();
    try {
        return untagAll(json);
    } catch (const UntagError &e) {
        if (error)
            *error = e.message;
        return {};
    }
}

QByteArray TaggedJson::dumps(const Value &value, QString *error)
{
    PyJson::Options o;
    o.sortKeys = true;
    o.ensureAscii = true;
    o.compact = true;
    return PyJson::dumps(tag(value), o, error);
}

Value TaggedJson::loads(const QByteArray &json, QString *error)
{
    // The hook runs while parsing, as in Python, so an object that a repeated key overwrites is
    // still untagged (and can still fail).
    return PyJson::loads(
        json, [](Value &&object, QString *hookError) { return untag(std::move(object), hookError); }, error);
}

} // namespace rs
