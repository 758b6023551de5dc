// GEMM-level validation: isolated GEMM records (DeepBench) through the GPU GEMM model, with the
// errors per shape class.
#pragma once

#include <string>
#include <vector>

#include "sim/hwdesc/platform.h"
#include "sim/hwdesc/runtime.h"
#include "sim/validate/trace.h"

namespace augur {

struct GemmCheck {
  GemmRecord record;
  std::string shape_class;  // "small N" (n <= 64), "transposed" (A or B), "large" (the rest)
  std::string tile;
  double predicted_ms = 0;
  double error = 0;         // predicted / measured - 1
};

struct GemmClassStats {
  std::string shape_class;
  int count = 0;
  double median_abs = 0, max_abs = 0, median_signed = 0;
};

struct GemmValidation {
  std::vector<GemmCheck> checks;
  std::vector<GemmClassStats> classes;
};

// One call per record (an fp32 SGEMM), on `gpu` with `runtime` (no framework overheads).
GemmValidation check_gemms(const std::vector<GemmRecord>& records, const Gpu& gpu, const Memory& memory,
                           const GpuRuntime& runtime);

}  // namespace augur
