#pragma once

#include "core/value/Value.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace rs {

// Flask's TaggedJSONSerializer (flask/json/tag.py), the format of the session cookie's payload.
// Values JSON cannot hold are wrapped in one-key objects:
//   tuple → {" t":[…]}, bytes → {" b":"<standard base64>"}, Markup → {" m":"<html>"},
//   UUID → {" u":"<32 hex>"}, datetime → {" d":"<HTTP date>"},
//   a one-key dict whose key is one of these tags → {" di":{"<key>__":…}}.
class TaggedJson {
public:
    // The registered tag keys: " di", " t", " b", " m", " u", " d".
    static const QStringList &tagKeys();

    // TaggedJSONSerializer.tag: the JSON-only value Flask serializes. Datetimes lose their
    // milliseconds; a Qt::LocalTime datetime counts as naive and its fields are taken as UTC.
    static Value tag(const Value &value);

    // TaggedJSONSerializer.untag for one parsed object whose values are already untagged: only a
    // one-key object whose key is registered is rewritten. On failure (e.g. {" u":"nope"}) the
    // result is None and *error explains; *error is cleared on success.
    static Value untag(Value &&object, QString *error = nullptr);
    // untag applied to every object of a parsed JSON value, innermost first.
    static Value untagTree(const Value &json, QString *error = nullptr);

    // What Flask writes into the cookie inside an app context: tag(), then JSON with sorted keys,
    // ensure_ascii and compact separators.
    static QByteArray dumps(const Value &value, QString *error = nullptr);
    // json.loads with object_hook=untag. Errors as PyJson::loads and untag().
    static Value loads(const QByteArray &json, QString *error = nullptr);
};

} // namespace rs
