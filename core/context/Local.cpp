#include "core/context/Local.h"

#include "core/trace/EventBus.h"
#include "core/trace/ExecutionContext.h"

#include <algorithm>
#include <atomic>
#include <mutex>

namespace rs {

namespace {
std::atomic<std::uint64_t> nextLocalId{1};

// The slots this thread used last, by (Local, ident). `releases` is the Local's release count
// when the entry was made: under a shared ident (the plain-dict mode) another thread may release
// the slot, and the entry must not outlive it.
struct SlotCacheEntry {
    std::uint64_t local = 0;
    std::uint64_t ident = 0;
    std::uint64_t releases = 0;
    void *slot = nullptr;
};
constexpr unsigned kSlotCacheSize = 4;
thread_local SlotCacheEntry slotCache[kSlotCacheSize];
thread_local unsigned slotCacheNext = 0;

// The event names the slot that was used (the Local's ident), which is not always the running
// code's.
void emitLocalAs(trace::EventKind kind, const Local &local, std::uint64_t ident, std::string_view key,
                 std::string_view text)
{
    trace::Event e(kind);
    e.setText(0, local.name(), 48);
    e.setText(1, key, 48);
    e.setText(2, text);
    trace::emitEventAs(e, ident);
}

void emitLocal(trace::EventKind kind, const Local &local, std::string_view key, std::string_view text)
{
    if (trace::tracing())
        emitLocalAs(kind, local, local.ident(), key, text);
}

} // namespace

Local::Local(std::string name, IdentFunction identFunction)
    : name_(std::move(name)), instanceId_(nextLocalId.fetch_add(1, std::memory_order_relaxed)),
      identFunction_(std::move(identFunction))
{
}

Local::~Local() = default;

Local::Ident Local::defaultIdent()
{
    return trace::ExecutionContext::current().ident;
}

Local::Slot *Local::slot(bool create)
{
    const Ident id = identFunction_();
    const std::uint64_t releases = releases_.load(std::memory_order_acquire);
    for (const SlotCacheEntry &e : slotCache)
        if (e.local == instanceId_ && e.ident == id && e.releases == releases)
            return static_cast<Slot *>(e.slot);
    Slot *found = nullptr;
    {
        std::shared_lock lock(mutex_);
        auto it = storage_.find(id);
        if (it != storage_.end())
            found = it->second.get();
    }
    if (!found && create) {
        std::unique_lock lock(mutex_);
        auto &s = storage_[id];
        if (!s)
            s = std::make_unique<Slot>();
        found = s.get();
    }
    if (found)
        slotCache[slotCacheNext++ % kSlotCacheSize] = {instanceId_, id, releases, found};
    return found;
}

Local::Entry *Local::find(Slot &slot, const std::string &key)
{
    for (auto &kv : slot)
        if (kv.first == key)
            return &kv.second;
    return nullptr;
}

std::any *Local::set(const std::string &key, std::any value, std::string_view text)
{
    Slot *s = slot(true);
    Entry *e = find(*s, key);
    if (e) {
        e->value = std::move(value);
        e->text.assign(text);
    } else {
        e = &s->emplace_back(key, Entry{std::move(value), std::string(text)}).second;
    }
    emitLocal(trace::EventKind::LocalSet, *this, key, text);
    return &e->value;
}

std::any *Local::get(const std::string &key)
{
    Slot *s = slot(false);
    Entry *e = s ? find(*s, key) : nullptr;
    emitLocal(trace::EventKind::LocalGet, *this, key,
              e ? std::string_view(e->text) : std::string_view("<missing>"));
    return e ? &e->value : nullptr;
}

bool Local::del(const std::string &key)
{
    Slot *s = slot(false);
    if (!s)
        return false;
    auto it = std::find_if(s->begin(), s->end(), [&](const auto &kv) { return kv.first == key; });
    if (it == s->end())
        return false;
    s->erase(it);
    emitLocal(trace::EventKind::LocalDel, *this, key, {});
    return true;
}

void Local::describe(const std::string &key, std::string_view text)
{
    if (Slot *s = slot(false))
        if (Entry *e = find(*s, key))
            e->text.assign(text);
}

void Local::release()
{
    const Ident id = identFunction_();
    for (SlotCacheEntry &e : slotCache)
        if (e.local == instanceId_ && e.ident == id)
            e = {};
    std::unique_ptr<Slot> dropped; // destroyed outside the lock
    {
        std::unique_lock lock(mutex_);
        auto it = storage_.find(id);
        if (it == storage_.end())
            return;
        dropped = std::move(it->second);
        storage_.erase(it);
        releases_.fetch_add(1, std::memory_order_release);
    }
    emitLocal(trace::EventKind::LocalRelease, *this, keysOf(*dropped), "released");
}

std::string Local::keysOf(const Slot &slot)
{
    std::string keys;
    for (const auto &kv : slot) {
        if (!keys.empty())
            keys += ',';
        keys += kv.first;
    }
    return keys;
}

std::size_t Local::releaseAll()
{
    std::unordered_map<Ident, std::unique_ptr<Slot>> dropped; // destroyed outside the lock
    {
        std::unique_lock lock(mutex_);
        dropped.swap(storage_);
        releases_.fetch_add(1, std::memory_order_release); // every thread's cached slot is stale
    }
    if (trace::tracing())
        for (const auto &[ident, slot] : dropped)
            emitLocalAs(trace::EventKind::LocalRelease, *this, ident, keysOf(*slot), "released (left over)");
    return dropped.size();
}

std::vector<Local::Ident> Local::idents() const
{
    std::shared_lock lock(mutex_);
    std::vector<Ident> out;
    out.reserve(storage_.size());
    for (const auto &kv : storage_)
        out.push_back(kv.first);
    std::sort(out.begin(), out.end());
    return out;
}

std::size_t Local::slotCount() const
{
    std::shared_lock lock(mutex_);
    return storage_.size();
}

} // namespace rs
