#pragma once

#include "core/context/AppGlobals.h"

#include <cstdint>
#include <exception>
#include <memory>
#include <string>

namespace rs {

class App;

// The application context: which app is current, and its `g`. Pushed by hand
// (`AppContext::Scope scope(app.appContext())`) or implicitly by a request context when there is
// none or the current one belongs to another app. Popping runs teardown_appcontext.
// A context is pushed and popped by the ident that runs it.
class AppContext : public std::enable_shared_from_this<AppContext> {
public:
    explicit AppContext(App &app);

    App &app() const { return app_; }
    AppGlobals &g() { return g_; }
    std::uint64_t id() const { return id_; }
    // The request being handled when this context was made (0: none, e.g. app.app_context()).
    std::uint64_t requestId() const { return requestId_; }
    std::string describe() const; // "AppContext#3 (demo)"

    void push();
    // Runs teardown_appcontext (with the request's unhandled exception, if any) and pops.
    // Throws AssertionError's text as rs::RuntimeError when this is not the top.
    void pop(std::exception_ptr exc = nullptr);

    // `with app.app_context():` — pushes on construction, pops on destruction.
    class Scope {
    public:
        explicit Scope(std::shared_ptr<AppContext> ctx);
        ~Scope();
        Scope(const Scope &) = delete;
        Scope &operator=(const Scope &) = delete;
        AppContext &context() const { return *ctx_; }

    private:
        std::shared_ptr<AppContext> ctx_;
    };

private:
    App &app_;
    AppGlobals g_;
    std::uint64_t id_;
    std::uint64_t requestId_;
};

} // namespace rs
