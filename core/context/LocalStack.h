#pragma once

#include "core/context/Local.h"
#include "core/trace/Breakpoints.h"
#include "core/trace/EventBus.h"

#include <memory>
#include <string>
#include <vector>

namespace rs {

// Werkzeug ≤ 1.0's LocalStack: a list stored under the name "stack" of a Local, so each ident
// has its own stack. Popping the last item releases the ident's whole slot (release_local), so
// after a request the thread leaves nothing behind in __storage__.
//
// T must have `std::string describe() const` ("RequestContext#17").
// Thread safety: as Local — each ident only touches its own stack.
template <class T> class LocalStack {
public:
    // `stackName` is the events' `stack` field: "app" or "request".
    LocalStack(std::string localName, std::string stackName)
        : local_(std::move(localName)), stackName_(std::move(stackName))
    {
    }

    Local &local() { return local_; }
    const std::string &stackName() const { return stackName_; }

    void push(std::shared_ptr<T> obj)
    {
        Items *items = stack();
        if (!items)
            items = std::any_cast<Items>(local_.set(kKey, Items{}, "[]"));
        items->push_back(std::move(obj));
        afterChange(trace::EventKind::StackPush, *items, items->back().get());
    }

    // Returns the popped object, or nullptr when the stack is empty.
    std::shared_ptr<T> pop()
    {
        Items *items = stack();
        if (!items || items->empty())
            return nullptr;
        std::shared_ptr<T> top = items->back();
        if (items->size() == 1) {
            local_.release();
            emitStack(trace::EventKind::StackPop, 0, top.get());
        } else {
            items->pop_back();
            afterChange(trace::EventKind::StackPop, *items, top.get());
        }
        return top;
    }

    // The top of this ident's stack, or nullptr.
    T *top()
    {
        Items *items = stack();
        return items && !items->empty() ? items->back().get() : nullptr;
    }

    std::shared_ptr<T> topShared()
    {
        Items *items = stack();
        return items && !items->empty() ? items->back() : nullptr;
    }

    std::size_t depth()
    {
        Items *items = stack();
        return items ? items->size() : 0;
    }

private:
    using Items = std::vector<std::shared_ptr<T>>;
    static inline const std::string kKey = "stack";

    Items *stack() { return std::any_cast<Items>(local_.get(kKey)); }

    void afterChange(trace::EventKind kind, const Items &items, const T *obj)
    {
        if (!trace::tracing())
            return;
        std::string text = "[";
        for (std::size_t i = 0; i < items.size(); ++i) {
            if (i)
                text += ", ";
            text += '<' + items[i]->describe() + '>';
        }
        text += ']';
        local_.describe(kKey, text);
        emitStack(kind, items.size(), obj);
    }

    void emitStack(trace::EventKind kind, std::size_t depth, const T *obj)
    {
        if (!trace::tracing())
            return;
        trace::Event e(kind);
        e.setText(0, stackName_, 16);
        e.setInt(0, static_cast<std::int64_t>(depth));
        e.setText(1, obj->describe());
        trace::emitEventAs(e, local_.ident()); // the slot whose stack changed
        if (trace::Breakpoints::armed())
            trace::Breakpoints::instance().hit(
                kind == trace::EventKind::StackPush ? "stack.push" : "stack.pop", e.textAt(1));
    }

    Local local_;
    std::string stackName_;
};

} // namespace rs
