// GPU GEMM as a wave-level schedule of thread blocks: the library's tile configurations,
// occupancy, waves on the SMs with a partial last wave, per-wave L2/DRAM traffic, launch
// overheads. Formulas: docs/model.md, "GPU GEMM".
#pragma once

#include "sim/hwdesc/platform.h"
#include "sim/hwdesc/runtime.h"
#include "sim/lower/gemm_shape.h"
#include "sim/lower/kernel.h"
#include "sim/model/kernel_cost.h"

namespace augur {

struct GpuGemmPlan {
  int tile = -1;           // index into GpuRuntime::tiles; -1 when no tile fits the GPU
  int blocks_per_sm = 0;
  std::int64_t grid = 0;   // thread blocks
  std::int64_t waves = 0;
  double cycles = 0;       // GPU cycles of one launch, without the launch gap
  double compute_cycles = 0;  // of those, the waves' compute and block launches (stalls excluded)
  double memory_cycles = 0;   // the waves' DRAM transfer terms alone
  double dram_bytes = 0;
  Bound bound = Bound::Compute;
};

// One tile configuration for C(m×n) = A(m×k)·B(k×n):
//   per wave w with b_w blocks: compute = ceil(b_w / sm_count) · tm·tn·k / (f · u),
//   f = tile_fma_per_sm_cycle (gemm_main_loop.h: the tile's instruction mix and shared-memory
//       demand; an algorithm's kernels: its efficiency; half2 fp16: two FMAs per instruction),
//   u = min(1, warps resident on the SM / warp schedulers) (an idle scheduler issues nothing),
//   memory = wave DRAM bytes / (bandwidth · efficiency / clock), wave = max(compute, memory) +
//   block launch (efficiency: the library's achievable share of DRAM peak, as for GEMV);
//   DRAM bytes of a wave: the A rows and B columns its blocks touch (k·e each, clipped at the
//   matrix edges), or its share (blocks / grid) of A + B when both fit in L2, plus its share of
//   C (m·n·e, written once).
// With CacheModel::Simulate the total DRAM bytes come from replaying the blocks' accesses
// through the L2 simulator, spread over the waves in proportion to the analytic per-wave bytes.
GpuGemmPlan gpu_gemm_plan(const GemmShape& s, int tile, const GpuRuntime& rt, const Gpu& gpu,
                          const Memory& memory, CacheModel cache_model = CacheModel::Analytic);

// The shape a GEMM kernel has on this runtime: the runtime's algorithm_efficiency as its rate when a
// convolution algorithm lowered it, and a BLAS call unless that algorithm runs its own kernels
// (only Caffe's im2col_gemm calls the BLAS library).
GemmShape gpu_gemm_shape(const Kernel& k, const GpuRuntime& rt);

// Whether the library runs `s` with its small-n kernel rather than its tiles: a BLAS call with
// n ≤ the runtime's small_n max_n. The CK TX1 records show the same ~20 GFMA/s for an InnerProduct
// at batch 4-16 (transposed A) and for SqueezeNet's 1×1 convolutions with 16 outputs (n = 16, A
// not transposed), where the tiles (n padded to 32) predicted 1.5-2× too fast.
bool runs_small_n_kernel(const GemmShape& s, const GpuRuntime& rt);

// The library's small-n kernel for a BLAS call with n ≤ small_n max_n (an InnerProduct at a small
// batch, a 1×1 convolution with few output channels; either operand layout): A, B and C
// streamed once at the GEMV rate, the m·n·k FMAs at min(fp32 lanes, schedulers · warp size ·
// small_n_ffma_fraction · relative_rate) per SM per cycle (half2 fp16: twice that, up to the fp16
// lanes, as for the tiles): max of the two + the launch gap, per launch.
KernelCost gpu_small_n_cost(const GemmShape& s, std::int64_t launches, const GpuRuntime& rt, const Gpu& gpu,
                            const Memory& memory);

// The tile the runtime's tile_selection picks when every tile's plan is computed with
// `plans_from` (-1 when none fits the GPU). gpu_gemm_cost picks with Analytic; Simulate (every
// tile replayed through the L2 simulator) is what it did before and is kept to compare the picks.
int gpu_gemm_pick_tile(const GemmShape& s, const GpuRuntime& rt, const Gpu& gpu, const Memory& memory,
                       CacheModel plans_from);

// The tile configuration the runtime picks (gpu_gemm_pick_tile on the analytic plans), times the
// launches, plus one kernel-launch gap per launch (the small-n kernel instead for a BLAS call
// with n ≤ the runtime's small_n max_n). With CacheModel::Simulate only the picked tile's
// accesses are replayed, and its DRAM bytes (and so its time) come from the replay.
KernelCost gpu_gemm_cost(const GemmShape& s, std::int64_t launches, const GpuRuntime& rt,
                         const Gpu& gpu, const Memory& memory,
                         CacheModel cache_model = CacheModel::Analytic);

// y(m) = A(m×k)·x: launch gap + (m·k + m + k)·e / (bandwidth · gemv_bandwidth_efficiency), e the
// element bytes.
KernelCost gpu_gemv_cost(std::int64_t m, std::int64_t k, std::int64_t element_bytes, const GpuRuntime& rt,
                         const Memory& memory);

}  // namespace augur
