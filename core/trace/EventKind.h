#pragma once

#include <cstdint>
#include <string_view>

namespace rs::trace {

// The kinds of DESIGN.md's event table, in its order, then the additions.
enum class EventKind : std::uint8_t {
    RequestBegin,
    RequestEnd,
    PhaseBegin,
    PhaseEnd,
    LocalSet,
    LocalGet,
    LocalDel,
    LocalRelease,
    StackPush,
    StackPop,
    SessionOpen,
    SessionRead,
    SessionWrite,
    SessionDelete,
    SessionSave,
    StoreOp,
    FlashAdd,
    FlashConsume,
    GSet,
    GGet,
    Error,
    // Additions to DESIGN.md's table (coroutine workers): a request's coroutine gives its worker
    // thread to other coroutines, and gets it back.
    CoroutineSuspend,
    CoroutineResume,
    Count
};

enum class FieldType : std::uint8_t { Text, Int, Bool };

// One field of a kind: its JSON name, its type and the slot that holds it in Event.
struct FieldSpec {
    const char *name;
    FieldType type;
    std::uint8_t slot;
};

struct KindSpec {
    const char *name; // "request.begin", …
    std::uint8_t fieldCount;
    FieldSpec fields[7];
};

const KindSpec &kindSpec(EventKind kind);
std::string_view kindName(EventKind kind);
// Returns false when the name is not a kind.
bool kindFromName(std::string_view name, EventKind &out);

} // namespace rs::trace
