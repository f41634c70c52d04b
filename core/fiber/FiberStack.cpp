#include "core/fiber/FiberStack.h"

#include "core/fiber/SanitizerSwitch.h"

#include <boost/context/stack_traits.hpp>

namespace rs::fiber {

FiberStack::FiberStack(std::size_t usableSize) : pages_(usableSize) {}

boost::context::stack_context FiberStack::allocate()
{
    return pages_.allocate();
}

void FiberStack::deallocate(boost::context::stack_context &sctx) noexcept
{
    SanitizerSwitch::unpoison(usableBottom(sctx), usableSize(sctx));
    pages_.deallocate(sctx);
}

std::size_t FiberStack::roundedSize(std::size_t usableSize)
{
    const std::size_t page = boost::context::stack_traits::page_size();
    return (usableSize + page - 1) / page * page;
}

char *FiberStack::usableBottom(const boost::context::stack_context &sctx)
{
    return static_cast<char *>(sctx.sp) - sctx.size + boost::context::stack_traits::page_size();
}

std::size_t FiberStack::usableSize(const boost::context::stack_context &sctx)
{
    return sctx.size - boost::context::stack_traits::page_size(); // sctx.size counts the guard page
}

} // namespace rs::fiber
