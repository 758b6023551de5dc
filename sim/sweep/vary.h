// `--vary KEY=VALUES`: the values one key takes in a sweep. VALUES is a list ("256KiB,512KiB,1MiB"),
// an arithmetic range ("1..8", step 1; "1GB/s..4GB/s+1GB/s"), or a geometric range
// ("128KiB..8MiB*2"). Endpoints and steps carry the key's unit, checked against the schema.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sim/core/units.h"

namespace augur::sweep {

// `--vary batch=1,2,4`: the networks' batch, not a board or runtime key.
inline constexpr const char* kBatchKey = "batch";

struct Vary {
  std::string key;                  // "gpu.l2.size" or "gpu_runtime.kernels.layer_sync"
  std::vector<std::string> values;  // texts for --set, exact ("131072 B")
  std::vector<std::string> labels;  // for people and CSV ("128 KiB")
  // The values as numbers in the key's base unit (131072 for "128 KiB"); empty for a text key.
  std::vector<double> numbers;
  Dimension dimension = Dimension::Text;

  bool is_batch() const { return key == kBatchKey; }
  // `--vary NAME_runtime=A.yaml,B.yaml`: processor NAME runs each runtime file in turn.
  bool is_runtime_file() const {
    constexpr std::string_view suffix = "_runtime";
    return key.size() > suffix.size() && key.find('.') == std::string::npos &&
           key.compare(key.size() - suffix.size(), suffix.size(), suffix) == 0;
  }
  // The processor NAME of a runtime-file vary.
  std::string runtime_processor() const { return key.substr(0, key.size() - 8); }
};

// `NAME_runtime=FILES` (a list of runtime files, no range) varies processor NAME's runtime.
// Throws UserError naming the --vary text: no '=', an unknown key (with a suggestion), a value
// or endpoint of the wrong unit, an empty or descending range, a factor <= 1, more than 100,000
// values. Whether each value is valid for the board is checked when the sweep is planned.
Vary parse_vary(const std::string& text);

}  // namespace augur::sweep
