// libFuzzer target: the CSV readers of `augur validate` (records, budgets, trace manifest,
// calibrations) on the same input; each accepts it or refuses it with a UserError.
#include <string>

#include "sim/calibrate/cross_validation.h"
#include "sim/validate/records.h"
#include "sim/validate/validation.h"
#include "tests/fuzz/fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  augur::fuzz::expect_clean([&] { (void)augur::parse_records(text, "fuzz.csv"); });
  augur::fuzz::expect_clean([&] { (void)augur::parse_budgets(text, "fuzz.csv"); });
  augur::fuzz::expect_clean([&] { (void)augur::parse_trace_manifest(text, "fuzz.csv"); });
  augur::fuzz::expect_clean([&] { (void)augur::calibrate::parse_calibrations(text, "fuzz.csv"); });
  return 0;
}
