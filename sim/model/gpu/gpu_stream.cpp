// GPU streaming kernels.
#include "sim/model/gpu/gpu_stream.h"

#include <algorithm>

#include "sim/model/gpu/window_traffic.h"

namespace augur {

double gpu_ops_per_element(StreamOp op, const GpuRuntime& rt) {
  const auto& o = rt.ops;
  switch (op) {
    case StreamOp::Im2col: return o.im2col;
    case StreamOp::Bias: return o.bias;
    case StreamOp::Relu: return o.relu;
    case StreamOp::Pool: return o.pool;
    case StreamOp::Lrn: return o.lrn;
    case StreamOp::BatchNorm: return o.batchnorm;
    case StreamOp::Scale: return o.scale;
    case StreamOp::Eltwise: return o.eltwise;
    case StreamOp::Softmax: return o.softmax;
    case StreamOp::Transcendental: return o.transcendental;
    case StreamOp::Copy: return o.copy;
    case StreamOp::Dropout: return o.dropout;
    case StreamOp::Transform: return o.transform;
  }
  return 1;
}

L2ResidentTraffic l2_resident_traffic(double read, double written, bool reads_last_write, const Gpu& gpu) {
  const double capacity = static_cast<double>(gpu.l2.size_bytes);
  L2ResidentTraffic t;
  t.read_from_dram = reads_last_write ? std::max(0.0, read - capacity) : read;
  t.written_in_call = std::max(0.0, written - capacity);
  t.written_later = written - t.written_in_call;
  return t;
}

KernelCost gpu_stream_cost(const Kernel& kernel, const GpuRuntime& rt, const Gpu& gpu,
                           const Memory& memory) {
  // A window kernel reads what its warps' sectors cover (window_traffic.h), at least its input.
  const double read = kernel.window ? std::max(static_cast<double>(kernel.bytes_read),
                                               window_read_traffic(*kernel.window, kernel.outputs,
                                                                   element_bytes(kernel.data_type), gpu).bytes)
                                    : static_cast<double>(kernel.bytes_read);
  // A single call reads the previous kernel's output; of a per-image loop only the bias pass does
  // (the GEMM of the same image wrote it), im2col reads an image the loop wrote long before.
  const bool reads_last_write = kernel.launches == 1 || kernel.op == StreamOp::Bias;
  const L2ResidentTraffic l2 = l2_resident_traffic(read, static_cast<double>(kernel.bytes_written), reads_last_write, gpu);
  const double bytes = l2.read_from_dram + l2.written_in_call;
  // A convolution's or inner product's bias pass is a library call (Caffe: a K = 1 cuBLAS SGEMM;
  // cuDNN: cudnnAddTensor) and streams at the library's share of DRAM peak, not the framework's.
  // The layer library's own kernels (cuDNN's activation, LRN, ...) stream at their own share.
  const double efficiency = kernel.op == StreamOp::Bias ? rt.gemv_bandwidth_efficiency
                            : kernel.library_stream
                                ? std::min(1.0, rt.stream_bandwidth_efficiency * rt.library_stream_factor)
                                : rt.stream_bandwidth_efficiency;
  const double memory_s = bytes / (memory.bandwidth_bytes_per_s * efficiency);
  const double lanes_per_s = static_cast<double>(gpu.sm_count) * gpu.fp32_lanes_per_sm * gpu.clock_hz;
  const double compute_s = kernel.elements * gpu_ops_per_element(kernel.op, rt) / lanes_per_s;
  KernelCost cost;
  cost.dram_bytes = (bytes + l2.written_later) * kernel.launches;
  const double body = std::max(memory_s, compute_s);
  const double gaps = kernel.gpu_kernels_per_call * rt.kernel_launch_s;
  cost.seconds = kernel.launches * (body + gaps);
  cost.compute_seconds = kernel.launches * compute_s;
  cost.memory_seconds = kernel.launches * memory_s;
  cost.overhead_seconds = kernel.launches * gaps;
  cost.cycles = cost.compute_seconds * gpu.clock_hz;
  cost.stall_cycles = kernel.launches * std::max(0.0, memory_s - compute_s) * gpu.clock_hz;
  cost.traffic.add("dram", cost.dram_bytes);
  cost.bound = gaps > body ? Bound::Overhead
               : memory_s > compute_s  ? Bound::Memory
                                       : Bound::Compute;
  return cost;
}

}  // namespace augur
