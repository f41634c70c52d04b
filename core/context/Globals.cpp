#include "core/context/Globals.h"

#include "core/context/RuntimeError.h"
#include "core/framework/App.h"

namespace rs {

const char *const kAppContextError =
    "Working outside of application context.\n\n"
    "This typically means that you attempted to use functionality that needed\n"
    "the current application. To solve this, set up an application context\n"
    "with app.app_context(). See the documentation for more information.";

const char *const kRequestContextError =
    "Working outside of request context.\n\n"
    "This typically means that you attempted to use functionality that needed\n"
    "an active HTTP request. Consult the documentation on testing for\n"
    "information about how to avoid this problem.";

LocalStack<RequestContext> &requestStack()
{
    static LocalStack<RequestContext> stack("request_stack", "request");
    return stack;
}

LocalStack<AppContext> &appStack()
{
    static LocalStack<AppContext> stack("app_stack", "app");
    return stack;
}

namespace {
AppContext &topAppContext()
{
    AppContext *top = appStack().top();
    if (!top)
        throw RuntimeError(kAppContextError);
    return *top;
}
} // namespace

RequestContext &currentRequestContext()
{
    RequestContext *top = requestStack().top();
    if (!top)
        throw RuntimeError(kRequestContextError);
    return *top;
}

const LocalProxy<App> current_app([] { return &topAppContext().app(); });
const LocalProxy<AppGlobals> g([] { return &topAppContext().g(); });
const LocalProxy<Request> request([] { return &currentRequestContext().request(); });
const LocalProxy<Session> session([] {
    Session *s = currentRequestContext().session();
    if (!s) // only while open_session itself runs
        throw RuntimeError("The session is not open yet: open_session has not returned.");
    return s;
});

bool hasAppContext()
{
    return appStack().top() != nullptr;
}

bool hasRequestContext()
{
    return requestStack().top() != nullptr;
}

} // namespace rs
