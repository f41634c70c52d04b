#include "core/fiber/InterpreterLock.h"

#include <atomic>
#include <mutex>

namespace rs::fiber {

namespace {
std::atomic<bool> lockEnabled{false};
std::mutex interpreterMutex;
thread_local bool heldOnThisThread = false;

void acquire()
{
    interpreterMutex.lock();
    heldOnThisThread = true;
}

void releaseHeld()
{
    heldOnThisThread = false;
    interpreterMutex.unlock();
}
} // namespace

void InterpreterLock::setEnabled(bool on)
{
    lockEnabled.store(on, std::memory_order_relaxed);
}

bool InterpreterLock::enabled()
{
    return lockEnabled.load(std::memory_order_relaxed);
}

bool InterpreterLock::heldHere()
{
    return heldOnThisThread;
}

InterpreterLock::Hold::Hold()
{
    if (enabled() && !heldOnThisThread) {
        acquire();
        took_ = true;
    }
}

InterpreterLock::Hold::~Hold()
{
    if (took_)
        releaseHeld();
}

InterpreterLock::Release::Release()
{
    if (heldOnThisThread) {
        releaseHeld();
        released_ = true;
    }
}

InterpreterLock::Release::~Release()
{
    if (released_)
        acquire();
}

} // namespace rs::fiber
