#pragma once

#include <boost/context/protected_fixedsize_stack.hpp>
#include <boost/context/stack_context.hpp>

#include <cstddef>

namespace rs::fiber {

// A fiber's stack: `usableSize` bytes (rounded up to whole pages) above one PROT_NONE guard page,
// so that an overflow faults at once instead of corrupting the memory below.
// A Boost.Context StackAllocator; under AddressSanitizer it also clears the stack's shadow before
// the pages go back to the system, so a later mapping at the same address starts clean.
class FiberStack {
public:
    explicit FiberStack(std::size_t usableSize);

    boost::context::stack_context allocate();
    void deallocate(boost::context::stack_context &sctx) noexcept;

    // `usableSize` rounded up to whole pages: what allocate() provides above the guard page.
    static std::size_t roundedSize(std::size_t usableSize);
    // The lowest usable address and the usable size of a stack this class allocated.
    static char *usableBottom(const boost::context::stack_context &sctx);
    static std::size_t usableSize(const boost::context::stack_context &sctx);

private:
    boost::context::protected_fixedsize_stack pages_;
};

} // namespace rs::fiber
