#pragma once

#include "core/framework/Hooks.h"

#include <map>
#include <vector>

namespace rs {

// The request hooks and error handlers of one scope: the app (scope "") or one registered
// blueprint (scope "parent.child"). Flask keeps these as dicts keyed by blueprint name.
struct HookSet {
    std::vector<Named<UrlValuePreprocessor>> urlValuePreprocessors;
    std::vector<Named<BeforeRequestHook>> beforeRequest;
    std::vector<Named<AfterRequestHook>> afterRequest;
    std::vector<Named<TeardownHook>> teardownRequest;
    std::map<int, Named<ErrorHandler>> codeErrorHandlers;
    std::vector<TypedErrorHandler> typedErrorHandlers;

    // Appends everything of `other`, renaming each hook "prefix.name" when prefix is given.
    void append(const HookSet &other, const QString &prefix = {});
};

} // namespace rs
