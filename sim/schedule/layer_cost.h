// The cost of one layer's kernels on one processor, and the per-layer overheads of the runtime.
#pragma once

#include <vector>

#include "sim/hwdesc/platform.h"
#include "sim/hwdesc/runtime.h"
#include "sim/lower/kernel.h"
#include "sim/model/kernel_cost.h"

namespace augur {

struct LayerCost {
  std::vector<KernelCost> kernels;  // parallel to the lowered kernels
  double kernel_seconds = 0;        // sum over kernels (GPU: including launch gaps)
  double layerwise_seconds = 0;     // timed alone: + layer overhead (+ sync on the GPU)
  double dram_bytes = 0;
  Bound bound = Bound::Overhead;    // bound of the most expensive kernel (overhead when none)
};

LayerCost cost_on_cpu(const std::vector<Kernel>& kernels, const Platform& platform,
                      const CpuRuntime& rt, CacheModel cache_model = CacheModel::Analytic);
LayerCost cost_on_gpu(const std::vector<Kernel>& kernels, const Platform& platform,
                      const GpuRuntime& rt, CacheModel cache_model = CacheModel::Analytic);

}  // namespace augur
