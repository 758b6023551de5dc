// libFuzzer target: trace importers (CK JSON, caffe time logs, DeepBench CSV).
#include <string>

#include "sim/validate/trace_import.h"
#include "tests/fuzz/fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  augur::fuzz::expect_clean([&] { (void)augur::import_trace_text(text, "fuzz.trace"); });
  return 0;
}
