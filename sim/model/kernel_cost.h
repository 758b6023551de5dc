// The cost of one kernel (all its launches) on one processor: time, DRAM traffic, what bounds it.
#pragma once

#include <cstdint>
#include <string>

namespace augur {

enum class Bound { Compute, Memory, Overhead };

const char* bound_name(Bound bound);

struct KernelCost {
  double seconds = 0;            // all launches, including per-launch overhead
  double dram_bytes = 0;         // bytes moved between DRAM and the last-level cache
  Bound bound = Bound::Compute;  // the term that dominates
  std::string detail;            // e.g. the GPU GEMM tile chosen
};

}  // namespace augur
