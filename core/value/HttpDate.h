#pragma once

#include <QDateTime>
#include <QString>

#include <optional>

namespace rs {

// werkzeug.http.http_date / parse_date, as Flask's " d" tag and its JSON default hook use them.
class HttpDate {
public:
    // "Thu, 29 Feb 2024 12:30:45 GMT". A Qt::LocalTime value is naive in Python's sense, so its
    // fields are taken as UTC (as Werkzeug does); any other value is converted to UTC first.
    // Milliseconds are dropped. An invalid QDateTime gives an empty string.
    static QString format(const QDateTime &dt);

    // email.utils.parsedate_to_datetime, lenient like Python's (day name optional, RFC 850 dates,
    // two-digit years, zone names and ±hhmm offsets). The result is in UTC; a value without a zone
    // is taken as UTC. std::nullopt when Python's parse_date returns None.
    static std::optional<QDateTime> parse(const QString &text);
};

} // namespace rs
