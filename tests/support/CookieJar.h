#pragma once

#include "tests/support/TestHeaders.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QMap>

#include <optional>

namespace rs::test {

struct TestResponse;

// One Set-Cookie header, split: `name=value; Attr=x; Flag`.
struct SetCookie {
    QByteArray name;
    QByteArray value;
    QList<QPair<QByteArray, QByteArray>> attributes; // in header order; flags have an empty value

    // The attribute's value (case-insensitive name), or nullopt.
    std::optional<QByteArray> attribute(const QByteArray &name) const;
    // Expires parsed as an HTTP date (UTC), when present and readable.
    std::optional<QDateTime> expires() const;
    // Max-Age=0 or an Expires in the past: the browser drops the cookie.
    bool deletes() const;

    static SetCookie parse(const QByteArray &header);
};

// A minimal browser cookie store for tests: remembers what Set-Cookie sets (ignoring Domain and
// Path, as every test talks to one origin) and sends it back as one Cookie header.
class CookieJar {
public:
    void update(const TestResponse &response);
    // {"Cookie": "a=1; b=2"}, or no header when the jar is empty.
    TestHeaders headers() const;
    QByteArray value(const QByteArray &name) const { return cookies_.value(name); }
    bool contains(const QByteArray &name) const { return cookies_.contains(name); }
    void set(const QByteArray &name, const QByteArray &value) { cookies_[name] = value; }
    void clear() { cookies_.clear(); }

private:
    QMap<QByteArray, QByteArray> cookies_;
};

} // namespace rs::test
