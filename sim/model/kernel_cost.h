// The cost of one kernel (all its launches) on one processor: time, DRAM traffic, what bounds it.
#pragma once

#include <cstdint>
#include <string>

namespace augur {

enum class Bound { Compute, Memory, Overhead };

// How GEMM DRAM traffic is counted: the analytic formulas (fast) or a replay of the access
// stream through the set-associative cache simulator (slow; a check of the formulas).
enum class CacheModel { Analytic, Simulate };

const char* bound_name(Bound bound);

struct KernelCost {
  double seconds = 0;            // all launches, including per-launch overhead
  double dram_bytes = 0;         // bytes moved between DRAM and the last-level cache
  Bound bound = Bound::Compute;  // the term that dominates
  std::string detail;            // e.g. the GPU GEMM tile chosen
};

}  // namespace augur
