#include "core/trace/EventKind.h"

#include <array>

namespace rs::trace {

namespace {
constexpr FieldType T = FieldType::Text;
constexpr FieldType I = FieldType::Int;
constexpr FieldType B = FieldType::Bool;

// Text slots are 0..3, integer and bool slots 0..5 (see Event).
const std::array<KindSpec, static_cast<std::size_t>(EventKind::Count)> kSpecs = {{
    {"request.begin", 4, {{"method", T, 0}, {"path", T, 1}, {"query", T, 2}, {"headers", T, 3}}},
    {"request.end", 4, {{"status", I, 0}, {"bytes", I, 1}, {"dur_us", I, 2}, {"headers", T, 0}}},
    {"phase.begin", 2, {{"phase", T, 0}, {"name", T, 1}}},
    {"phase.end", 3, {{"phase", T, 0}, {"name", T, 1}, {"dur_us", I, 0}}},
    {"local.set", 3, {{"local", T, 0}, {"key", T, 1}, {"value", T, 2}}},
    {"local.get", 3, {{"local", T, 0}, {"key", T, 1}, {"value", T, 2}}},
    {"local.del", 3, {{"local", T, 0}, {"key", T, 1}, {"value", T, 2}}},
    {"local.release", 3, {{"local", T, 0}, {"key", T, 1}, {"value", T, 2}}},
    {"stack.push", 3, {{"stack", T, 0}, {"depth", I, 0}, {"obj", T, 1}}},
    {"stack.pop", 3, {{"stack", T, 0}, {"depth", I, 0}, {"obj", T, 1}}},
    {"session.open", 4, {{"interface", T, 0}, {"outcome", T, 1}, {"sid", T, 2}, {"data", T, 3}}},
    {"session.read",
     5,
     {{"key", T, 0}, {"value", T, 1}, {"modified", B, 0}, {"accessed", B, 1}, {"permanent", B, 2}}},
    {"session.write",
     5,
     {{"key", T, 0}, {"value", T, 1}, {"modified", B, 0}, {"accessed", B, 1}, {"permanent", B, 2}}},
    {"session.delete",
     5,
     {{"key", T, 0}, {"value", T, 1}, {"modified", B, 0}, {"accessed", B, 1}, {"permanent", B, 2}}},
    {"session.save", 4, {{"decision", T, 0}, {"reason", T, 1}, {"bytes", I, 0}, {"data", T, 2}}},
    {"store.op",
     6,
     {{"backend", T, 0}, {"op", T, 1}, {"key", T, 2}, {"ok", B, 0}, {"ttl", I, 1}, {"us", I, 2}}},
    {"flash.add", 2, {{"category", T, 0}, {"message", T, 1}}},
    {"flash.consume", 2, {{"category", T, 0}, {"message", T, 1}}},
    {"g.set", 2, {{"key", T, 0}, {"value", T, 1}}},
    {"g.get", 2, {{"key", T, 0}, {"value", T, 1}}},
    {"error", 3, {{"where", T, 0}, {"type", T, 1}, {"message", T, 2}}},
    // reason: sleep, yield, io, park; coroutine: the fiber's number ("coroutine #12")
    {"coroutine.suspend", 2, {{"coroutine", I, 0}, {"reason", T, 0}}},
    // waited_us: how long it was suspended
    {"coroutine.resume", 2, {{"coroutine", I, 0}, {"waited_us", I, 1}}},
}};
} // namespace

const KindSpec &kindSpec(EventKind kind)
{
    return kSpecs[static_cast<std::size_t>(kind)];
}

std::string_view kindName(EventKind kind)
{
    return kindSpec(kind).name;
}

bool kindFromName(std::string_view name, EventKind &out)
{
    for (std::size_t i = 0; i < kSpecs.size(); ++i) {
        if (name == kSpecs[i].name) {
            out = static_cast<EventKind>(i);
            return true;
        }
    }
    return false;
}

} // namespace rs::trace
