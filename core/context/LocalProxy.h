#pragma once

#include <functional>
#include <string>

namespace rs {

// Werkzeug's LocalProxy: forwards every use to the object that a lookup function finds *now*
// (the top of this ident's context stack). `request->path()` reads like Flask's `request.path`.
// The lookup throws rs::RuntimeError with Flask's text when there is nothing to find.
template <class T> class LocalProxy {
public:
    using Lookup = std::function<T *()>;

    explicit LocalProxy(Lookup lookup) : lookup_(std::move(lookup)) {}

    T *get() const { return lookup_(); }
    T *operator->() const { return get(); }
    T &operator*() const { return *get(); }

private:
    Lookup lookup_;
};

} // namespace rs
