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

//   per call: max(bytes / (bandwidth · stream_efficiency),
//                 elements · ops / (sm_count · fp32_lanes · clock)) + kernels_per_call · kernel_launch
KernelCost gpu_stream_cost(const Kernel& kernel, const GpuRuntime& rt, const Gpu& gpu,
                           const Memory& memory);

}  // namespace augur
