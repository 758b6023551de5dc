// `augur sensitivity`: for every numeric key of the board and of the runtimes that ran layers, the
// elasticity of the predicted forward time to the key (relative change of time over relative
// change of the key), measured with a +10% step (whole numbers: the next valid value; powers of
// two: the next power of two), and whether the time model reads the key (the schema declares it).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sim/scenario/scenario.h"

namespace augur {

struct KeySensitivity {
  std::string key;                  // "gpu.l2.size", "gpu_runtime.kernels.layer_sync"
  double value = 0;                 // in the key's base unit
  std::string unit;                 // that unit ("B", "Hz", "s", "" for plain numbers)
  std::optional<double> stepped;    // the value tried
  std::optional<double> step;       // stepped / value − 1
  std::optional<double> elasticity;  // (t' / t − 1) / step
  bool used = true;                 // the time model reads the key (declared in the schema)
  std::string note;                 // why it is not read, or why there is no elasticity
};

struct SensitivityReport {
  std::string processor;
  double forward_ms = 0;
  std::vector<KeySensitivity> keys;
};

SensitivityReport sensitivity(const Scenario& scenario, const std::string& processor);

}  // namespace augur
