#pragma once

#include "core/trace/EventKind.h"

#include <QVariantMap>

#include <cstdint>
#include <string>
#include <string_view>

namespace rs::trace {

// One step of the engine, as DESIGN.md's event table describes it. A plain value of fixed size,
// so that workers can copy it into the bounded ring without allocating. Text fields share an
// inline buffer and are cut (at a UTF-8 boundary, marked with "…") when they do not fit.
struct Event {
    static constexpr int kTextSlots = 4;
    static constexpr int kIntSlots = 4;
    static constexpr int kTextBytes = 400; // fits Flask's longest warning with its where/type

    std::uint64_t seq = 0;
    std::int64_t tUs = 0;
    std::uint64_t ident = 0;
    std::uint64_t req = 0;
    const char *thread = ""; // interned: lives as long as the program
    EventKind kind = EventKind::Error;
    std::uint8_t boolBits = 0;
    std::uint16_t textLen[kTextSlots] = {};
    std::uint16_t textOffset[kTextSlots] = {};
    std::uint16_t textUsed = 0;
    std::int64_t ints[kIntSlots] = {};
    char text[kTextBytes];

    explicit Event(EventKind k = EventKind::Error) : kind(k) {}

    // Copies up to the room left (and at most maxBytes) into slot `slot`. Call in slot order.
    void setText(int slot, std::string_view value, int maxBytes = kTextBytes);
    void setInt(int slot, std::int64_t value) { ints[slot] = value; }
    void setBool(int slot, bool value)
    {
        boolBits = value ? (boolBits | (1u << slot)) : (boolBits & ~(1u << slot));
    }

    std::string_view textAt(int slot) const { return {text + textOffset[slot], textLen[slot]}; }
    std::int64_t intAt(int slot) const { return ints[slot]; }
    bool boolAt(int slot) const { return (boolBits >> slot) & 1u; }

    // Field access by the JSON name of DESIGN.md (slow path: UI, tests).
    QVariant field(std::string_view name) const;
    // Every header field and every field of the kind, with DESIGN.md's names.
    QVariantMap toMap() const;
    // Appends one JSON object (no newline). Fast path used by the JSON-lines writer.
    void appendJson(std::string &out) const;

    // Copies the header and only the text in use (most of the text buffer is usually empty).
    static void copyUsed(Event &to, const Event &from);
};

// Appends `s` as a JSON string literal (quotes included), escaping as RFC 8259 requires.
void appendJsonString(std::string &out, std::string_view s);

} // namespace rs::trace
