// A GEMM folded onto a systolic array: SCALE-Sim's analytical compute cycles per dataflow, the
// operand traffic between the array's SRAMs and DRAM, and stalls when a fold's DRAM traffic takes
// longer than its compute. Formulas and symbols: docs/model.md, "Systolic array".
#pragma once

#include <cstdint>

#include "sim/hwdesc/platform.h"
#include "sim/model/kernel_cost.h"

namespace augur {

// One GEMM in SCALE-Sim's terms: P output pixels (rows of the output, images included), F filters
// (output channels), T the filter's window volume (kh·kw·channels: the reduction).
struct SystolicGemm {
  std::int64_t p = 0, f = 0, t = 0;
  std::int64_t ifmap_bytes = 0;   // unique input activations read by the GEMM
  std::int64_t filter_bytes = 0;  // weights: T·F elements
  std::int64_t ofmap_bytes = 0;   // outputs: P·F elements
  std::int64_t element_bytes = 1;
};

struct SystolicFolds {
  std::int64_t folds = 0;
  double cycles_per_fold = 0;
  double compute_cycles = 0;  // folds · cycles_per_fold
};

// With R × C the array:
//   output stationary (P on rows, F on columns): ⌈P/R⌉·⌈F/C⌉ folds of T + R + C − 2 cycles;
//   weight stationary (T on rows, F on columns): ⌈T/R⌉·⌈F/C⌉ folds of 2R + C + P − 2 cycles;
//   input stationary  (T on rows, P on columns): ⌈T/R⌉·⌈P/C⌉ folds of 2R + C + F − 2 cycles.
SystolicFolds systolic_folds(const SystolicGemm& g, const SystolicArray& array);

// DRAM bytes of the GEMM: each operand is read from DRAM once when it fits in half its SRAM
// (double buffering), else once per fold of the dimension it is not reused across:
//   os: ifmap once per P fold (the R rows stay while F folds pass when R·T·e ≤ ifmap_sram/2, else
//       once per F fold); filters once when T·F·e ≤ filter_sram/2, else once per P fold; ofmap once.
//   ws: filters once; ifmap once when it fits, else once per F fold; partial sums of a column
//       fold (P·C·e) stay when they fit in ofmap_sram/2, else are written and read per T fold.
//   is: ifmap once; filters once when they fit, else once per P fold; partial sums of a column
//       fold (C·F·e) stay when they fit, else spill per T fold.
double systolic_dram_bytes(const SystolicGemm& g, const SystolicArray& array);

// The GEMM's cost, `launches` times: compute = folds · cycles per fold; per fold the DRAM bytes
// (total / folds) take bytes / (bandwidth / clock) cycles, and a fold whose transfer is longer
// than its compute stalls for the difference:
//   stall = folds · max(0, dram_bytes / folds / (bandwidth / clock) − cycles_per_fold)
//   time  = launches · (compute + stall) / clock
// Traffic: "dram", and the bytes the array moves through each SRAM as the dataflow streams the
// operands: the stationary operand once (os: outputs P·F·e; ws: filters T·F·e; is: ifmap P·T·e),
// a streamed operand once per fold of the other dimension (os: ifmap P·T·e·⌈F/C⌉ and filters
// T·F·e·⌈P/R⌉; ws: ifmap P·T·e·⌈F/C⌉; is: filters T·F·e·⌈P/C⌉), partial outputs once per T fold
// (ws, is: P·F·e·⌈T/R⌉).
KernelCost systolic_gemm_cost(const SystolicGemm& g, std::int64_t launches, const SystolicArray& array,
                              const Memory& memory);

}  // namespace augur
