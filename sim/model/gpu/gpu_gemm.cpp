// Wave-level GPU GEMM model.
#include "sim/model/gpu/gpu_gemm.h"

#include <algorithm>
#include <limits>

#include "sim/model/gpu/gemm_main_loop.h"
#include "sim/model/gpu/occupancy.h"
#include "sim/model/memory/cache_replay.h"

namespace augur {
namespace {

std::int64_t ceil_div(std::int64_t a, std::int64_t b) { return (a + b - 1) / b; }

// DRAM bytes of the A row panels and B column panels touched by `blocks` consecutive blocks of a
// row-major grid `grid_cols` wide, starting at block `first`.
double wave_panel_bytes(std::int64_t first, std::int64_t blocks, std::int64_t grid_cols,
                        const GpuGemmTile& t, const GemmShape& s) {
  const std::int64_t first_row = first / grid_cols;
  const std::int64_t last_row = (first + blocks - 1) / grid_cols;
  // Rows of A and columns of B the wave's blocks touch, clipped at the matrix edges.
  const std::int64_t rows = std::min(s.m - first_row * t.m, (last_row - first_row + 1) * t.m);
  const std::int64_t cols = std::min(s.n, std::min(blocks, grid_cols) * t.n);
  return static_cast<double>(s.element_bytes) * s.k * (static_cast<double>(rows) + static_cast<double>(cols));
}

}  // namespace

namespace {

// FMAs per SM per cycle of the small-n kernel when `issued` FMA instructions issue per SM per cycle:
// capped by the fp32 lanes, or for an fp16 GEMM of a half2 runtime on a GPU with fp16 lanes, two
// FMAs per instruction capped by the fp16 lanes (as the tiles' main loop, gemm_main_loop.h).
double fmas_per_sm_cycle(double issued, const GemmShape& s, const GpuRuntime& rt, const Gpu& gpu) {
  if (paired_half2(s.element_bytes, rt, gpu)) {
    return std::min<double>(gpu.fp16_lanes_per_sm, 2.0 * issued);
  }
  return std::min<double>(gpu.fp32_lanes_per_sm, issued);
}

}  // namespace

GpuGemmPlan gpu_gemm_plan_scaled(const GemmShape& s, int tile, const GpuRuntime& rt, const Gpu& gpu,
                                 const Memory& memory, double traffic_scale);

GpuGemmPlan gpu_gemm_plan(const GemmShape& s, int tile, const GpuRuntime& rt, const Gpu& gpu,
                          const Memory& memory, CacheModel cache_model) {
  if (cache_model == CacheModel::Simulate) {
    const GpuGemmPlan analytic = gpu_gemm_plan(s, tile, rt, gpu, memory, CacheModel::Analytic);
    if (analytic.tile < 0 || analytic.dram_bytes <= 0) return analytic;
    const double simulated = simulated_gpu_gemm_dram_bytes(
        s, rt.tiles[static_cast<size_t>(tile)], analytic.blocks_per_sm, gpu);
    return gpu_gemm_plan_scaled(s, tile, rt, gpu, memory, simulated / analytic.dram_bytes);
  }
  return gpu_gemm_plan_scaled(s, tile, rt, gpu, memory, 1.0);
}

GpuGemmPlan gpu_gemm_plan_scaled(const GemmShape& s, int tile, const GpuRuntime& rt, const Gpu& gpu,
                                 const Memory& memory, double traffic_scale) {
  GpuGemmPlan plan;
  const double kF = static_cast<double>(s.element_bytes);
  const GpuGemmTile& t = rt.tiles[static_cast<size_t>(tile)];
  plan.blocks_per_sm = blocks_per_sm(t, gpu);
  if (plan.blocks_per_sm == 0) return plan;
  plan.tile = tile;
  const std::int64_t grid_cols = ceil_div(s.n, t.n);
  plan.grid = ceil_div(s.m, t.m) * grid_cols;
  const std::int64_t per_wave = static_cast<std::int64_t>(plan.blocks_per_sm) * gpu.sm_count;
  plan.waves = ceil_div(plan.grid, per_wave);
  const double block_fmas = static_cast<double>(t.m) * t.n * s.k;
  const double fmas_per_cycle = tile_fma_per_sm_cycle(t, s.element_bytes, s.relative_rate, rt, gpu);
  // The library's kernels stream operands at the same achievable share of DRAM peak as its GEMV.
  const double dram_per_cycle =
      memory.bandwidth_bytes_per_s * rt.gemv_bandwidth_efficiency / gpu.clock_hz;
  const double a_plus_b = kF * (static_cast<double>(s.m) * s.k + static_cast<double>(s.k) * s.n);
  const bool fits_l2 = a_plus_b <= static_cast<double>(gpu.l2.size_bytes);
  double compute_total = 0, memory_total = 0;
  // Full waves repeat: beyond kExactWaves the remaining full waves cost the mean of the ones
  // evaluated (bounded time for absurd grids); the last, partial wave is always evaluated.
  constexpr std::int64_t kExactWaves = 256;
  const std::int64_t full_waves = plan.grid / per_wave;
  const std::int64_t skipped = std::max<std::int64_t>(0, full_waves - kExactWaves);
  for (std::int64_t w = 0; w < plan.waves; ++w) {
    if (w == kExactWaves && skipped > 0) {
      const double scale = static_cast<double>(skipped) / kExactWaves;
      compute_total *= 1 + scale;
      memory_total *= 1 + scale;
      plan.cycles *= 1 + scale;
      plan.compute_cycles *= 1 + scale;
      plan.dram_bytes *= 1 + scale;
      w += skipped - 1;
      continue;
    }
    const std::int64_t first = w * per_wave;
    const std::int64_t blocks = std::min(per_wave, plan.grid - first);
    const double busiest_sm_blocks = static_cast<double>(ceil_div(blocks, gpu.sm_count));
    // A scheduler with no resident warp issues nothing: an SM holding fewer warps than it has
    // schedulers runs at warps / schedulers of its rate.
    const double warps = busiest_sm_blocks * ceil_div(t.threads, gpu.warp_size);
    const double scheduler_use = std::min(1.0, warps / gpu.warp_schedulers_per_sm);
    const double compute = busiest_sm_blocks * block_fmas / (fmas_per_cycle * scheduler_use);
    // Bytes loaded once (A + B when they fit in L2) and C's writes are spread over the waves by
    // their share of the blocks, so that every wave overlaps its memory with its compute.
    const double share = static_cast<double>(blocks) / static_cast<double>(plan.grid);
    const double c_bytes = kF * static_cast<double>(s.m) * s.n;
    const double bytes = traffic_scale * ((fits_l2 ? a_plus_b * share : wave_panel_bytes(first, blocks, grid_cols, t, s)) +
                                          c_bytes * share);
    const double mem = bytes / dram_per_cycle;
    plan.dram_bytes += bytes;
    compute_total += compute;
    memory_total += mem;
    plan.cycles += std::max(compute, mem) + rt.block_launch_cycles * busiest_sm_blocks;
    plan.compute_cycles += compute + rt.block_launch_cycles * busiest_sm_blocks;
  }
  plan.memory_cycles = memory_total;
  plan.bound = memory_total > compute_total ? Bound::Memory : Bound::Compute;
  return plan;
}

GemmShape gpu_gemm_shape(const Kernel& k, const GpuRuntime& rt) {
  GemmShape shape = gemm_shape(k);
  if (k.algorithm) {
    shape.relative_rate = rt.algorithm_efficiency[static_cast<size_t>(*k.algorithm)];
    shape.blas_call = *k.algorithm == ConvolutionLowering::Im2colGemm;
  }
  return shape;
}

bool runs_small_n_kernel(const GemmShape& s, const GpuRuntime& rt) { return s.blas_call && s.n <= rt.small_n_max_n; }

KernelCost gpu_small_n_cost(const GemmShape& s, std::int64_t launches, const GpuRuntime& rt, const Gpu& gpu,
                            const Memory& memory) {
  const double e = static_cast<double>(s.element_bytes);
  const double a_bytes = e * static_cast<double>(s.m) * static_cast<double>(s.k);
  const double bytes = a_bytes + e * (static_cast<double>(s.k) * s.n + static_cast<double>(s.m) * s.n);
  const double memory_s = bytes / (memory.bandwidth_bytes_per_s * rt.gemv_bandwidth_efficiency);
  const double issue = gpu.warp_schedulers_per_sm * gpu.warp_size * rt.small_n_ffma_fraction * s.relative_rate;
  const double fma_per_s = gpu.sm_count * gpu.clock_hz * fmas_per_sm_cycle(issue, s, rt, gpu);
  const double macs = static_cast<double>(s.m) * static_cast<double>(s.n) * static_cast<double>(s.k);
  const double compute_s = macs / fma_per_s;
  const double n = static_cast<double>(launches);
  KernelCost cost;
  cost.seconds = n * (std::max(memory_s, compute_s) + rt.kernel_launch_s);
  cost.dram_bytes = n * bytes;
  cost.bound = rt.kernel_launch_s > std::max(memory_s, compute_s) ? Bound::Overhead
               : memory_s > compute_s                            ? Bound::Memory
                                                                 : Bound::Compute;
  cost.detail = "small_n";
  cost.compute_seconds = n * compute_s;
  cost.memory_seconds = n * memory_s;
  cost.overhead_seconds = n * rt.kernel_launch_s;
  cost.cycles = cost.compute_seconds * gpu.clock_hz;
  cost.stall_cycles = n * std::max(0.0, memory_s - compute_s) * gpu.clock_hz;
  cost.traffic.add("dram", cost.dram_bytes);
  const double peak_macs_per_s = static_cast<double>(gpu.sm_count) * gpu.fp32_lanes_per_sm * gpu.clock_hz;
  cost.utilisation = n * macs / (peak_macs_per_s * cost.seconds);
  return cost;
}

namespace {

// The runtime's choice among the tiles' plans computed with `cache_model`: largest_filling (the
// least padded work, then the largest tile, among tiles whose grid gives every SM a block) or
// fastest; the fastest when no tile fills the SMs; tile -1 when none fits the GPU.
GpuGemmPlan chosen_plan(const GemmShape& s, const GpuRuntime& rt, const Gpu& gpu, const Memory& memory,
                        CacheModel cache_model) {
  GpuGemmPlan best;
  best.cycles = std::numeric_limits<double>::infinity();
  double best_padded = std::numeric_limits<double>::infinity(), best_area = 0;
  for (int i = 0; i < static_cast<int>(rt.tiles.size()); ++i) {
    const GpuGemmPlan p = gpu_gemm_plan(s, i, rt, gpu, memory, cache_model);
    if (p.tile < 0) continue;
    if (rt.selection == GpuRuntime::TileSelection::LargestFilling) {
      // Among tiles whose grid gives every SM a block: the least padded work, then the largest.
      const auto& t = rt.tiles[static_cast<size_t>(i)];
      const double padded = static_cast<double>(ceil_div(s.m, t.m) * t.m) *
                            static_cast<double>(ceil_div(s.n, t.n) * t.n);
      const double area = static_cast<double>(t.m) * t.n;
      const bool less_waste = padded < best_padded * (1 - 1e-9);
      const bool same_waste = !less_waste && padded <= best_padded * (1 + 1e-9);
      if (p.grid >= gpu.sm_count && (less_waste || (same_waste && area > best_area))) {
        best = p;
        best_padded = padded;
        best_area = area;
      }
    } else if (p.cycles < best.cycles) {
      best = p;
    }
  }
  if (best.tile < 0) {  // no tile fills the SMs: the fastest one
    for (int i = 0; i < static_cast<int>(rt.tiles.size()); ++i) {
      const GpuGemmPlan p = gpu_gemm_plan(s, i, rt, gpu, memory, cache_model);
      if (p.tile >= 0 && p.cycles < best.cycles) best = p;
    }
  }
  return best;
}

}  // namespace

int gpu_gemm_pick_tile(const GemmShape& s, const GpuRuntime& rt, const Gpu& gpu, const Memory& memory,
                       CacheModel plans_from) {
  return chosen_plan(s, rt, gpu, memory, plans_from).tile;
}

KernelCost gpu_gemm_cost(const GemmShape& s, std::int64_t launches, const GpuRuntime& rt,
                         const Gpu& gpu, const Memory& memory, CacheModel cache_model) {
  if (runs_small_n_kernel(s, rt)) return gpu_small_n_cost(s, launches, rt, gpu, memory);
  // The tile is chosen on the analytic plans; only that tile is replayed through the L2
  // simulator (tests/unit/test_tile_pick.cpp: where replaying every tile would choose another).
  GpuGemmPlan best = chosen_plan(s, rt, gpu, memory, CacheModel::Analytic);
  if (cache_model == CacheModel::Simulate && best.tile >= 0) {
    best = gpu_gemm_plan(s, best.tile, rt, gpu, memory, CacheModel::Simulate);
  }
  KernelCost cost;
  if (best.tile < 0) {
    cost.seconds = std::numeric_limits<double>::infinity();
    cost.detail = "no GEMM tile fits this GPU";
    return cost;
  }
  const double launch_s = best.cycles / gpu.clock_hz + rt.kernel_launch_s;
  cost.seconds = launches * launch_s;
  cost.dram_bytes = launches * best.dram_bytes;
  cost.bound = rt.kernel_launch_s > best.cycles / gpu.clock_hz ? Bound::Overhead : best.bound;
  cost.detail = rt.tiles[static_cast<size_t>(best.tile)].name;
  const double n = static_cast<double>(launches);
  cost.compute_seconds = n * best.compute_cycles / gpu.clock_hz;
  cost.memory_seconds = n * best.memory_cycles / gpu.clock_hz;
  cost.overhead_seconds = n * rt.kernel_launch_s;
  cost.cycles = n * best.compute_cycles;
  cost.stall_cycles = n * (best.cycles - best.compute_cycles);
  cost.traffic.add("dram", cost.dram_bytes);
  const double peak_macs_per_s = static_cast<double>(gpu.sm_count) * gpu.fp32_lanes_per_sm * gpu.clock_hz;
  cost.utilisation = n * static_cast<double>(s.m) * s.n * s.k / (peak_macs_per_s * cost.seconds);
  return cost;
}

KernelCost gpu_gemv_cost(std::int64_t m, std::int64_t k, std::int64_t element_bytes, const GpuRuntime& rt,
                         const Memory& memory) {
  const double kF = static_cast<double>(element_bytes);
  KernelCost cost;
  cost.dram_bytes = kF * (static_cast<double>(m) * k + m + k);
  const double memory_s =
      cost.dram_bytes / (memory.bandwidth_bytes_per_s * rt.gemv_bandwidth_efficiency);
  cost.seconds = memory_s + rt.kernel_launch_s;
  cost.bound = memory_s > rt.kernel_launch_s ? Bound::Memory : Bound::Overhead;
  cost.memory_seconds = memory_s;
  cost.overhead_seconds = rt.kernel_launch_s;
  cost.traffic.add("dram", cost.dram_bytes);
  return cost;
}

}  // namespace augur
