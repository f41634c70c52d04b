#pragma once

#include <QByteArray>

#include <ctime>

namespace rs::http {

// The "Date: …\r\n" header line (RFC 9110 IMF-fixdate), formatted at most once a second per
// thread: formatting a date for every response would cost more than the rest of the head.
class DateHeader {
public:
    // Calling thread's cached line for the current second.
    static const QByteArray &headerLine();
    // "Sun, 06 Nov 1994 08:49:37 GMT", independent of the C locale.
    static QByteArray format(std::time_t when);
};

} // namespace rs::http
