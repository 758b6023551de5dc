// Objects a command builds once and reads until the process ends, left for the operating system
// to reclaim at exit instead of being freed one allocation at a time (clang's driver does the
// same with -disable-free). Freeing ResNet-152's scenario and result is ~2 M instructions, 4% of
// an `augur simulate` that is over a moment later. The objects stay reachable from a global, so
// leak checkers (LeakSanitizer in scripts/sanitize.sh) do not report them.
#pragma once

#include <memory>
#include <vector>

namespace augur {

template <typename T>
T& keep_until_exit(std::unique_ptr<T> object) {
  static auto* const roots = new std::vector<const void*>();  // never freed, on purpose
  roots->push_back(object.get());
  return *object.release();
}

}  // namespace augur
