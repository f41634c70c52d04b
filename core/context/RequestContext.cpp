#include "core/context/RequestContext.h"

#include "core/context/Globals.h"
#include "core/context/RuntimeError.h"
#include "core/framework/App.h"

#include <atomic>

namespace rs {

namespace {
std::atomic<std::uint64_t> nextRequestContextId{1};
}

RequestContext::RequestContext(App &app, Environ &environ)
    : app_(app), request_(environ), id_(nextRequestContextId.fetch_add(1, std::memory_order_relaxed))
{
}

RequestContext::RequestContext(App &app, std::unique_ptr<Environ> environ)
    : app_(app), ownedEnviron_(std::move(environ)), request_(*ownedEnviron_),
      id_(nextRequestContextId.fetch_add(1, std::memory_order_relaxed))
{
}

RequestContext::~RequestContext() = default;

std::string RequestContext::describe() const
{
    return "RequestContext#" + std::to_string(id_) + " " + request_.method().toStdString() + " " +
           request_.path().toStdString();
}

void RequestContext::push()
{
    AppContext *top = appStack().top();
    if (!top || &top->app() != &app_) {
        auto appCtx = app_.appContext();
        appCtx->push();
        implicitAppContexts_.push_back(std::move(appCtx));
    } else {
        implicitAppContexts_.push_back(nullptr);
    }
    requestStack().push(shared_from_this());
    if (!session_) {
        app_.openSession(*this);
        app_.matchRequest(*this);
    }
}

void RequestContext::pop(std::exception_ptr exc)
{
    if (implicitAppContexts_.empty())
        throw RuntimeError("Popped a request context that is not pushed: <" + describe() + ">");
    std::shared_ptr<AppContext> appCtx = std::move(implicitAppContexts_.back());
    implicitAppContexts_.pop_back();
    std::exception_ptr teardownError;
    if (implicitAppContexts_.empty()) {
        try {
            app_.doTeardownRequest(*this, exc);
        } catch (...) {
            teardownError = std::current_exception();
        }
    }
    std::shared_ptr<RequestContext> rv = requestStack().pop();
    if (appCtx)
        appCtx->pop(exc);
    if (rv.get() != this)
        throw RuntimeError("Popped wrong request context. (<" + (rv ? rv->describe() : std::string("None")) +
                           "> instead of <" + describe() + ">)");
    if (teardownError)
        std::rethrow_exception(teardownError);
}

RequestContext::Scope::Scope(std::shared_ptr<RequestContext> ctx) : ctx_(std::move(ctx))
{
    ctx_->push();
}

RequestContext::Scope::~Scope()
{
    try {
        ctx_->pop();
    } catch (...) {
        // A destructor must not throw; teardown errors are reported as events.
    }
}

} // namespace rs
