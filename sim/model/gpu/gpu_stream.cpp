// GPU streaming kernels.
#include "sim/model/gpu/gpu_stream.h"

#include <algorithm>

namespace augur {

double gpu_ops_per_element(StreamOp op) {
  switch (op) {
    case StreamOp::Im2col: return 4;  // index arithmetic per element written
    case StreamOp::Bias: return 1;
    case StreamOp::Relu: return 1;
    case StreamOp::Pool: return 6;    // index, bounds, load, compare, select, loop per window element
    case StreamOp::Lrn: return 12;    // window sums, scale, power (several instructions)
    case StreamOp::BatchNorm: return 4;
    case StreamOp::Scale: return 1;
    case StreamOp::Eltwise: return 1;
    case StreamOp::Softmax: return 8;
    case StreamOp::Transcendental: return 8;
    case StreamOp::Copy: return 0;
    case StreamOp::Dropout: return 1;
  }
  return 1;
}

KernelCost gpu_stream_cost(const Kernel& kernel, const GpuRuntime& rt, const Gpu& gpu,
                           const Memory& memory) {
  const double bytes = static_cast<double>(kernel.bytes_read + kernel.bytes_written);
  const double memory_s = bytes / (memory.bandwidth_bytes_per_s * rt.stream_bandwidth_efficiency);
  const double lanes_per_s = static_cast<double>(gpu.sm_count) * gpu.fp32_lanes_per_sm * gpu.clock_hz;
  const double compute_s = kernel.elements * gpu_ops_per_element(kernel.op) / lanes_per_s;
  KernelCost cost;
  cost.dram_bytes = bytes * kernel.launches;
  const double body = std::max(memory_s, compute_s);
  const double gaps = kernel.gpu_kernels_per_call * rt.kernel_launch_s;
  cost.seconds = kernel.launches * (body + gaps);
  cost.bound = gaps > body ? Bound::Overhead
               : memory_s > compute_s  ? Bound::Memory
                                       : Bound::Compute;
  return cost;
}

}  // namespace augur
