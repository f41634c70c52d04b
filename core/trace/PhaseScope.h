#pragma once

#include "core/trace/Breakpoints.h"
#include "core/trace/EventBus.h"

#include <QString>

#include <optional>
#include <string_view>

namespace rs::trace {

// Emits phase.begin on construction and phase.end (with dur_us) on destruction, so a phase is
// closed on every path out of it, exceptions included. `phase` must be a string literal. With
// tracing off it costs one load: the name is not even converted. A step-mode breakpoint on the
// phase holds the worker right after phase.begin (see Breakpoints).
class PhaseScope {
public:
    PhaseScope(const char *phase, std::string_view name) : phase_(phase)
    {
        if (tracing())
            begin(name);
    }
    PhaseScope(const char *phase, const char *name) : PhaseScope(phase, std::string_view(name)) {}
    PhaseScope(const char *phase, const std::string &name) : PhaseScope(phase, std::string_view(name)) {}
    PhaseScope(const char *phase, const QString &name) : phase_(phase)
    {
        if (tracing())
            begin(name.toStdString());
    }
    ~PhaseScope()
    {
        if (!begin_)
            return;
        Event e(EventKind::PhaseEnd);
        e.setText(0, phase_, 32);
        e.setText(1, begin_->textAt(1));
        e.setInt(0, EventBus::nowUs() - begin_->tUs);
        emitEvent(e);
    }
    PhaseScope(const PhaseScope &) = delete;
    PhaseScope &operator=(const PhaseScope &) = delete;

private:
    void begin(std::string_view name)
    {
        begin_.emplace(EventKind::PhaseBegin);
        begin_->setText(0, phase_, 32);
        begin_->setText(1, name);
        emitEvent(*begin_); // also stamps tUs, the start of dur_us
        if (Breakpoints::armed())
            Breakpoints::instance().hit(phase_, begin_->textAt(1));
    }

    const char *phase_;
    std::optional<Event> begin_; // kept for phase.end's name and start time
};

} // namespace rs::trace
