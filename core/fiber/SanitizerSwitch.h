#pragma once

#include <cstddef>

#if defined(__SANITIZE_ADDRESS__)
#define RS_FIBER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define RS_FIBER_ASAN 1
#endif
#endif

#if defined(__SANITIZE_THREAD__)
#define RS_FIBER_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define RS_FIBER_TSAN 1
#endif
#endif

#if defined(RS_FIBER_ASAN)
#include <sanitizer/asan_interface.h>
#include <sanitizer/common_interface_defs.h>
#endif
#if defined(RS_FIBER_TSAN)
#include <sanitizer/tsan_interface.h>
#endif

namespace rs::fiber {

// Tells AddressSanitizer about each stack switch (Debian's Boost.Context uses fcontext, which has
// no annotations of its own). Every switch is `start(to)` on the old stack, the jump, then
// `finish()` on the new one; without them ASan reports false stack errors once a fiber throws.
// ThreadSanitizer needs to know each fiber as a context of its own, or it sees one thread's
// stack jump about and reports races that are not there: createFiber() per fiber, switchTo()
// just before each jump. All functions compile to nothing without the sanitizer they serve.
class SanitizerSwitch {
public:
    // TSan: the running context (a thread's, or a fiber's), to switch back to.
    static void *currentFiber()
    {
#if defined(RS_FIBER_TSAN)
        return __tsan_get_current_fiber();
#else
        return nullptr;
#endif
    }
    static void *createFiber()
    {
#if defined(RS_FIBER_TSAN)
        return __tsan_create_fiber(0);
#else
        return nullptr;
#endif
    }
    static void destroyFiber(void *fiber)
    {
#if defined(RS_FIBER_TSAN)
        if (fiber)
            __tsan_destroy_fiber(fiber);
#else
        (void)fiber;
#endif
    }
    // Right before the jump to `fiber`'s stack.
    static void switchTo(void *fiber)
    {
#if defined(RS_FIBER_TSAN)
        if (fiber)
            __tsan_switch_to_fiber(fiber, 0);
#else
        (void)fiber;
#endif
    }

    // Before leaving the current stack for [bottom, bottom + size). `fakeStack` keeps the leaving
    // stack's fake frames until it is resumed; nullptr when the leaving stack ends for good.
    static void start(void **fakeStack, const void *bottom, std::size_t size)
    {
#if defined(RS_FIBER_ASAN)
        __sanitizer_start_switch_fiber(fakeStack, bottom, size);
#endif
    }

    // First thing on the new stack. `fromBottom`/`fromSize` (may be null) receive the stack we came from.
    static void finish(void *fakeStack, const void **fromBottom, std::size_t *fromSize)
    {
#if defined(RS_FIBER_ASAN)
        __sanitizer_finish_switch_fiber(fakeStack, fromBottom, fromSize);
#endif
    }

    // Clears the shadow of memory that stops being a stack.
    static void unpoison(const void *bottom, std::size_t size)
    {
#if defined(RS_FIBER_ASAN)
        ASAN_UNPOISON_MEMORY_REGION(bottom, size);
#endif
    }
};

} // namespace rs::fiber
