// The memory accesses of tiled GEMMs, in the order the kernels make them, fed to any cache with
// access_range(address, bytes, write, write_full_lines_without_fill) (SetAssociativeCache; the
// test-only reference cache). cache_replay.cpp counts their DRAM bytes.
#pragma once

#include <algorithm>
#include <cstdint>

#include "sim/hwdesc/runtime.h"
#include "sim/lower/gemm_shape.h"

namespace augur::gemm_streams {

// Disjoint address regions for the operands (1 TiB apart: no aliasing of sets by accident
// beyond what the real layouts would have).
inline constexpr std::uint64_t kRegionA = 0, kRegionB = 1ULL << 40, kRegionC = 2ULL << 40;
inline constexpr std::uint64_t kRegionPackA = 3ULL << 40, kRegionPackB = 4ULL << 40;

// The Goto loop nest of one CPU GEMM call with blocking (mc, kc, nc): for each nc block of B and
// kc block of K, pack B (read B, write the packed block), for each mc block of A pack A, then the
// macro-kernel reads the packed panels and reads/writes the C tile (written only at the first kc
// block). Column-major: A(m×k) column j at A + j·m; B(k×n) column j at B + j·k; C(m×n) at C + j·m.
template <class Cache>
void cpu_gemm(const GemmShape& s, std::int64_t mc_, std::int64_t kc_, std::int64_t nc_, Cache& cache) {
  const auto kF = static_cast<std::uint64_t>(s.element_bytes);
  const auto m = static_cast<std::uint64_t>(s.m), n = static_cast<std::uint64_t>(s.n), k = static_cast<std::uint64_t>(s.k);
  const auto nc = static_cast<std::uint64_t>(nc_), kc = static_cast<std::uint64_t>(kc_), mc = static_cast<std::uint64_t>(mc_);
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
}

// The wave schedule of one GPU GEMM with tile (tm, tn, tk) and `per_wave` = blocks per SM × SMs
// resident blocks: the row-major grid of blocks runs in waves of `per_wave`; each wave's blocks
// load their A row panel and B column panel k-step by k-step, interleaved; C is written, whole
// lines without a fill, at the end of each block.
template <class Cache>
void gpu_gemm(const GemmShape& s, const GpuGemmTile& t, std::uint64_t per_wave, Cache& cache) {
  const auto kF = static_cast<std::uint64_t>(s.element_bytes);
  const auto m = static_cast<std::uint64_t>(s.m), n = static_cast<std::uint64_t>(s.n), k = static_cast<std::uint64_t>(s.k);
  const auto tm = static_cast<std::uint64_t>(t.m), tn = static_cast<std::uint64_t>(t.n), tk = static_cast<std::uint64_t>(t.k);
  const std::uint64_t grid_rows = (m + tm - 1) / tm, grid_cols = (n + tn - 1) / tn;
  const std::uint64_t grid = grid_rows * grid_cols;
  for (std::uint64_t first = 0; first < grid; first += per_wave) {
    const std::uint64_t last = std::min(grid, first + per_wave);
    for (std::uint64_t p = 0; p < k; p += tk) {
      const std::uint64_t kb = std::min(tk, k - p);
      for (std::uint64_t b = first; b < last; ++b) {
        const std::uint64_t row = b / grid_cols, col = b % grid_cols;
        const std::uint64_t r0 = row * tm, rows = std::min(tm, m - r0);
        const std::uint64_t c0 = col * tn, cols = std::min(tn, n - c0);
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
      const std::uint64_t c0 = col * tn, cols = std::min(tn, n - c0);
      for (std::uint64_t j = 0; j < cols; ++j) {
        cache.access_range(kRegionC + ((c0 + j) * m + r0) * kF, rows * kF, true, true);
      }
    }
  }
}

}  // namespace augur::gemm_streams
