#pragma once

#include "core/context/AppContext.h"
#include "core/context/AppGlobals.h"
#include "core/context/LocalProxy.h"
#include "core/context/LocalStack.h"
#include "core/context/RequestContext.h"
#include "core/fiber/IdentMode.h"

namespace rs {

class App;
class Request;
class Session;

// The two context stacks of Flask ≤ 2.1 (_request_ctx_stack, _app_ctx_stack), one per process,
// each a LocalStack over its own Local ("request_stack", "app_stack").
LocalStack<RequestContext> &requestStack();
LocalStack<AppContext> &appStack();

// Flask's error texts (flask/globals.py, 2.2).
extern const char *const kAppContextError;
extern const char *const kRequestContextError;

// The proxies of flask/globals.py. Outside a context they throw rs::RuntimeError with Flask's
// text: current_app and g need an app context, request and session a request context.
extern const LocalProxy<App> current_app;
extern const LocalProxy<AppGlobals> g;
extern const LocalProxy<Request> request;
extern const LocalProxy<Session> session;

// What both context stacks' Locals key on, and the InterpreterLock that IdentMode::Global needs.
// Only while no worker runs (the Locals read their ident function without a lock).
void useIdentMode(fiber::IdentMode mode);
// Releases every slot both context Locals still hold; returns how many. Only while no worker runs
// (after a server stopped): slots left there can only be a broken ident mode's leftovers.
std::size_t releaseLeftoverContexts();

bool hasAppContext();
bool hasRequestContext();
// The current request context, or throws the request-context error.
RequestContext &currentRequestContext();

} // namespace rs
