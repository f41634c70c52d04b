#include "core/session/NullSessionInterface.h"

#include "core/trace/EventBus.h"

namespace rs {

std::shared_ptr<Session> NullSessionInterface::openSession(App &, Request &)
{
    if (trace::tracing()) {
        trace::Event e(trace::EventKind::SessionOpen);
        e.setText(0, "null");
        e.setText(1, "new");
        e.setText(2, "");
        trace::emitEvent(e);
    }
    return nullptr;
}

void NullSessionInterface::saveSession(App &, Session &, Response &) {}

} // namespace rs
