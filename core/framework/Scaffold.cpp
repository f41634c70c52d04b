#include "core/framework/Scaffold.h"

namespace rs {

void Scaffold::beforeRequest(const QString &name, BeforeRequestHook hook)
{
    hooks_.beforeRequest.push_back({name, std::move(hook)});
}

void Scaffold::afterRequest(const QString &name, AfterRequestHook hook)
{
    hooks_.afterRequest.push_back({name, std::move(hook)});
}

void Scaffold::teardownRequest(const QString &name, TeardownHook hook)
{
    hooks_.teardownRequest.push_back({name, std::move(hook)});
}

void Scaffold::urlValuePreprocessor(const QString &name, UrlValuePreprocessor hook)
{
    hooks_.urlValuePreprocessors.push_back({name, std::move(hook)});
}

void Scaffold::errorHandler(int code, const QString &name, ErrorHandler handler)
{
    hooks_.codeErrorHandlers[code] = {name, std::move(handler)};
}

} // namespace rs
