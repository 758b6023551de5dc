// The cost of one layer's kernels on one processor, with the statistics the kernels carry summed,
// and the host-side costs of the runtime around them.
#pragma once

#include <vector>

#include "sim/lower/kernel.h"
#include "sim/model/async_issue.h"
#include "sim/model/kernel_cost.h"

namespace augur {

// What the runtime costs on the host around a layer's kernels.
struct HostCosts {
  double layer_overhead_s = 0;  // framework time per layer before its kernels
  double launch_issue_s = 0;    // host time to issue one kernel (asynchronous processors)
  double layer_sync_s = 0;      // per layer when each layer is timed alone (asynchronous)
  double timer_gap_s = 0;       // per layer between timed regions of a per-layer-timed pass
};

struct LayerCost {
  std::vector<KernelCost> kernels;  // parallel to the lowered kernels
  double kernel_seconds = 0;        // sum over kernels (GPU: including launch gaps)
  double layerwise_seconds = 0;     // timed alone: + layer overhead (+ sync when asynchronous)
  double dram_bytes = 0;
  double cycles = 0;                // compute cycles at the processor's clock, stalls excluded
  double stall_cycles = 0;
  double compute_seconds = 0, memory_seconds = 0, overhead_seconds = 0;
  Traffic traffic;                  // bytes per memory level
  Bound bound = Bound::Overhead;    // bound of the most expensive kernel (overhead when none)
  HostCosts host;
};

// Sums the kernels' statistics into the layer's (kernel_seconds = Σ kernel seconds).
inline void sum_kernel_costs(LayerCost& c, const HostCosts& host) {
  double worst = -1;
  for (const auto& k : c.kernels) {
    c.kernel_seconds += k.seconds;
    c.dram_bytes += k.dram_bytes;
    c.cycles += k.cycles;
    c.stall_cycles += k.stall_cycles;
    c.compute_seconds += k.compute_seconds;
    c.memory_seconds += k.memory_seconds;
    c.overhead_seconds += k.overhead_seconds;
    c.traffic.add(k.traffic);
    if (k.seconds > worst) {
      worst = k.seconds;
      c.bound = k.bound;
    }
  }
  c.host = host;
}

// A synchronous processor's layer timed alone: layerwise = layer_overhead + kernel_seconds + layer_sync.
inline void finish_layer_cost(LayerCost& c, const HostCosts& host) {
  sum_kernel_costs(c, host);
  c.layerwise_seconds = host.layer_overhead_s + c.kernel_seconds + host.layer_sync_s;
}

// The same for an asynchronous processor, whose host issues each call of `kernels` (parallel to
// c.kernels) at launch_issue per device kernel: a layer timed alone takes
//   layerwise = layer_overhead + issue-pipelined end of its kernels (async_issue.h) + layer_sync,
// i.e. Σ kernel seconds when the device is the bottleneck, the host's issue time when it is not.
inline void finish_async_layer_cost(LayerCost& c, const HostCosts& host, const std::vector<Kernel>& kernels) {
  sum_kernel_costs(c, host);
  double issued = host.layer_overhead_s, device = 0;
  for (size_t k = 0; k < kernels.size() && k < c.kernels.size(); ++k) {
    const double calls = static_cast<double>(std::max<std::int64_t>(1, kernels[k].launches));
    const IssuedCalls r = issue_calls(issued, device, calls, kernels[k].gpu_kernels_per_call * host.launch_issue_s,
                                      c.kernels[k].seconds / calls);
    issued = r.host_end;
    device = r.device_end;
  }
  c.layerwise_seconds = std::max(issued, device) + host.layer_sync_s;
}


}  // namespace augur
