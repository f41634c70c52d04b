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
// Note Local::defaultIdent() reads ExecutionContext::ident, which the fibers set, so it behaves
// like Coroutine; Thread mode must use the function below.
enum class IdentMode { Thread, Coroutine };

// Compatible with rs::Local::IdentFunction. Any thread may call the returned function.
std::function<std::uint64_t()> identFunction(IdentMode mode);
std::uint64_t threadIdent();
std::uint64_t coroutineIdent();

// "thread" / "coroutine", and back (nullopt for anything else).
const char *identModeName(IdentMode mode);
std::optional<IdentMode> parseIdentMode(std::string_view name);

// For display: "coroutine #12 on worker-2" or "thread 4242 (worker-2)".
std::string describeIdent(std::uint64_t ident, std::string_view threadName);
// The code running now, on the calling thread, under `mode`.
std::string describeCurrentIdent(IdentMode mode);

} // namespace rs::fiber
