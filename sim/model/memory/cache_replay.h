// Replays the memory accesses of tiled kernels through the cache simulator to count the bytes
// that cross to DRAM: the check of (and alternative to) the analytic traffic formulas.
#pragma once

#include "sim/hwdesc/platform.h"
#include "sim/hwdesc/runtime.h"
#include "sim/lower/gemm_shape.h"

namespace augur {

// The Goto loop nest of one CPU GEMM call through the shared L2: for each nc block of B and kc
// block of K, pack B (read B, write the packed block), for each mc block of A pack A, then the
// macro-kernel reads the packed panels and reads/writes the C tile (written only at the first
// kc block). Returns fills + writebacks in bytes, after a final flush.
double simulated_cpu_gemm_dram_bytes(const GemmShape& shape, const CpuRuntime& rt, const CacheSpec& l2);

// The wave schedule of one GPU GEMM through the GPU L2: each wave's blocks load their A row
// panel and B column panel k-step by k-step, interleaved; C is written at the end of each block.
double simulated_gpu_gemm_dram_bytes(const GemmShape& shape, const GpuGemmTile& tile,
                                     int blocks_per_sm, const Gpu& gpu);

}  // namespace augur
