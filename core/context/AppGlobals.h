#pragma once

#include "core/value/Value.h"

#include <QString>

namespace rs {

// Flask's `g`: a namespace that belongs to one application context (not to the app, and not to
// a request). Each set and get is an event (g.set / g.get). Used by one ident at a time.
class AppGlobals {
public:
    void set(const QString &key, Value value);
    // Like g.get(key, default): fallback when missing.
    Value get(const QString &key, Value fallback = {}) const;
    bool contains(const QString &key) const { return data_.contains(key); }
    Value pop(const QString &key, Value fallback = {});
    // Everything in g, without events (for snapshots).
    const Value &data() const { return data_; }

private:
    Value data_ = Value::dict();
};

} // namespace rs
