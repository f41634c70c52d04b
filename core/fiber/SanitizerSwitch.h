#pragma once

#include <cstddef>

#if defined(__SANITIZE_ADDRESS__)
#define RS_FIBER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define RS_FIBER_ASAN 1
#endif
#endif

#if defined(RS_FIBER_ASAN)
#include <sanitizer/asan_interface.h>
#include <sanitizer/common_interface_defs.h>
#endif

namespace rs::fiber {

// Tells AddressSanitizer about each stack switch (Debian's Boost.Context uses fcontext, which has
// no annotations of its own). Every switch is `start(to)` on the old stack, the jump, then
// `finish()` on the new one; without them ASan reports false stack errors once a fiber throws.
// All functions compile to nothing without ASan.
class SanitizerSwitch {
public:
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
