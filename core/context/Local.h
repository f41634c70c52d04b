#pragma once

#include <any>
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace rs {

// Werkzeug's `Local` as the articles draw it:
//
//     __storage__ = { ident: { name: value } }
//
// Each ident (a thread, or a coroutine later) sees only its own slot. The ident function is
// pluggable, as `__ident_func__` was (thread id by default; greenlet.getcurrent under gevent).
// Every set, get, del and release is an event (local.set, local.get, local.del, local.release).
//
// Thread safety: any thread may call any method; a thread only ever touches the slot of its own
// ident, so the inner dict needs no lock; the outer map is guarded for slot creation and release.
// Each thread remembers the slots it used last, so a request's many lookups take no lock; a
// release anywhere makes those memories stale. Only the plain-dict demo mode shares one ident
// between threads, and it runs requests under InterpreterLock (Python's GIL), as Python would.
// Every event names the slot it used in its header's ident (DESIGN.md: what the Local keys on).
class Local {
public:
    using Ident = std::uint64_t;
    using IdentFunction = std::function<Ident()>;

    // `name` is what events call this Local ("request_stack", "app_stack", …).
    explicit Local(std::string name, IdentFunction identFunction = defaultIdent);
    ~Local();
    Local(const Local &) = delete;
    Local &operator=(const Local &) = delete;

    // The ident of the code running now (the thread's, or the coroutine's once those run).
    static Ident defaultIdent();

    const std::string &name() const { return name_; }
    Ident ident() const { return identFunction_(); }
    void setIdentFunction(IdentFunction f) { identFunction_ = std::move(f); }

    // `text` is a short description of the value for events ("[<RequestContext#17>]").
    // Returns where the value now lives (valid until this ident's slot is released).
    std::any *set(const std::string &key, std::any value, std::string_view text);
    // nullptr when this ident has no such name (Python raises AttributeError).
    std::any *get(const std::string &key);
    // False when there was nothing to delete.
    bool del(const std::string &key);
    // Drops the whole slot of the current ident (werkzeug.local.release_local).
    void release();
    // Drops every ident's slot (a local.release event each) and returns how many there were. Only
    // while no code uses this Local: what a broken ident mode left behind once the server stopped
    // (a request that failed with "Popped wrong request context" never released its shared slot).
    std::size_t releaseAll();
    // Updates the event text of a value that was mutated in place (list.append).
    void describe(const std::string &key, std::string_view text);

    // Introspection for tests and the `__storage__` view: idents that have a slot now.
    std::vector<Ident> idents() const;
    std::size_t slotCount() const;

private:
    struct Entry {
        std::any value;
        std::string text;
    };
    using Slot = std::vector<std::pair<std::string, Entry>>;

    Slot *slot(bool create);
    static std::string keysOf(const Slot &slot);
    static Entry *find(Slot &slot, const std::string &key);

    std::string name_;
    std::uint64_t instanceId_; // for the per-thread slot cache (addresses can be reused)
    IdentFunction identFunction_;
    mutable std::shared_mutex mutex_;
    std::atomic<std::uint64_t> releases_{0}; // slots released so far (invalidates slot caches)
    std::unordered_map<Ident, std::unique_ptr<Slot>> storage_;
};

} // namespace rs
