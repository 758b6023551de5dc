// libFuzzer target: the `--vary KEY=VALUES` parser (lists, arithmetic and geometric ranges).
#include <string>

#include "sim/sweep/vary.h"
#include "tests/fuzz/fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 4096) return 0;  // a command-line argument
  const std::string text(reinterpret_cast<const char*>(data), size);
  augur::fuzz::expect_clean([&] {
    const auto v = augur::sweep::parse_vary(text);
    if (v.values.size() != v.labels.size() || v.values.empty()) {
      throw augur::InternalError("a --vary with no values or with labels that do not match its values");
    }
  });
  return 0;
}
