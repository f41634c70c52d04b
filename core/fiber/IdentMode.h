#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace rs::fiber {

// What a `Local` keys its storage on (Werkzeug's __ident_func__):
//   Thread    — the OS thread id, always; under coroutine workers every request on a worker
//               shares one slot (the articles' "broken mode": threading.local under greenlets).
//   Coroutine — the running fiber's ident (Fiber::kIdentBase + id), or the thread's when no
//               fiber runs (greenlet.getcurrent: the main greenlet is the thread).
//   Global    — no ident at all: one slot for everyone, the articles' plain global dict
//               (`DIC = {}` without `get_ident()`); broken on purpose under any worker model.
//               Needs InterpreterLock (applyIdentMode enables it).
// Note Local::defaultIdent() reads ExecutionContext::ident, which the fibers set, so it behaves
// like Coroutine; Thread mode must use the function below.
enum class IdentMode { Thread, Coroutine, Global };

// Coroutine idents are this base + the fiber's number (Fiber::kIdentBase).
inline constexpr std::uint64_t kCoroutineIdentBase = 1'000'000'000;
// The one ident of IdentMode::Global: above every OS thread id, below every coroutine ident.
inline constexpr std::uint64_t kSharedIdent = 999'999'999;

// Compatible with rs::Local::IdentFunction. Any thread may call the returned function.
std::function<std::uint64_t()> identFunction(IdentMode mode);
std::uint64_t threadIdent();
std::uint64_t coroutineIdent();

// "thread" / "coroutine" / "global", and back (nullopt for anything else).
const char *identModeName(IdentMode mode);
std::optional<IdentMode> parseIdentMode(std::string_view name);

// Why `mode` under these workers shows requests each other's context, in one sentence; empty
// when it is a sound choice (thread ident on thread workers, coroutine ident on either).
std::string brokenIdentWarning(IdentMode mode, bool coroutineWorkers);
// The InterpreterLock the mode needs (on for Global only). Only while no worker runs.
void enableInterpreterLockFor(IdentMode mode);

// Whether `ident` is a coroutine's (Fiber::isCoroutineIdent, without Boost's headers).
bool isCoroutineIdent(std::uint64_t ident);

// For display: "coroutine #12 on worker-2", "thread 4242 (worker-2)" or "the one shared dict".
std::string describeIdent(std::uint64_t ident, std::string_view threadName);
// The code running now, on the calling thread, under `mode`.
std::string describeCurrentIdent(IdentMode mode);

} // namespace rs::fiber
