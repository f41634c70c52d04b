#include "core/session/SessionEvents.h"

#include "core/framework/Response.h"
#include "core/trace/EventBus.h"
#include "core/value/Value.h"

namespace rs::sessionEvents {

namespace {
constexpr int kDataChars = 240;
}

void open(std::string_view interface, std::string_view outcome, std::string_view sidOrReason,
          const Value *data)
{
    if (!trace::tracing())
        return;
    trace::Event e(trace::EventKind::SessionOpen);
    e.setText(0, interface, 32);
    e.setText(1, outcome, 32);
    e.setText(2, sidOrReason);
    if (data)
        e.setText(3, data->reprUtf8(kDataChars));
    trace::emitEvent(e);
}

void save(std::string_view decision, const QString &reason, qint64 bytes, const Value *data)
{
    if (!trace::tracing())
        return;
    trace::Event e(trace::EventKind::SessionSave);
    e.setText(0, decision, 32);
    e.setText(1, reason.toStdString());
    e.setInt(0, bytes);
    if (data)
        e.setText(2, data->reprUtf8(kDataChars));
    trace::emitEvent(e);
}

void warning(const QString &message)
{
    if (!trace::tracing())
        return;
    trace::Event e(trace::EventKind::Error);
    e.setText(0, "save_session");
    e.setText(1, "UserWarning");
    e.setText(2, message.toStdString());
    trace::emitEvent(e);
}

qint64 lastSetCookieSize(const Response &response)
{
    const auto values = response.headers().values("Set-Cookie");
    return values.empty() ? 0 : values.back().size();
}

} // namespace rs::sessionEvents
