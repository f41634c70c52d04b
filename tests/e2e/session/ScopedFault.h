#pragma once

// A fault a store test sets on, and that is set off again when this goes (or earlier, with off()),
// so that a failed check never leaves a directory unwritable or a size limit behind.
#include <QString>

#include <functional>
#include <utility>

namespace rs::test {

class ScopedFault {
public:
    ScopedFault(std::function<bool(QString *error)> on, std::function<void()> off)
        : on_(std::move(on)), off_(std::move(off))
    {
    }
    ~ScopedFault() { off(); }
    ScopedFault(const ScopedFault &) = delete;
    ScopedFault &operator=(const ScopedFault &) = delete;

    bool on(QString *error)
    {
        active_ = on_(error);
        return active_;
    }
    void off()
    {
        if (active_)
            off_();
        active_ = false;
    }

private:
    std::function<bool(QString *)> on_;
    std::function<void()> off_;
    bool active_ = false;
};

} // namespace rs::test
