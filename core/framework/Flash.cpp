#include "core/framework/Flash.h"

#include "core/context/Globals.h"
#include "core/trace/EventBus.h"

#include <stdexcept>

namespace rs {

namespace {
const QString kFlashesKey = QStringLiteral("_flashes");

void emitFlash(trace::EventKind kind, const QString &category, const QString &message)
{
    if (!trace::tracing())
        return;
    trace::Event e(kind);
    e.setText(0, category.toStdString(), 64);
    e.setText(1, message.toStdString());
    trace::emitEvent(e);
}

// One entry of "_flashes": a (category, message) tuple, or a list after a round trip through a
// JSON that lost the tag. Anything else is not a flash.
bool readEntry(const Value &entry, std::pair<QString, QString> *out)
{
    if ((!entry.isTuple() && !entry.isList()) || entry.items().size() != 2)
        return false;
    *out = {entry.items()[0].toStr(), entry.items()[1].toStr()};
    return true;
}
} // namespace

void flash(const QString &message, const QString &category)
{
    Session &s = *session;
    Value flashes = s.get(kFlashesKey, Value::list());
    if (!flashes.isList())
        throw std::runtime_error("session['_flashes'] is not a list (it is " + flashes.reprUtf8() +
                                 "): flash() cannot append to it");
    flashes.append(Value::tuple({category, message}));
    // The reassignment, not the append, is what marks the session modified.
    s.set(kFlashesKey, std::move(flashes));
    emitFlash(trace::EventKind::FlashAdd, category, message);
}

Value getFlashedMessages(bool withCategories, const QStringList &categoryFilter)
{
    RequestContext &ctx = currentRequestContext();
    auto &cache = ctx.flashes();
    if (!cache) {
        std::vector<std::pair<QString, QString>> popped;
        Session &s = *session;
        if (s.contains(kFlashesKey)) {
            const Value stored = s.pop(kFlashesKey);
            for (const Value &entry : stored.items()) {
                std::pair<QString, QString> f;
                if (!readEntry(entry, &f))
                    throw std::runtime_error("session['_flashes'] holds " + entry.reprUtf8() +
                                             ", not a (category, message) pair");
                emitFlash(trace::EventKind::FlashConsume, f.first, f.second);
                popped.push_back(std::move(f));
            }
        }
        cache = std::move(popped);
    }
    Value::List out;
    for (const auto &[category, message] : *cache) {
        if (!categoryFilter.isEmpty() && !categoryFilter.contains(category))
            continue;
        out.push_back(withCategories ? Value::tuple({category, message}) : Value(message));
    }
    return Value(std::move(out));
}

} // namespace rs
