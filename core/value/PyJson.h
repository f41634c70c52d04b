#pragma once

#include "core/value/Value.h"

#include <QByteArray>
#include <QString>

#include <functional>

namespace rs {

// Python's json module, byte for byte: what Flask writes into a session cookie or a jsonify()
// body, and what it reads back. Output is UTF-8.
class PyJson {
public:
    struct Options {
        bool sortKeys = false;     // sort_keys: by Unicode code point, at every level
        bool ensureAscii = true;   // ensure_ascii: \uXXXX (lowercase) for everything outside ' '..'~'
        bool compact = false;      // separators=(",", ":"); else Python's default (", " / ": ")
        int indent = -1;           // indent=N; negative means None (everything on one line)
        bool allowNan = true;      // allow_nan: NaN, Infinity and -Infinity as bare tokens
        bool flaskDefault = false; // Flask's default hook: UUID → "8-4-4-4-12", datetime → HTTP date
    };

    // json.dumps(value) with Python's defaults.
    static QByteArray dumps(const Value &value);
    // On failure (bytes; UUID or datetime without flaskDefault; NaN without allowNan; an int of more
    // than 4300 digits) the result is empty and *error says why, in Python's words.
    static QByteArray dumps(const Value &value, const Options &options, QString *error = nullptr);

    // json.loads(text): objects become dicts (insertion order; a repeated key keeps its first place
    // and its last value), arrays lists, integers Int or BigInt, other numbers Float; NaN,
    // Infinity and -Infinity are accepted. The input must be UTF-8 without a BOM. On failure the
    // result is None and *error is Python's message with its position, e.g.
    // "Expecting ',' delimiter: line 1 column 7 (char 6)". *error is cleared on success.
    static Value loads(const QByteArray &json, QString *error = nullptr);

    // json.loads(text, object_hook=hook): the hook replaces every object as soon as it is parsed,
    // innermost first, including values that a repeated key later overwrites. A hook that sets
    // its error message makes loads fail with that message.
    using ObjectHook = std::function<Value(Value &&object, QString *error)>;
    static Value loads(const QByteArray &json, const ObjectHook &hook, QString *error = nullptr);

    // The body Flask 2.2's jsonify() writes outside debug mode: sorted keys, ensure_ascii, compact
    // separators, Flask's default hook, and a trailing newline.
    static QByteArray jsonifyBody(const Value &value, QString *error = nullptr);

    // Python's str ordering (code points), which differs from QString's UTF-16 order for text
    // above U+FFFF. Negative, zero or positive like strcmp.
    static int compareCodePoints(const QString &a, const QString &b);

    // Python refuses to convert integers longer than this to or from text (sys.int_info).
    static constexpr int kMaxIntDigits = 4300;
    // Nesting deeper than this fails, as Python's scanner hits its recursion limit near 1000.
    static constexpr int kMaxDepth = 990;
};

} // namespace rs
