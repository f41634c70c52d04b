#pragma once

#include "core/framework/HookSet.h"

#include <QString>

#include <typeinfo>
#include <vector>

namespace rs {

// What App and Blueprint share (Flask's Scaffold): routes, request hooks and error handlers.
// Registration happens while setting up, before serving.
class Scaffold {
public:
    explicit Scaffold(QString name) : name_(std::move(name)) {}
    virtual ~Scaffold() = default;

    const QString &name() const { return name_; }

    // @route(rule, methods=…) with an explicit endpoint (C++ lambdas have no __name__).
    virtual void route(const QString &rule, const QString &endpoint, View view,
                       RouteOptions options = {}) = 0;
    void beforeRequest(const QString &name, BeforeRequestHook hook);
    void afterRequest(const QString &name, AfterRequestHook hook);
    void teardownRequest(const QString &name, TeardownHook hook);
    void urlValuePreprocessor(const QString &name, UrlValuePreprocessor hook);
    // @errorhandler(404)
    void errorHandler(int code, const QString &name, ErrorHandler handler);
    // @errorhandler(SomeException)
    template <class E> void errorHandler(const QString &name, std::function<ResponseValue(const E &)> handler)
    {
        hooks_.typedErrorHandlers.push_back(
            {name, std::type_index(typeid(E)),
             [](const std::exception &e) { return dynamic_cast<const E *>(&e) != nullptr; },
             [handler](const std::exception &e) { return handler(dynamic_cast<const E &>(e)); }});
    }

    const HookSet &hooks() const { return hooks_; }

protected:
    QString name_;
    HookSet hooks_;
};

} // namespace rs
