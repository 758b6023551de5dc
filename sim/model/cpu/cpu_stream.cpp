// CPU streaming loops.
#include "sim/model/cpu/cpu_stream.h"

#include "sim/model/cpu/cpu_gemm.h"

#include <algorithm>

namespace augur {

double cpu_cycles_per_element(StreamOp op, const CpuRuntime& rt) {
  const auto& c = rt.cycles;
  switch (op) {
    case StreamOp::Im2col: return c.im2col;
    case StreamOp::Bias: return c.bias;
    case StreamOp::Relu: return c.relu;
    case StreamOp::Pool: return c.pool;
    case StreamOp::Lrn: return c.lrn;
    case StreamOp::BatchNorm: return c.batchnorm;
    case StreamOp::Scale: return c.scale;
    case StreamOp::Eltwise: return c.eltwise;
    case StreamOp::Softmax: return c.softmax;
    case StreamOp::Transcendental: return c.transcendental;
    case StreamOp::Copy: return c.copy;
    case StreamOp::Dropout: return c.dropout;
    case StreamOp::Transform: return c.im2col;  // not lowered for a cpu runtime (check_runtime)
  }
  return 0;
}

KernelCost cpu_stream_cost(const Kernel& kernel, const CpuRuntime& rt, const CpuCluster& cpu,
                           const Memory& memory) {
  // The bias pass is one K = 1 SGEMM per call over its elements (m·n = elements): one thread when
  // that is at most the library's single-thread threshold. (Its m or n below switch_ratio · threads
  // is not checked: a convolution's output channels and pixels are rarely that few, and an inner
  // product's bias is below the threshold at every batch the records hold.)
  const bool bias = kernel.op == StreamOp::Bias;
  const int threads = bias ? (kernel.elements <= rt.single_thread_max_macs ? 1 : cpu_blas_threads(rt, cpu))
                          : std::min(rt.loop_threads, cpu.cores);
  const double extra = kernel.op == StreamOp::Pool ? kernel.outputs * rt.cycles.pool_output : 0.0;
  const double core_s = (kernel.elements * cpu_cycles_per_element(kernel.op, rt) + extra) /
                        (cpu.clock_hz * std::max(threads, 1));
  const double bytes = static_cast<double>(kernel.bytes_read + kernel.bytes_written);
  const double memory_s = bytes / memory.bandwidth_bytes_per_s;
  KernelCost cost;
  cost.dram_bytes = bytes * kernel.launches;
  cost.seconds = kernel.launches * std::max(core_s, memory_s);
  cost.bound = memory_s > core_s ? Bound::Memory : Bound::Compute;
  cost.compute_seconds = kernel.launches * core_s;
  cost.memory_seconds = kernel.launches * memory_s;
  cost.cycles = cost.compute_seconds * cpu.clock_hz;
  cost.stall_cycles = kernel.launches * std::max(0.0, memory_s - core_s) * cpu.clock_hz;
  cost.traffic.add("dram", cost.dram_bytes);
  return cost;
}

}  // namespace augur
