// Per-layer costs.
#include "sim/schedule/layer_cost.h"

#include "sim/model/cpu/cpu_gemm.h"
#include "sim/model/cpu/cpu_stream.h"
#include "sim/model/gpu/gpu_gemm.h"
#include "sim/model/gpu/gpu_stream.h"

namespace augur {
namespace {

void finish(LayerCost& c) {
  double worst = -1;
  for (const auto& k : c.kernels) {
    c.kernel_seconds += k.seconds;
    c.dram_bytes += k.dram_bytes;
    if (k.seconds > worst) {
      worst = k.seconds;
      c.bound = k.bound;
    }
  }
}

}  // namespace

LayerCost cost_on_cpu(const std::vector<Kernel>& kernels, const Platform& p, const CpuRuntime& rt,
                      CacheModel cache_model) {
  LayerCost c;
  for (const auto& k : kernels) {
    switch (k.kind) {
      case KernelKind::Gemm: {
        KernelCost one = cpu_gemm_cost({k.m, k.n, k.k, k.a_transposed}, rt, p.cpu, p.memory, cache_model);
        one.seconds *= k.launches;
        one.dram_bytes *= k.launches;
        c.kernels.push_back(one);
        break;
      }
      case KernelKind::Gemv: c.kernels.push_back(cpu_gemv_cost(k.m, k.k, rt, p.cpu, p.memory)); break;
      case KernelKind::Stream: c.kernels.push_back(cpu_stream_cost(k, rt, p.cpu, p.memory)); break;
    }
  }
  finish(c);
  c.layerwise_seconds = c.kernel_seconds + rt.layer_overhead_s;
  return c;
}

LayerCost cost_on_gpu(const std::vector<Kernel>& kernels, const Platform& p, const GpuRuntime& rt,
                      CacheModel cache_model) {
  LayerCost c;
  for (const auto& k : kernels) {
    switch (k.kind) {
      case KernelKind::Gemm:
        c.kernels.push_back(gpu_gemm_cost({k.m, k.n, k.k, k.a_transposed}, k.launches, rt, p.gpu, p.memory, cache_model));
        break;
      case KernelKind::Gemv: c.kernels.push_back(gpu_gemv_cost(k.m, k.k, rt, p.memory)); break;
      case KernelKind::Stream: c.kernels.push_back(gpu_stream_cost(k, rt, p.gpu, p.memory)); break;
    }
  }
  finish(c);
  c.layerwise_seconds = rt.layer_overhead_s + c.kernel_seconds + rt.layer_sync_s;
  return c;
}

}  // namespace augur
