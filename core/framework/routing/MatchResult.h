#pragma once

#include "core/value/Value.h"

#include <QString>
#include <QStringList>

namespace rs::routing {

class Rule;

struct MatchResult {
    enum class Kind {
        Matched,          // rule and viewArgs are set
        NotFound,         // 404
        MethodNotAllowed, // 405; allowedMethods is set
        Redirect          // 308 strict-slashes redirect; redirectPath holds path + "?" + query if any
    };
    Kind kind = Kind::NotFound;
    const Rule *rule = nullptr;
    Value::Dict viewArgs;       // converted values in the rule's argument order
    QStringList allowedMethods; // sorted
    QString redirectPath;       // percent-encoded path (+ query), without scheme and host
};

} // namespace rs::routing
