#pragma once

#include <QThreadStorage>

#include <atomic>
#include <cstdint>
#include <memory>
#include <unordered_map>

namespace rs {

// One T per (thread, owner): the per-worker connection of a store. Slots are keyed by an id
// that is never reused (an owner's address can be), live in a per-thread map and are destroyed
// on their thread: when the thread ends, when the owner is destroyed on that thread, or — for
// the slots of an owner destroyed elsewhere — the next time that thread creates a slot.
//
// The map is a QThreadStorage, not thread_local: a QThread destroys its QThreadStorage before
// wait() returns, but its thread_local objects only after, when the program may already be
// tearing down Qt's statics (an SQLite connection then crashed in QSqlDatabase::removeDatabase).
template <class T> class PerThread {
public:
    PerThread() : id_(nextId().fetch_add(1, std::memory_order_relaxed)), alive_(std::make_shared<char>()) {}
    ~PerThread() { threadSlots().erase(id_); }
    PerThread(const PerThread &) = delete;
    PerThread &operator=(const PerThread &) = delete;

    // Calling thread only: this thread's T, made by make() on first use.
    template <class Make> T &local(Make &&make)
    {
        auto &map = threadSlots();
        auto it = map.find(id_);
        if (it != map.end())
            return *it->second.value;
        for (auto i = map.begin(); i != map.end();)
            i = i->second.alive.expired() ? map.erase(i) : std::next(i);
        Slot slot{alive_, make()};
        return *map.emplace(id_, std::move(slot)).first->second.value;
    }

    // Calling thread only: this thread's T, or nullptr if it has none yet.
    T *find()
    {
        auto &map = threadSlots();
        auto it = map.find(id_);
        return it == map.end() ? nullptr : it->second.value.get();
    }

private:
    struct Slot {
        std::weak_ptr<char> alive;
        std::unique_ptr<T> value;
    };
    using Map = std::unordered_map<std::uint64_t, Slot>;
    static Map &threadSlots()
    {
        // Never destroyed: a thread that ends after main() returns still finds it.
        static auto *const storage = new QThreadStorage<Map *>;
        if (!storage->hasLocalData())
            storage->setLocalData(new Map);
        return *storage->localData();
    }
    static std::atomic<std::uint64_t> &nextId()
    {
        static std::atomic<std::uint64_t> id{1};
        return id;
    }

    const std::uint64_t id_;
    std::shared_ptr<char> alive_;
};

} // namespace rs
