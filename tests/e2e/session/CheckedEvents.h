#pragma once

// The events of a store fault test, checked as they arrive by a SaveCheckSink on a dispatcher of
// its own. Made and finished on the test's thread.
#include "core/trace/EventBus.h"
#include "core/trace/EventDispatcher.h"
#include "tests/e2e/session/SaveCheckSink.h"

#include <memory>

namespace rs::test {

class CheckedEvents {
public:
    CheckedEvents() : droppedBefore_(trace::EventBus::instance().dropped())
    {
        dispatcher_.addSink(check);
        dispatcher_.start();
    }
    ~CheckedEvents() { finish(); }

    // Delivers every event published so far, then stops.
    void finish()
    {
        if (finished_)
            return;
        finished_ = true;
        dispatcher_.sync();
        dispatcher_.stop();
    }
    // Events the bus dropped since this was made: the checks did not see them.
    quint64 dropped() const { return trace::EventBus::instance().dropped() - droppedBefore_; }

    const std::shared_ptr<SaveCheckSink> check = std::make_shared<SaveCheckSink>();

private:
    trace::EventDispatcher dispatcher_;
    quint64 droppedBefore_;
    bool finished_ = false;
};

} // namespace rs::test
