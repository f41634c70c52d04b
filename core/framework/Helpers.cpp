#include "core/framework/Helpers.h"

#include "core/context/Globals.h"
#include "core/context/RuntimeError.h"
#include "core/framework/App.h"
#include "core/framework/HttpException.h"
#include "core/trace/EventBus.h"

namespace rs {

void abort(int code, const QString &description)
{
    throw HttpException(code, description);
}

Response redirect(const QString &location, int code)
{
    return Response::redirect(location, code);
}

QString urlFor(const QString &endpoint, const Value::Dict &values, bool external)
{
    return current_app->urlFor(endpoint, values, external);
}

Response jsonify(const Value &value, int status)
{
    return Response::json(value, status);
}

void afterThisRequest(const QString &name, AfterRequestHook hook)
{
    RequestContext *ctx = requestStack().top();
    if (!ctx)
        throw RuntimeError(
            "'after_this_request' can only be used when a request context is active, such as in a "
            "view function.");
    ctx->afterThisRequest().push_back({name, std::move(hook)});
}

namespace {
// The body phase spans many generator calls, so it is emitted by hand rather than by a scope.
void emitBodyPhase(trace::EventKind kind, std::int64_t durUs)
{
    if (!trace::tracing())
        return;
    trace::Event e(kind);
    e.setText(0, "body");
    e.setText(1, "stream_with_context");
    if (kind == trace::EventKind::PhaseEnd)
        e.setInt(0, durUs);
    trace::emitEvent(e);
}

struct StreamState {
    std::shared_ptr<RequestContext> ctx;
    bool started = false;
    bool popped = false;
    std::int64_t startUs = 0;

    void finish(std::exception_ptr error)
    {
        if (popped)
            return;
        popped = true;
        if (started)
            emitBodyPhase(trace::EventKind::PhaseEnd, trace::EventBus::nowUs() - startUs);
        ctx->pop(error);
    }
};
} // namespace

Response streamWithContext(Response::Generator generator, QByteArray mimetype)
{
    RequestContext *top = requestStack().top();
    if (!top)
        throw RuntimeError(
            "'stream_with_context' can only be used when a request context is active, such as in a "
            "view function.");
    auto state = std::make_shared<StreamState>();
    state->ctx = top->shared_from_this();
    state->ctx->push();
    Response r = Response::stream(
        [generator = std::move(generator), state](QByteArray &chunk) {
            if (!state->started) {
                state->started = true;
                state->startUs = trace::EventBus::nowUs();
                emitBodyPhase(trace::EventKind::PhaseBegin, 0);
            }
            bool more = false;
            try {
                more = generator(chunk);
            } catch (...) {
                state->finish(std::current_exception());
                throw;
            }
            if (!more)
                state->finish(nullptr);
            return more;
        },
        std::move(mimetype), true);
    r.setOnFinished([state](bool, qint64) { state->finish(nullptr); });
    return r;
}

} // namespace rs
