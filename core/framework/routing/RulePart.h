#pragma once

#include "core/framework/routing/Weighting.h"

#include <QRegularExpression>
#include <QString>

namespace rs::routing {

// One '/'-separated piece of a rule (werkzeug's RulePart). A static part is plain text; a dynamic
// part is a regular expression with one group per variable. A final part (one with a path
// variable) swallows every remaining piece of the request path.
struct RulePart {
    QString content;
    bool final = false;
    bool isStatic = true;
    Weighting weight;
    QRegularExpression regex; // compiled from content for dynamic parts

    // Werkzeug shares a matcher state between rules whose parts compare equal.
    bool sameAs(const RulePart &other) const
    {
        return content == other.content && final == other.final && isStatic == other.isStatic &&
               weight == other.weight;
    }
};

} // namespace rs::routing
