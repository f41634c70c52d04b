#include "core/context/AppGlobals.h"

#include "core/trace/EventBus.h"

namespace rs {

namespace {
void emitG(trace::EventKind kind, const QString &key, const Value *value)
{
    if (!trace::tracing())
        return;
    trace::Event e(kind);
    e.setText(0, key.toStdString(), 64);
    e.setText(1, value ? value->reprUtf8() : std::string("<missing>"));
    trace::emitEvent(e);
}
} // namespace

void AppGlobals::set(const QString &key, Value value)
{
    data_.set(key, std::move(value));
    emitG(trace::EventKind::GSet, key, data_.find(key));
}

Value AppGlobals::get(const QString &key, Value fallback) const
{
    const Value *v = data_.find(key);
    emitG(trace::EventKind::GGet, key, v);
    return v ? *v : fallback;
}

Value AppGlobals::pop(const QString &key, Value fallback)
{
    const Value *v = data_.find(key);
    if (!v)
        return fallback;
    Value out = *v;
    data_.remove(key);
    return out;
}

} // namespace rs
