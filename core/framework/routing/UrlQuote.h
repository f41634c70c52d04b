#pragma once

#include "core/value/Value.h"

#include <QByteArray>
#include <QString>

namespace rs::routing {

// Werkzeug 2.2's percent-encoding (werkzeug/urls.py). Letters, digits and "-._~$!'()*+,;" are
// always safe; callers add more safe characters ("/:" for converters, "/:|+" for static rule
// text and redirects).
class UrlQuote {
public:
    static QString quote(const QByteArray &bytes, const char *extraSafe = "/:");
    // url_encode's key/value quoting: space becomes '+', '+' itself is encoded, '/' and ':' too.
    static QString quotePlus(const QByteArray &bytes);
    // url_encode(values) in the dict's order: lists and tuples give one pair per item, None is
    // skipped. Returns the text without '?'.
    static QString encodeQuery(const Value::Dict &values);
    // The target of a routing redirect as Flask sends it in Location (without scheme and host):
    // the path quoted, then the raw query decoded as UTF-8 and, when the URL is not plain ASCII
    // without inner whitespace, quoted again as werkzeug's redirect() -> iri_to_uri does.
    static QString redirectTarget(const QString &path, const QByteArray &query);
    // UTF-8 of str(value), or the bytes themselves for a bytes value.
    static QByteArray valueBytes(const Value &value);
};

} // namespace rs::routing
