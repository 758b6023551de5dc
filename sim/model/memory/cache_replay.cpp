// Access-stream replays of tiled GEMMs.
#include "sim/model/memory/cache_replay.h"

#include <algorithm>

#include "sim/core/error.h"
#include "sim/model/memory/cache_sim.h"

namespace augur {
namespace {


// Disjoint address regions for the operands (1 TiB apart: no aliasing of sets by accident
// beyond what the real layouts would have).
constexpr std::uint64_t kRegionA = 0, kRegionB = 1ULL << 40, kRegionC = 2ULL << 40;
constexpr std::uint64_t kRegionPackA = 3ULL << 40, kRegionPackB = 4ULL << 40;

void check_replay_size(const GemmShape& s) {
  // A replay touches about (m·k + k·n + m·n) · element bytes / line lines per pass; refuse what would take
  // minutes rather than seconds.
  constexpr double kMaxElements = 4e9;
  const double elements = static_cast<double>(s.m) * s.k + static_cast<double>(s.k) * s.n +
                          static_cast<double>(s.m) * s.n;
  if (elements > kMaxElements) {
    throw UserError("the cache simulator: a GEMM of " + std::to_string(s.m) + "x" + std::to_string(s.n) +
                    "x" + std::to_string(s.k) + " is too large to replay (use the analytic cache model)");
  }
}

}  // namespace

double simulated_cpu_gemm_dram_bytes(const GemmShape& s, const CpuRuntime& rt, const CacheSpec& l2) {
  check_replay_size(s);
  const auto kF = static_cast<std::uint64_t>(s.element_bytes);
  SetAssociativeCache cache(l2);
  const std::uint64_t m = static_cast<std::uint64_t>(s.m), n = static_cast<std::uint64_t>(s.n),
                      k = static_cast<std::uint64_t>(s.k);
  const std::uint64_t nc = static_cast<std::uint64_t>(rt.nc), kc = static_cast<std::uint64_t>(rt.kc),
                      mc = static_cast<std::uint64_t>(rt.mc);
  // Column-major: A(m×k) column j at A + j·m; B(k×n) column j at B + j·k; C(m×n) at C + j·m.
  for (std::uint64_t jc = 0; jc < n; jc += nc) {
    const std::uint64_t nb = std::min(nc, n - jc);
    for (std::uint64_t pc = 0; pc < k; pc += kc) {
      const std::uint64_t kb = std::min(kc, k - pc);
      for (std::uint64_t j = 0; j < nb; ++j) {  // pack B(pc:pc+kb, jc:jc+nb)
        cache.access_range(kRegionB + ((jc + j) * k + pc) * kF, kb * kF, false);
      }
      cache.access_range(kRegionPackB, kb * nb * kF, true);
      for (std::uint64_t ic = 0; ic < m; ic += mc) {
        const std::uint64_t mb = std::min(mc, m - ic);
        for (std::uint64_t p = 0; p < kb; ++p) {  // pack A(ic:ic+mb, pc:pc+kb)
          cache.access_range(kRegionA + ((pc + p) * m + ic) * kF, mb * kF, false);
        }
        cache.access_range(kRegionPackA, mb * kb * kF, true);
        // Macro-kernel: the packed panels (in cache) and the C block, read-modify-write after
        // the first kc block (beta = 0 first).
        cache.access_range(kRegionPackA, mb * kb * kF, false);
        cache.access_range(kRegionPackB, kb * nb * kF, false);
        for (std::uint64_t j = 0; j < nb; ++j) {
          const std::uint64_t c = kRegionC + ((jc + j) * m + ic) * kF;
          if (pc > 0) cache.access_range(c, mb * kF, false);
          cache.access_range(c, mb * kF, true);
        }
      }
    }
  }
  cache.flush();
  return cache.traffic_bytes();
}

double simulated_gpu_gemm_dram_bytes(const GemmShape& s, const GpuGemmTile& t, int blocks_per_sm,
                                     const Gpu& gpu) {
  check_replay_size(s);
  const auto kF = static_cast<std::uint64_t>(s.element_bytes);
  SetAssociativeCache cache(gpu.l2);
  const std::uint64_t m = static_cast<std::uint64_t>(s.m), k = static_cast<std::uint64_t>(s.k);
  const std::uint64_t grid_rows = (static_cast<std::uint64_t>(s.m) + t.m - 1) / t.m;
  const std::uint64_t grid_cols = (static_cast<std::uint64_t>(s.n) + t.n - 1) / t.n;
  const std::uint64_t grid = grid_rows * grid_cols;
  const std::uint64_t per_wave = static_cast<std::uint64_t>(std::max(blocks_per_sm, 1)) * gpu.sm_count;
  const std::uint64_t tm = static_cast<std::uint64_t>(t.m), tn = static_cast<std::uint64_t>(t.n),
                      tk = static_cast<std::uint64_t>(t.k);
  for (std::uint64_t first = 0; first < grid; first += per_wave) {
    const std::uint64_t last = std::min(grid, first + per_wave);
    for (std::uint64_t p = 0; p < k; p += tk) {
      const std::uint64_t kb = std::min(tk, k - p);
      for (std::uint64_t b = first; b < last; ++b) {
        const std::uint64_t row = b / grid_cols, col = b % grid_cols;
        const std::uint64_t r0 = row * tm, rows = std::min(tm, m - r0);
        const std::uint64_t c0 = col * tn, cols = std::min(tn, static_cast<std::uint64_t>(s.n) - c0);
        for (std::uint64_t q = 0; q < kb; ++q) {  // A(r0:r0+rows, p+q), column-major
          cache.access_range(kRegionA + ((p + q) * m + r0) * kF, rows * kF, false);
        }
        for (std::uint64_t j = 0; j < cols; ++j) {  // B(p:p+kb, c0+j)
          cache.access_range(kRegionB + ((c0 + j) * k + p) * kF, kb * kF, false);
        }
      }
    }
    for (std::uint64_t b = first; b < last; ++b) {  // C tile
      const std::uint64_t row = b / grid_cols, col = b % grid_cols;
      const std::uint64_t r0 = row * tm, rows = std::min(tm, m - r0);
      const std::uint64_t c0 = col * tn, cols = std::min(tn, static_cast<std::uint64_t>(s.n) - c0);
      for (std::uint64_t j = 0; j < cols; ++j) {
        cache.access_range(kRegionC + ((c0 + j) * m + r0) * kF, rows * kF, true, true);
      }
    }
  }
  cache.flush();
  return cache.traffic_bytes();
}

}  // namespace augur
