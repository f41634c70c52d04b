#include "core/framework/HookSet.h"

namespace rs {

namespace {
template <class F>
void appendNamed(std::vector<Named<F>> &to, const std::vector<Named<F>> &from, const QString &prefix)
{
    for (const auto &h : from)
        to.push_back({prefix.isEmpty() ? h.name : prefix + QLatin1Char('.') + h.name, h.fn});
}
} // namespace

void HookSet::append(const HookSet &other, const QString &prefix)
{
    appendNamed(urlValuePreprocessors, other.urlValuePreprocessors, prefix);
    appendNamed(beforeRequest, other.beforeRequest, prefix);
    appendNamed(afterRequest, other.afterRequest, prefix);
    appendNamed(teardownRequest, other.teardownRequest, prefix);
    for (const auto &[code, h] : other.codeErrorHandlers)
        codeErrorHandlers[code] = {prefix.isEmpty() ? h.name : prefix + QLatin1Char('.') + h.name, h.fn};
    for (const auto &h : other.typedErrorHandlers) {
        TypedErrorHandler copy = h;
        if (!prefix.isEmpty())
            copy.name = prefix + QLatin1Char('.') + h.name;
        typedErrorHandlers.push_back(std::move(copy));
    }
}

} // namespace rs
