#pragma once

#include "core/value/Value.h"

#include <QString>

#include <optional>

namespace rs::routing {

// Turns one URL variable into a value and back (Werkzeug's BaseConverter).
class Converter {
public:
    virtual ~Converter() = default;
    // The regular expression (no anchors, no capture groups) a part must match.
    virtual QString regex() const = 0;
    // Werkzeug's weight: lower is tried first among variable parts.
    virtual int weight() const { return 100; }
    // True when the part may contain '/' (path).
    virtual bool matchesSlash() const { return false; }
    // The Python value for a matched part, or nullopt when it fails validation (→ no match).
    virtual std::optional<Value> toPython(const QString &part) const = 0;
    // The URL text for a value (percent-encoded), or nullopt when the value is refused.
    virtual std::optional<QString> toUrl(const Value &value) const;
};

} // namespace rs::routing
