#pragma once

#include <chrono>

namespace rs::fiber {

// For code that runs under either worker model (the demo's /slow view): on one of the calling
// thread's scheduler fibers these give the thread to the other fibers; elsewhere they block the
// thread (fiberSleep) or do nothing (yieldIfInFiber).

// Sleeps for `duration`: Scheduler::sleepFor in a scheduled fiber, std::this_thread::sleep_for otherwise.
void fiberSleep(std::chrono::milliseconds duration);
// Scheduler::yield in a scheduled fiber; returns whether it yielded.
bool yieldIfInFiber();
// Whether the caller runs in a fiber of the calling thread's scheduler.
bool inScheduledFiber();

} // namespace rs::fiber
