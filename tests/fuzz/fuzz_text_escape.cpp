// libFuzzer target: the escapers of names in outputs. csv_field must round-trip through the
// CSV reader, valid_utf8 must give text JSON accepts, terminal_text must hold no control byte.
#include <string>

#include <nlohmann/json.hpp>

#include "sim/core/csv.h"
#include "sim/core/text_escape.h"
#include "tests/fuzz/fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const std::string utf8 = augur::valid_utf8(text);
  const std::string json = nlohmann::json(utf8).dump();  // throws type_error 316 on invalid UTF-8
  if (nlohmann::json::parse(json).get<std::string>() != utf8) std::abort();
  if (augur::valid_utf8(utf8) != utf8) std::abort();  // idempotent
  const std::string record = augur::csv_field(text) + "," + augur::csv_field(text);
  const auto fields = augur::split_csv_record(record);
  if (fields.size() != 2 || fields[0] != utf8 || fields[1] != utf8) {
    // split_csv_record drops a CR outside quotes only; csv_field quotes every CR.
    std::abort();
  }
  for (const char c : augur::terminal_text(text)) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F) std::abort();
  }
  return 0;
}
