// Objects a command builds once and reads until the process ends, left for the operating system
// to reclaim at exit instead of being freed one allocation at a time (clang's driver does the
// same with -disable-free). Freeing ResNet-152's scenario and result is ~1 M instructions, 2% of
// an `augur simulate` that is over a moment later (callgrind, 2026-12-07). The objects stay reachable from a global, so
// leak checkers (LeakSanitizer in scripts/sanitize.sh) do not report them.
#pragma once

#include <vector>

namespace augur {

// The object `make()` returns, built in place (no copy: a Scenario's boost graph copies rather
// than moves) and never destroyed.
template <typename Make>
auto& keep_until_exit(Make make) {
  using T = decltype(make());
  static auto* const roots = new std::vector<const void*>();  // never freed, on purpose
  T* object = new T(make());
  roots->push_back(object);
  return *object;
}

}  // namespace augur
