#pragma once

#if defined(__SANITIZE_THREAD__)
#define RS_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define RS_TSAN 1
#endif
#endif

#if defined(RS_TSAN)
#include <sanitizer/tsan_interface.h>
#endif

namespace rs::trace {

// Tells ThreadSanitizer about an ordering it cannot see: Debian's Qt is not built with TSan, so a
// QSemaphore handing a started thread's results over, or QThread::wait() joining a thread, is
// invisible to it, and every read after them looks like a race. release() after the last write
// the other side may read, acquire() right after the Qt call that waited for it, on the same
// token. Both compile to nothing without TSan.
class HappensBefore {
public:
    static void release(const void *token)
    {
#if defined(RS_TSAN)
        __tsan_release(const_cast<void *>(token));
#else
        (void)token;
#endif
    }
    static void acquire(const void *token)
    {
#if defined(RS_TSAN)
        __tsan_acquire(const_cast<void *>(token));
#else
        (void)token;
#endif
    }
};

} // namespace rs::trace
