#include "core/framework/Blueprint.h"

#include <stdexcept>

namespace rs {

Blueprint::Blueprint(QString name, Options options)
    : Scaffold(std::move(name)), urlPrefix_(std::move(options.urlPrefix))
{
    if (name_.isEmpty())
        throw std::invalid_argument("'name' may not be empty.");
    if (name_.contains(QLatin1Char('.')))
        throw std::invalid_argument("'name' may not contain a dot '.' character.");
}

void Blueprint::route(const QString &rule, const QString &endpoint, View view, RouteOptions options)
{
    if (endpoint.contains(QLatin1Char('.')))
        throw std::invalid_argument("'endpoint' may not contain a dot '.' character.");
    routes_.push_back({rule, endpoint, std::move(view), std::move(options)});
}

void Blueprint::beforeAppRequest(const QString &name, BeforeRequestHook hook)
{
    appHooks_.beforeRequest.push_back({name, std::move(hook)});
}

void Blueprint::afterAppRequest(const QString &name, AfterRequestHook hook)
{
    appHooks_.afterRequest.push_back({name, std::move(hook)});
}

void Blueprint::teardownAppRequest(const QString &name, TeardownHook hook)
{
    appHooks_.teardownRequest.push_back({name, std::move(hook)});
}

void Blueprint::appErrorHandler(int code, const QString &name, ErrorHandler handler)
{
    appHooks_.codeErrorHandlers[code] = {name, std::move(handler)};
}

void Blueprint::registerBlueprint(Blueprint &child, RegisterOptions options)
{
    if (&child == this)
        throw std::invalid_argument("Cannot register a blueprint on itself");
    children_.push_back({&child, std::move(options)});
}

} // namespace rs
