#pragma once

#include "core/trace/EventBus.h"

#include <string_view>

namespace rs::trace {

// Emits phase.begin on construction and phase.end (with dur_us) on destruction, so a phase is
// closed on every path out of it, exceptions included. `phase` must be a string literal.
class PhaseScope {
public:
    PhaseScope(const char *phase, std::string_view name) : phase_(phase)
    {
        if (!tracing())
            return;
        active_ = true;
        Event e(EventKind::PhaseBegin);
        e.setText(0, phase_, 32);
        e.setText(1, name);
        emitEvent(e);
        start_ = e.tUs;
        name_ = e; // keeps the name text for phase.end without another copy of the string
    }
    ~PhaseScope()
    {
        if (!active_)
            return;
        Event e(EventKind::PhaseEnd);
        e.setText(0, phase_, 32);
        e.setText(1, name_.textAt(1));
        e.setInt(0, EventBus::nowUs() - start_);
        emitEvent(e);
    }
    PhaseScope(const PhaseScope &) = delete;
    PhaseScope &operator=(const PhaseScope &) = delete;

private:
    const char *phase_;
    bool active_ = false;
    std::int64_t start_ = 0;
    Event name_;
};

} // namespace rs::trace
