#include "core/context/Globals.h"

#include "core/context/RuntimeError.h"
#include "core/framework/App.h"
#include "core/trace/EventBus.h"
#include "core/trace/ExecutionContext.h"

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
// A request that finds another request's context on top of its stack: the Local keys both on one
// slot (a thread-keyed Local under coroutines, or the plain global dict). Reported as an `error`
// event once per reader and context, so the UI can mark the moment; the read itself goes on, as
// it would in Python.
void noteForeignContext(const char *stack, std::uint64_t owner, const std::string &what, std::uint64_t ident)
{
    const std::uint64_t reader = trace::ExecutionContext::current().requestId;
    if (owner == 0 || reader == 0 || owner == reader || !trace::tracing())
        return;
    thread_local std::uint64_t lastReader = 0;
    thread_local std::uint64_t lastOwner = 0;
    if (reader == lastReader && owner == lastOwner)
        return;
    lastReader = reader;
    lastOwner = owner;
    const std::string message = "request " + std::to_string(reader) + " read request " +
                                std::to_string(owner) + "'s context (" + what + ") from the " + stack +
                                " stack: both are keyed on " +
                                fiber::describeIdent(ident, trace::ExecutionContext::current().threadName);
    trace::Event e(trace::EventKind::Error);
    e.setText(0, stack, 48);
    e.setText(1, "cross_request_read", 64);
    e.setText(2, message);
    trace::emitEvent(e);
}

AppContext &topAppContext()
{
    AppContext *top = appStack().top();
    if (!top)
        throw RuntimeError(kAppContextError);
    if (top->requestId() != trace::ExecutionContext::current().requestId)
        noteForeignContext("app", top->requestId(), top->describe(), appStack().local().ident());
    return *top;
}
} // namespace

RequestContext &currentRequestContext()
{
    RequestContext *top = requestStack().top();
    if (!top)
        throw RuntimeError(kRequestContextError);
    if (top->request().id() != trace::ExecutionContext::current().requestId)
        noteForeignContext("request", top->request().id(), top->describe(), requestStack().local().ident());
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

void useIdentMode(fiber::IdentMode mode)
{
    const Local::IdentFunction ident = fiber::identFunction(mode);
    requestStack().local().setIdentFunction(ident);
    appStack().local().setIdentFunction(ident);
    fiber::enableInterpreterLockFor(mode);
}

std::size_t releaseLeftoverContexts()
{
    return requestStack().local().releaseAll() + appStack().local().releaseAll();
}

bool hasAppContext()
{
    return appStack().top() != nullptr;
}

bool hasRequestContext()
{
    return requestStack().top() != nullptr;
}

} // namespace rs
