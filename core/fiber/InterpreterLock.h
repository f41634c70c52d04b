#pragma once

namespace rs::fiber {

// Python's GIL, for the one mode that needs it: the articles' plain global dict (IdentMode::Global)
// shares one `Local` slot between all worker threads. Python survives that because only one
// thread runs Python code at a time and a thread lets go of the GIL while it sleeps or waits for
// I/O; so the server runs the app under this lock when it is enabled, and every wait (a fiber
// suspending, a thread sleeping in fiberSleep) lets go of it. The requests still trample each
// other's context in the shared slot — that is the lesson — but no C++ object is touched by two
// threads at once. Disabled (the default), Hold and Release cost one relaxed load.
//
// "Held here" is per thread: a holder never switches fibers without releasing first, so what runs
// on a thread at any moment either holds the lock or does not.
class InterpreterLock {
public:
    // Only while no worker runs (the server is stopped).
    static void setEnabled(bool on);
    static bool enabled();
    // Whether the code running on the calling thread holds the lock.
    static bool heldHere();

    // Takes the lock for its lifetime, unless disabled or already held on this thread.
    class Hold {
    public:
        Hold();
        ~Hold();
        Hold(const Hold &) = delete;
        Hold &operator=(const Hold &) = delete;

    private:
        bool took_ = false;
    };

    // Lets go of the lock for its lifetime (a wait), if this thread holds it; takes it back after.
    class Release {
    public:
        Release();
        ~Release();
        Release(const Release &) = delete;
        Release &operator=(const Release &) = delete;

    private:
        bool released_ = false;
    };
};

} // namespace rs::fiber
