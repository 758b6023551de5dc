// The framework's own CPU loops (im2col, ReLU, pooling, LRN, ...): issue-bound at the loop's
// cycles per element on `threads` cores, or bandwidth-bound on DRAM, whichever is slower.
#pragma once

#include "sim/hwdesc/platform.h"
#include "sim/hwdesc/runtime.h"
#include "sim/lower/kernel.h"
#include "sim/model/kernel_cost.h"

namespace augur {

// Cycles per element of a loop class in this runtime.
double cpu_cycles_per_element(StreamOp op, const CpuRuntime& rt);

//   time = launches · max((elements · cycles_per_element [+ outputs · pool_output]) / (clock · T),
//                         bytes / bandwidth)
// where T = the framework's loop threads (bias uses the BLAS threads: Caffe adds it by GEMM).
KernelCost cpu_stream_cost(const Kernel& kernel, const CpuRuntime& rt, const CpuCluster& cpu,
                           const Memory& memory);

}  // namespace augur
