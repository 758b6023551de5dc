// GPU streaming kernels (im2col, bias, ReLU, pooling, LRN, BatchNorm, ...): bandwidth-bound at
// the runtime's streaming efficiency, or issue-bound on the FP32 lanes, plus a launch gap each.
#pragma once

#include "sim/hwdesc/platform.h"
#include "sim/hwdesc/runtime.h"
#include "sim/lower/kernel.h"
#include "sim/model/kernel_cost.h"

namespace augur {

// Instructions per element of each class, from the runtime (docs/model.md).
double gpu_ops_per_element(StreamOp op, const GpuRuntime& rt);

// Bytes a streaming call moves over DRAM within its own run, the rest served by the write-back
// L2 of capacity C = gpu.l2.size (docs/model.md, "L2 residency"):
//   reads:  max(0, read − C) when the call reads what the kernel before it wrote (a single call,
//           or a per-image bias pass over the GEMM output just written), else all of them;
//   writes: max(0, written − C): up to C dirty bytes drain to DRAM in the gap before the next
//           kernel (launch and synchronisation, tens of µs; C / bandwidth is ~12 µs on the TX1).
struct L2ResidentTraffic {
  double read_from_dram = 0;     // bytes, within the call's time
  double written_in_call = 0;    // bytes written back to DRAM within the call's time
  double written_later = 0;      // bytes drained after the call (still DRAM traffic)
};
L2ResidentTraffic l2_resident_traffic(double read, double written, bool reads_last_write, const Gpu& gpu);

//   per call: max(bytes / (bandwidth · stream_efficiency),
//                 elements · ops / (sm_count · fp32_lanes · clock)) + kernels_per_call · kernel_launch,
//   bytes = read_from_dram + written_in_call (l2_resident_traffic),
//   stream_efficiency = kernels.stream_bandwidth_efficiency; of a layer library's own kernel
//   (Kernel::library_stream) min(1, that · kernels.library_stream_factor); of a bias pass (a
//   library call) gemm.gemv_bandwidth_efficiency
KernelCost gpu_stream_cost(const Kernel& kernel, const GpuRuntime& rt, const Gpu& gpu,
                           const Memory& memory);

}  // namespace augur
