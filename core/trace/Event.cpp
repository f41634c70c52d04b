#include "core/trace/Event.h"

#include <algorithm>
#include <charconv>
#include <cstring>

namespace rs::trace {

namespace {
constexpr std::string_view kEllipsis = "\xE2\x80\xA6"; // …

// Largest prefix of s of at most n bytes that does not split a UTF-8 sequence.
std::size_t utf8Prefix(std::string_view s, std::size_t n)
{
    if (s.size() <= n)
        return s.size();
    while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80)
        --n;
    return n;
}

void appendInt(std::string &out, std::int64_t v)
{
    char buf[24];
    auto res = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, res.ptr);
}
} // namespace

void Event::setText(int slot, std::string_view value, int maxBytes)
{
    const std::size_t room = std::min<std::size_t>(kTextBytes - textUsed, std::max(maxBytes, 0));
    std::size_t n = value.size();
    bool cut = false;
    if (n > room) {
        cut = true;
        n = room >= kEllipsis.size() ? utf8Prefix(value, room - kEllipsis.size()) : 0;
    }
    textOffset[slot] = textUsed;
    if (n > 0) // an empty view may carry a null pointer, which memcpy must not get
        std::memcpy(text + textUsed, value.data(), n);
    std::size_t len = n;
    if (cut && room >= kEllipsis.size()) {
        std::memcpy(text + textUsed + n, kEllipsis.data(), kEllipsis.size());
        len += kEllipsis.size();
    }
    textLen[slot] = static_cast<std::uint16_t>(len);
    textUsed = static_cast<std::uint16_t>(textUsed + len);
}

QVariant Event::field(std::string_view name) const
{
    if (name == "seq")
        return QVariant::fromValue<qulonglong>(seq);
    if (name == "t_us")
        return QVariant::fromValue<qlonglong>(tUs);
    if (name == "thread")
        return QString::fromUtf8(thread);
    if (name == "ident")
        return QVariant::fromValue<qulonglong>(ident);
    if (name == "req")
        return QVariant::fromValue<qulonglong>(req);
    if (name == "kind")
        return QString::fromUtf8(kindName(kind).data());
    const KindSpec &spec = kindSpec(kind);
    for (int i = 0; i < spec.fieldCount; ++i) {
        const FieldSpec &f = spec.fields[i];
        if (name != f.name)
            continue;
        switch (f.type) {
        case FieldType::Text: {
            auto t = textAt(f.slot);
            return QString::fromUtf8(t.data(), static_cast<qsizetype>(t.size()));
        }
        case FieldType::Int: return QVariant::fromValue<qlonglong>(intAt(f.slot));
        case FieldType::Bool: return boolAt(f.slot);
        }
    }
    return {};
}

QVariantMap Event::toMap() const
{
    QVariantMap m;
    for (const char *h : {"seq", "t_us", "thread", "ident", "req", "kind"})
        m.insert(QString::fromLatin1(h), field(h));
    const KindSpec &spec = kindSpec(kind);
    for (int i = 0; i < spec.fieldCount; ++i)
        m.insert(QString::fromLatin1(spec.fields[i].name), field(spec.fields[i].name));
    return m;
}

void appendJsonString(std::string &out, std::string_view s)
{
    static const char hex[] = "0123456789abcdef";
    out.push_back('"');
    for (char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (c < 0x20) {
                out += "\\u00";
                out.push_back(hex[c >> 4]);
                out.push_back(hex[c & 15]);
            } else {
                out.push_back(ch);
            }
        }
    }
    out.push_back('"');
}

void Event::appendJson(std::string &out) const
{
    out += "{\"seq\":";
    appendInt(out, static_cast<std::int64_t>(seq));
    out += ",\"t_us\":";
    appendInt(out, tUs);
    out += ",\"thread\":";
    appendJsonString(out, thread);
    out += ",\"ident\":";
    appendInt(out, static_cast<std::int64_t>(ident));
    out += ",\"req\":";
    appendInt(out, static_cast<std::int64_t>(req));
    out += ",\"kind\":\"";
    out += kindName(kind);
    out.push_back('"');
    const KindSpec &spec = kindSpec(kind);
    for (int i = 0; i < spec.fieldCount; ++i) {
        const FieldSpec &f = spec.fields[i];
        out += ",\"";
        out += f.name;
        out += "\":";
        switch (f.type) {
        case FieldType::Text: appendJsonString(out, textAt(f.slot)); break;
        case FieldType::Int: appendInt(out, intAt(f.slot)); break;
        case FieldType::Bool: out += boolAt(f.slot) ? "true" : "false"; break;
        }
    }
    out.push_back('}');
}

} // namespace rs::trace
