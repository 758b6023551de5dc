// Recorded measurements in the project's own format (validation/records.csv, documented in
// validation/README.md): one measured number per row with what was measured and its provenance.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace augur {

struct Record {
  std::string id, source, board, processor, stack, runtime, network;
  std::int64_t batch = 0;
  std::string clocks;    // "max" or "default-governor"
  std::string scope;     // "total", "type", "layer", "memory"
  std::string what;      // forward | layerwise | isolated_gemms | Caffe type | layer name | process_memory | data_bytes
  double value = 0;
  std::string unit;      // ms, MiB, MB
  std::string modelled;  // "yes" or the reason it is not
  std::string provenance;
};

// Reads the CSV; a malformed row is a UserError with file:line.
std::vector<Record> read_records(const std::filesystem::path& file);
// The same from text already read (`display` names it in errors).
std::vector<Record> parse_records(const std::string& text, const std::string& display);

}  // namespace augur
