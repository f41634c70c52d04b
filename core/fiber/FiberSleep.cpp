#include "core/fiber/FiberSleep.h"

#include "core/fiber/Fiber.h"
#include "core/fiber/InterpreterLock.h"
#include "core/fiber/Scheduler.h"

#include <thread>

namespace rs::fiber {

bool inScheduledFiber()
{
    const Scheduler *scheduler = Scheduler::ofThisThread();
    return scheduler && scheduler->current() && scheduler->current() == Fiber::current();
}

void fiberSleep(std::chrono::milliseconds duration)
{
    if (inScheduledFiber()) {
        Scheduler::ofThisThread()->sleepFor(duration);
    } else {
        InterpreterLock::Release release; // as time.sleep lets go of Python's GIL
        std::this_thread::sleep_for(duration);
    }
}

bool yieldIfInFiber()
{
    if (!inScheduledFiber())
        return false;
    Scheduler::ofThisThread()->yield();
    return true;
}

} // namespace rs::fiber
