#include "core/value/Value.h"

#include "core/value/PyRepr.h"

#include <QList>

#include <algorithm>
#include <charconv>
#include <stdexcept>

namespace rs {

namespace {
const Value::List kEmptyList;

bool fitsInt64(const std::string &digits, std::int64_t &out)
{
    auto res = std::from_chars(digits.data(), digits.data() + digits.size(), out);
    return res.ec == std::errc() && res.ptr == digits.data() + digits.size();
}
} // namespace

Value Value::integer(const std::string &decimal)
{
    std::int64_t v = 0;
    if (fitsInt64(decimal, v))
        return Value(static_cast<long long>(v));
    std::string digits = decimal;
    // Normalise "-0…" and leading zeros as Python's int() does.
    const bool negative = !digits.empty() && digits[0] == '-';
    std::size_t start = negative ? 1 : 0;
    std::size_t firstNonZero = digits.find_first_not_of('0', start);
    if (firstNonZero == std::string::npos)
        return Value(0);
    digits = (negative ? "-" : "") + digits.substr(firstNonZero);
    if (fitsInt64(digits, v))
        return Value(static_cast<long long>(v));
    return Value(BigInt{digits});
}

bool Value::toBool() const
{
    switch (type()) {
    case Type::None: return false;
    case Type::Bool: return std::get<bool>(v_);
    case Type::Int: return std::get<std::int64_t>(v_) != 0;
    case Type::BigInt: return true;
    case Type::Float: return std::get<double>(v_) != 0.0;
    case Type::Str: return !std::get<QString>(v_).isEmpty();
    case Type::Bytes: return !std::get<QByteArray>(v_).isEmpty();
    case Type::List: return !std::get<List>(v_).empty();
    case Type::Tuple: return !std::get<Tuple>(v_).items.empty();
    case Type::Dict: return !std::get<DictBox>(v_).items.empty();
    case Type::Markup: return !std::get<Markup>(v_).html.isEmpty();
    case Type::Uuid:
    case Type::DateTime: return true;
    }
    return false;
}

std::int64_t Value::toInt(std::int64_t fallback) const
{
    switch (type()) {
    case Type::Bool: return std::get<bool>(v_) ? 1 : 0;
    case Type::Int: return std::get<std::int64_t>(v_);
    case Type::Float: return static_cast<std::int64_t>(std::get<double>(v_));
    case Type::Str: {
        bool ok = false;
        const qlonglong v = std::get<QString>(v_).trimmed().toLongLong(&ok);
        return ok ? v : fallback;
    }
    default: return fallback;
    }
}

double Value::toDouble(double fallback) const
{
    switch (type()) {
    case Type::Bool: return std::get<bool>(v_) ? 1.0 : 0.0;
    case Type::Int: return static_cast<double>(std::get<std::int64_t>(v_));
    case Type::BigInt: return std::stod(std::get<BigInt>(v_).digits);
    case Type::Float: return std::get<double>(v_);
    case Type::Str: {
        bool ok = false;
        const double v = std::get<QString>(v_).trimmed().toDouble(&ok);
        return ok ? v : fallback;
    }
    default: return fallback;
    }
}

QString Value::toStr() const
{
    if (type() == Type::Str)
        return std::get<QString>(v_);
    if (type() == Type::Markup)
        return std::get<Markup>(v_).html;
    if (type() == Type::Uuid)
        return std::get<QUuid>(v_).toString(QUuid::WithoutBraces);
    if (type() == Type::DateTime)
        return std::get<QDateTime>(v_).toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss+00:00"));
    return repr();
}

QByteArray Value::toBytes() const
{
    if (type() == Type::Bytes)
        return std::get<QByteArray>(v_);
    return toStr().toUtf8();
}

QUuid Value::toUuid() const
{
    if (type() == Type::Uuid)
        return std::get<QUuid>(v_);
    return QUuid::fromString(toStr());
}

QDateTime Value::toDateTime() const
{
    if (type() == Type::DateTime)
        return std::get<QDateTime>(v_);
    return {};
}

const Value::List &Value::items() const
{
    if (type() == Type::List)
        return std::get<List>(v_);
    if (type() == Type::Tuple)
        return std::get<Tuple>(v_).items;
    return kEmptyList;
}

Value::List &Value::items()
{
    if (type() == Type::List)
        return std::get<List>(v_);
    if (type() == Type::Tuple)
        return std::get<Tuple>(v_).items;
    throw std::logic_error("value is not a list or tuple");
}

void Value::append(Value v)
{
    if (type() != Type::List)
        throw std::logic_error("append() needs a list");
    std::get<List>(v_).push_back(std::move(v));
}

const Value::Dict &Value::dictItems() const
{
    if (type() != Type::Dict)
        throw std::logic_error("value is not a dict");
    return std::get<DictBox>(v_).items;
}

Value::Dict &Value::dictItems()
{
    if (type() != Type::Dict)
        throw std::logic_error("value is not a dict");
    return std::get<DictBox>(v_).items;
}

bool Value::contains(const QString &key) const
{
    return find(key) != nullptr;
}

const Value *Value::find(const QString &key) const
{
    if (type() != Type::Dict)
        return nullptr;
    for (const Item &item : std::get<DictBox>(v_).items)
        if (item.first == key)
            return &item.second;
    return nullptr;
}

Value *Value::find(const QString &key)
{
    return const_cast<Value *>(std::as_const(*this).find(key));
}

Value Value::get(const QString &key, Value fallback) const
{
    const Value *v = find(key);
    return v ? *v : fallback;
}

void Value::set(const QString &key, Value v)
{
    if (Value *existing = find(key)) {
        *existing = std::move(v);
        return;
    }
    dictItems().emplace_back(key, std::move(v));
}

bool Value::remove(const QString &key)
{
    if (type() != Type::Dict)
        return false;
    auto &items = std::get<DictBox>(v_).items;
    auto it = std::find_if(items.begin(), items.end(), [&](const Item &i) { return i.first == key; });
    if (it == items.end())
        return false;
    items.erase(it);
    return true;
}

Value &Value::operator[](const QString &key)
{
    if (Value *existing = find(key))
        return *existing;
    auto &items = dictItems();
    items.emplace_back(key, Value());
    return items.back().second;
}

std::size_t Value::size() const
{
    switch (type()) {
    case Type::Str: return static_cast<std::size_t>(std::get<QString>(v_).toUcs4().size());
    case Type::Bytes: return static_cast<std::size_t>(std::get<QByteArray>(v_).size());
    case Type::List: return std::get<List>(v_).size();
    case Type::Tuple: return std::get<Tuple>(v_).items.size();
    case Type::Dict: return std::get<DictBox>(v_).items.size();
    default: return 0;
    }
}

bool Value::operator==(const Value &other) const
{
    const bool numeric = (type() == Type::Bool || type() == Type::Int || type() == Type::Float);
    const bool otherNumeric =
        (other.type() == Type::Bool || other.type() == Type::Int || other.type() == Type::Float);
    if (numeric && otherNumeric) {
        if (type() == Type::Float || other.type() == Type::Float)
            return toDouble() == other.toDouble();
        return toInt() == other.toInt();
    }
    if (type() != other.type())
        return false;
    switch (type()) {
    case Type::None: return true;
    case Type::BigInt: return bigIntDigits() == other.bigIntDigits();
    case Type::Str: return std::get<QString>(v_) == std::get<QString>(other.v_);
    case Type::Bytes: return std::get<QByteArray>(v_) == std::get<QByteArray>(other.v_);
    case Type::List:
    case Type::Tuple: return items() == other.items();
    case Type::Dict: {
        const Dict &a = dictItems();
        const Dict &b = other.dictItems();
        if (a.size() != b.size())
            return false;
        for (const Item &item : a) {
            const Value *v = other.find(item.first);
            if (!v || *v != item.second)
                return false;
        }
        return true;
    }
    case Type::Markup: return markupHtml() == other.markupHtml();
    case Type::Uuid: return std::get<QUuid>(v_) == std::get<QUuid>(other.v_);
    case Type::DateTime: return std::get<QDateTime>(v_) == std::get<QDateTime>(other.v_);
    default: return false;
    }
}

namespace {
QString bytesRepr(const QByteArray &bytes)
{
    const bool useDouble = bytes.contains('\'') && !bytes.contains('"');
    const char quote = useDouble ? '"' : '\'';
    QString out = QStringLiteral("b");
    out.append(QLatin1Char(quote));
    for (char ch : bytes) {
        const auto c = static_cast<unsigned char>(ch);
        if (c == static_cast<unsigned char>(quote) || c == '\\') {
            out.append(QLatin1Char('\\'));
            out.append(QLatin1Char(ch));
        } else if (c == '\n') {
            out.append(QLatin1String("\\n"));
        } else if (c == '\r') {
            out.append(QLatin1String("\\r"));
        } else if (c == '\t') {
            out.append(QLatin1String("\\t"));
        } else if (c < 0x20 || c >= 0x7f) {
            out.append(QStringLiteral("\\x%1").arg(uint(c), 2, 16, QLatin1Char('0')));
        } else {
            out.append(QLatin1Char(ch));
        }
    }
    out.append(QLatin1Char(quote));
    return out;
}
} // namespace

QString Value::repr() const
{
    switch (type()) {
    case Type::None: return QStringLiteral("None");
    case Type::Bool: return std::get<bool>(v_) ? QStringLiteral("True") : QStringLiteral("False");
    case Type::Int: return QString::number(std::get<std::int64_t>(v_));
    case Type::BigInt: return QString::fromStdString(bigIntDigits());
    case Type::Float: return QString::fromStdString(pyFloatRepr(std::get<double>(v_)));
    case Type::Str: return pyStrRepr(std::get<QString>(v_));
    case Type::Bytes: return bytesRepr(std::get<QByteArray>(v_));
    case Type::List:
    case Type::Tuple: {
        const List &list = items();
        QString out = type() == Type::List ? QStringLiteral("[") : QStringLiteral("(");
        for (std::size_t i = 0; i < list.size(); ++i) {
            if (i)
                out += QLatin1String(", ");
            out += list[i].repr();
        }
        if (type() == Type::Tuple && list.size() == 1)
            out += QLatin1Char(',');
        out += type() == Type::List ? QLatin1Char(']') : QLatin1Char(')');
        return out;
    }
    case Type::Dict: {
        QString out = QStringLiteral("{");
        bool first = true;
        for (const Item &item : dictItems()) {
            if (!first)
                out += QLatin1String(", ");
            first = false;
            out += pyStrRepr(item.first) + QLatin1String(": ") + item.second.repr();
        }
        return out + QLatin1Char('}');
    }
    case Type::Markup: return QStringLiteral("Markup(%1)").arg(pyStrRepr(markupHtml()));
    case Type::Uuid:
        return QStringLiteral("UUID('%1')").arg(std::get<QUuid>(v_).toString(QUuid::WithoutBraces));
    case Type::DateTime: {
        const QDateTime dt = std::get<QDateTime>(v_).toUTC();
        const QDate d = dt.date();
        const QTime t = dt.time();
        // Python leaves out the seconds when they are zero (microseconds are never kept here).
        QString fields = QStringLiteral("%1, %2, %3, %4, %5")
                             .arg(d.year())
                             .arg(d.month())
                             .arg(d.day())
                             .arg(t.hour())
                             .arg(t.minute());
        if (t.second() != 0)
            fields += QStringLiteral(", %1").arg(t.second());
        return QStringLiteral("datetime.datetime(%1, tzinfo=datetime.timezone.utc)").arg(fields);
    }
    }
    return {};
}

std::string Value::reprUtf8(int maxChars) const
{
    QString r = repr();
    if (maxChars > 0 && r.size() > maxChars)
        r = r.left(maxChars - 1) + QChar(0x2026);
    return r.toStdString();
}

} // namespace rs
