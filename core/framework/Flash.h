#pragma once

#include "core/value/Value.h"

#include <QString>
#include <QStringList>

namespace rs {

// Flask 2.2's message flashing (flask/helpers.py, reference §e). Messages wait in the session
// under "_flashes" as (category, message) tuples — {"_flashes":[{" t":["x1","hi"]}]} in the
// cookie — until a later request reads them. Both need a request context (Flask's error text
// otherwise) and run on the ident handling the request.

// flash(message, category="message"): session.get("_flashes", []) + append + reassign, so the
// session is marked modified. A flash.add event. Throws rs::RuntimeError with Flask's text on a
// null session (no secret key), as Flask's write to a NullSession does.
void flash(const QString &message, const QString &category = QStringLiteral("message"));

// get_flashed_messages(with_categories=False, category_filter=()): the first call of a request
// pops "_flashes" from the session (modified; an emptied session's cookie is deleted) and caches
// the list on the request context, with a flash.consume event per message; later calls in the
// same request return that cache, so a flash() in between only shows on the next request (the
// §e gotcha). Returns a list of messages, or of (category, message) tuples with categories.
Value getFlashedMessages(bool withCategories = false, const QStringList &categoryFilter = {});

} // namespace rs
