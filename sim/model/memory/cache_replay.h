// Replays the memory accesses of tiled kernels through the cache simulator to count the bytes
// that cross to DRAM: the check of (and alternative to) the analytic traffic formulas.
#pragma once

#include <cstdint>

#include "sim/hwdesc/platform.h"
#include "sim/hwdesc/runtime.h"
#include "sim/lower/gemm_shape.h"

namespace augur {

// What one replay counted through the cache (after the final flush).
struct ReplayCounts {
  std::uint64_t accesses = 0;    // line accesses
  std::uint64_t fills = 0;       // lines read from DRAM
  std::uint64_t writebacks = 0;  // dirty lines written to DRAM
  double dram_bytes = 0;         // (fills + writebacks) · line, bytes
};

// The Goto loop nest of one CPU GEMM call through the shared L2 (gemm_streams::cpu_gemm with the
// runtime's mc, kc, nc). Returns fills + writebacks in bytes, after a final flush. Replays of
// equal shapes, blockings and caches are computed once (replay_memo.h).
double simulated_cpu_gemm_dram_bytes(const GemmShape& shape, const CpuRuntime& rt, const CacheSpec& l2);

// The wave schedule of one GPU GEMM through the GPU L2 (gemm_streams::gpu_gemm): waves of
// max(blocks_per_sm, 1) · sm_count blocks; each wave's blocks load their A row panel and B column
// panel k-step by k-step, interleaved; C is written at the end of each block. Memoized likewise.
double simulated_gpu_gemm_dram_bytes(const GemmShape& shape, const GpuGemmTile& tile,
                                     int blocks_per_sm, const Gpu& gpu);

// The replays themselves, not memoized, with the set indexing to use (the models use hashed).
ReplayCounts replay_cpu_gemm(const GemmShape& shape, const CpuRuntime& rt, const CacheSpec& l2,
                             bool hashed_sets = true);
ReplayCounts replay_gpu_gemm(const GemmShape& shape, const GpuGemmTile& tile, int blocks_per_sm,
                             const Gpu& gpu, bool hashed_sets = true);

}  // namespace augur
