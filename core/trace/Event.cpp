#include "core/trace/Event.h"

#include <algorithm>
#include <charconv>
#include <cstddef>
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

namespace {
// Writes into a caller's buffer that has room for the worst case (every byte escaped as \u00XX).
char *writeJsonString(char *p, std::string_view s)
{
    static const char hex[] = "0123456789abcdef";
    *p++ = '"';
    for (char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if (c >= 0x20 && c != '"' && c != '\\') {
            *p++ = ch;
            continue;
        }
        *p++ = '\\';
        switch (c) {
        case '"': *p++ = '"'; break;
        case '\\': *p++ = '\\'; break;
        case '\n': *p++ = 'n'; break;
        case '\r': *p++ = 'r'; break;
        case '\t': *p++ = 't'; break;
        default:
            *p++ = 'u';
            *p++ = '0';
            *p++ = '0';
            *p++ = hex[c >> 4];
            *p++ = hex[c & 15];
        }
    }
    *p++ = '"';
    return p;
}

char *writeLiteral(char *p, std::string_view s)
{
    std::memcpy(p, s.data(), s.size());
    return p + s.size();
}

char *writeInt(char *p, std::int64_t v)
{
    return std::to_chars(p, p + 24, v).ptr;
}
} // namespace

void appendJsonString(std::string &out, std::string_view s)
{
    std::string buffer(s.size() * 6 + 2, '\0');
    char *end = writeJsonString(buffer.data(), s);
    out.append(buffer.data(), static_cast<std::size_t>(end - buffer.data()));
}

void Event::copyUsed(Event &to, const Event &from)
{
    std::memcpy(static_cast<void *>(&to), static_cast<const void *>(&from),
                offsetof(Event, text) + from.textUsed);
}

void Event::appendJson(std::string &out) const
{
    // Worst case: every text byte escaped (×6), the thread name likewise, names and numbers.
    char buffer[kTextBytes * 6 + 64 * 6 + 512];
    char *p = buffer;
    p = writeLiteral(p, "{\"seq\":");
    p = writeInt(p, static_cast<std::int64_t>(seq));
    p = writeLiteral(p, ",\"t_us\":");
    p = writeInt(p, tUs);
    p = writeLiteral(p, ",\"thread\":");
    const std::string_view threadName(thread);
    // At most 64 bytes, never half a character: the line must stay valid UTF-8 (a thread name read
    // from a recording can be anything; libFuzzer found a cut "ʿ").
    p = writeJsonString(p, threadName.substr(0, utf8Prefix(threadName, 64)));
    p = writeLiteral(p, ",\"ident\":");
    p = writeInt(p, static_cast<std::int64_t>(ident));
    p = writeLiteral(p, ",\"req\":");
    p = writeInt(p, static_cast<std::int64_t>(req));
    p = writeLiteral(p, ",\"kind\":\"");
    p = writeLiteral(p, kindName(kind));
    *p++ = '"';
    const KindSpec &spec = kindSpec(kind);
    for (int i = 0; i < spec.fieldCount; ++i) {
        const FieldSpec &f = spec.fields[i];
        *p++ = ',';
        *p++ = '"';
        p = writeLiteral(p, f.name);
        *p++ = '"';
        *p++ = ':';
        switch (f.type) {
        case FieldType::Text: p = writeJsonString(p, textAt(f.slot)); break;
        case FieldType::Int: p = writeInt(p, intAt(f.slot)); break;
        case FieldType::Bool: p = writeLiteral(p, boolAt(f.slot) ? "true" : "false"); break;
        }
    }
    *p++ = '}';
    out.append(buffer, static_cast<std::size_t>(p - buffer));
}

} // namespace rs::trace
