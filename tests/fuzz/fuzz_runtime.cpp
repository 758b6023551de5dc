// libFuzzer target: runtime (software stack) YAML text, optionally followed by "--set" lines.
#include "sim/hwdesc/runtime_loader.h"
#include "tests/fuzz/fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto input = augur::fuzz::split_overrides(data, size);
  const std::string& text = input.first;
  const std::vector<std::string>& overrides = input.second;
  augur::fuzz::expect_clean([&] { (void)augur::hwdesc::load_runtime_from_text(text, "fuzz.yaml", overrides); });
  return 0;
}
