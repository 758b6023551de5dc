// The runtime file `augur calibrate` writes: it `use:`s the runtime it was fitted from (facts and
// assumptions stay there, with their comments) and overrides only the keys the fit moved, with
// what they were fitted on and the command that fits them again.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "sim/calibrate/calibrate.h"

namespace augur::calibrate {

struct FittedRuntimeText {
  std::filesystem::path base;    // the runtime fitted from (written relative to `out`'s directory)
  std::filesystem::path out;     // where the file goes
  std::string fitted_on;         // the records, in words
  std::string command;           // the augur calibrate command line that writes this file
};

// YAML text: a header comment, `use: BASE`, `fitted_on`, and every constrained key's fitted
// value with its unit (durations in us, cycles in cycles), its range and sensitivity as comments.
std::string fitted_runtime_yaml(const FittedRuntimeText& spec, const CalibrationResult& result);

}  // namespace augur::calibrate
