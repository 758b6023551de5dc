// libFuzzer target: board YAML text, optionally followed by "--set KEY=VALUE" lines.
#include "sim/hwdesc/derived.h"
#include "sim/hwdesc/loader.h"
#include "tests/fuzz/fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto input = augur::fuzz::split_overrides(data, size);
  const std::string& text = input.first;
  const std::vector<std::string>& overrides = input.second;
  augur::fuzz::expect_clean([&] {
    const auto loaded = augur::hwdesc::load_platform_from_text(text, "fuzz.yaml", overrides);
    (void)augur::derived_values(loaded.platform);
  });
  return 0;
}
