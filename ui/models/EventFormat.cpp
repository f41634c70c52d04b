#include "ui/models/EventFormat.h"

#include "core/fiber/IdentMode.h"

#include <array>
#include <charconv>
#include <string>

namespace rs::ui {

namespace {
const trace::FieldSpec *findField(const trace::Event &e, std::string_view name, trace::FieldType type)
{
    const trace::KindSpec &spec = trace::kindSpec(e.kind);
    for (int i = 0; i < spec.fieldCount; ++i)
        if (spec.fields[i].type == type && name == spec.fields[i].name)
            return &spec.fields[i];
    return nullptr;
}
} // namespace

QString EventFormat::kind(trace::EventKind kind)
{
    // Interned once: kind names are shown on every row.
    static const std::array<QString, static_cast<std::size_t>(trace::EventKind::Count)> names = [] {
        std::array<QString, static_cast<std::size_t>(trace::EventKind::Count)> out;
        for (std::size_t i = 0; i < out.size(); ++i) {
            const std::string_view n = trace::kindName(static_cast<trace::EventKind>(i));
            out[i] = QString::fromUtf8(n.data(), static_cast<qsizetype>(n.size()));
        }
        return out;
    }();
    const auto i = static_cast<std::size_t>(kind);
    return i < names.size() ? names[i] : QString();
}

QString EventFormat::text(const trace::Event &e, std::string_view name)
{
    const trace::FieldSpec *f = findField(e, name, trace::FieldType::Text);
    if (!f)
        return {};
    const std::string_view v = e.textAt(f->slot);
    return QString::fromUtf8(v.data(), static_cast<qsizetype>(v.size()));
}

qint64 EventFormat::integer(const trace::Event &e, std::string_view name)
{
    const trace::FieldSpec *f = findField(e, name, trace::FieldType::Int);
    return f ? e.intAt(f->slot) : 0;
}

bool EventFormat::flag(const trace::Event &e, std::string_view name)
{
    const trace::FieldSpec *f = findField(e, name, trace::FieldType::Bool);
    return f ? e.boolAt(f->slot) : false;
}

QString EventFormat::details(const trace::Event &e)
{
    // Built as UTF-8 and converted once: this runs for every event the log shows.
    const trace::KindSpec &spec = trace::kindSpec(e.kind);
    std::string out;
    out.reserve(96);
    char number[24];
    for (int i = 0; i < spec.fieldCount; ++i) {
        const trace::FieldSpec &f = spec.fields[i];
        if (i)
            out += ' ';
        out += f.name;
        out += '=';
        switch (f.type) {
        case trace::FieldType::Text: out += e.textAt(f.slot); break;
        case trace::FieldType::Int: {
            const auto r = std::to_chars(number, number + sizeof number, e.intAt(f.slot));
            out.append(number, r.ptr);
            break;
        }
        case trace::FieldType::Bool: out += e.boolAt(f.slot) ? "true" : "false"; break;
        }
    }
    return QString::fromUtf8(out.data(), static_cast<qsizetype>(out.size()));
}

QString EventFormat::ident(quint64 ident, const QString &thread)
{
    return QString::fromStdString(fiber::describeIdent(ident, thread.toStdString()));
}

} // namespace rs::ui
