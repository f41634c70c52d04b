#pragma once

#include "core/framework/Hooks.h"
#include "core/framework/Request.h"
#include "core/session/Session.h"

#include <cstdint>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace rs {

class App;
class AppContext;

// Flask's RequestContext: the request, its session, the flash cache and the after_this_request
// functions of one request. push() and pop() follow Flask (see the diagram in App.h); pushing
// the same context twice (stream_with_context) is allowed, and teardown runs only when the last
// push is popped. Pushed, used and popped by the ident that runs the request.
class RequestContext : public std::enable_shared_from_this<RequestContext> {
public:
    RequestContext(App &app, Environ &environ);
    // Owns its environ (test_request_context).
    RequestContext(App &app, std::unique_ptr<Environ> environ);
    ~RequestContext();

    App &app() const { return app_; }
    Request &request() { return request_; }
    // The session once pushed (a null session when the interface gave none).
    Session *session() const { return session_.get(); }
    std::shared_ptr<Session> sessionShared() const { return session_; }
    void setSession(std::shared_ptr<Session> session) { session_ = std::move(session); }
    std::uint64_t id() const { return id_; }
    std::string describe() const; // "RequestContext#17 GET /hello"

    // get_flashed_messages' per-request cache: unset until the first call.
    std::optional<std::vector<std::pair<QString, QString>>> &flashes() { return flashes_; }
    std::vector<Named<AfterRequestHook>> &afterThisRequest() { return afterThisRequest_; }

    // Throws what open_session throws (the context is then still pushed: pop it).
    void push();
    // Throws rs::RuntimeError("Popped wrong request context. …") when this was not the top.
    void pop(std::exception_ptr exc = nullptr);
    // How many pushes are not popped yet.
    std::size_t pushCount() const { return implicitAppContexts_.size(); }

    // `with app.test_request_context()`: pushes on construction, pops on destruction.
    class Scope {
    public:
        explicit Scope(std::shared_ptr<RequestContext> ctx);
        ~Scope();
        Scope(const Scope &) = delete;
        Scope &operator=(const Scope &) = delete;
        RequestContext &context() const { return *ctx_; }

    private:
        std::shared_ptr<RequestContext> ctx_;
    };

private:
    App &app_;
    std::unique_ptr<Environ> ownedEnviron_;
    Request request_;
    std::shared_ptr<Session> session_;
    std::optional<std::vector<std::pair<QString, QString>>> flashes_;
    std::vector<Named<AfterRequestHook>> afterThisRequest_;
    // One entry per push: the app context that push created, or nullptr when it reused one.
    std::vector<std::shared_ptr<AppContext>> implicitAppContexts_;
    std::uint64_t id_;
};

} // namespace rs
