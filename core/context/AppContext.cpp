#include "core/context/AppContext.h"

#include "core/context/Globals.h"
#include "core/context/RuntimeError.h"
#include "core/framework/App.h"
#include "core/trace/ExecutionContext.h"

#include <atomic>

namespace rs {

namespace {
std::atomic<std::uint64_t> nextAppContextId{1};
}

AppContext::AppContext(App &app)
    : app_(app), id_(nextAppContextId.fetch_add(1, std::memory_order_relaxed)),
      requestId_(trace::ExecutionContext::current().requestId)
{
}

std::string AppContext::describe() const
{
    return "AppContext#" + std::to_string(id_) + " (" + app_.name().toStdString() + ")";
}

void AppContext::push()
{
    appStack().push(shared_from_this());
}

void AppContext::pop(std::exception_ptr exc)
{
    try {
        app_.doTeardownAppcontext(exc);
    } catch (...) {
        // Flask does not catch here either; but the context must still be popped.
        std::shared_ptr<AppContext> rv = appStack().pop();
        throw;
    }
    std::shared_ptr<AppContext> rv = appStack().pop();
    if (rv.get() != this)
        throw RuntimeError("Popped wrong app context. (<" + (rv ? rv->describe() : std::string("None")) +
                           "> instead of <" + describe() + ">)");
}

AppContext::Scope::Scope(std::shared_ptr<AppContext> ctx) : ctx_(std::move(ctx))
{
    ctx_->push();
}

AppContext::Scope::~Scope()
{
    try {
        ctx_->pop();
    } catch (...) {
        // A destructor must not throw; the error was reported as an event by the teardown.
    }
}

} // namespace rs
