// CPU GEMM / GEMV cost of a Goto/BLIS-blocked BLAS (OpenBLAS, BLIS) on a cluster of cores.
// Formulas and symbols: docs/model.md, "CPU GEMM".
#pragma once

#include <cstdint>

#include "sim/hwdesc/platform.h"
#include "sim/lower/gemm_shape.h"
#include "sim/hwdesc/runtime.h"
#include "sim/model/kernel_cost.h"

namespace augur {

// Bytes between DRAM and the shared L2 for one C(m×n) = A(m×k)·B(k×n) call with Goto blocking:
//   A: m·k·e per nc-block of B when A does not stay in L2 (ceil(n/nc) passes), else once;
//   B: k·n·e once (packed block by block);
//   C: m·n·e filled (write-allocate) and written back once when C stays in half the L2, else per
//      kc block (2·ceil(k/kc));
//   packed blocks: min(m,mc)·min(k,kc)·e + min(k,kc)·min(n,nc)·e written back once;
//   plus the refetches of cpu_gemm_refetch_bytes.
double cpu_gemm_dram_bytes(const GemmShape& s, const CpuRuntime& rt, const CacheSpec& l2, int threads = 1);

// When the packed A blocks of the T threads (T·min(m,mc)·min(k,kc)·e) do not fit in half the L2,
// the blocked working set no longer fits: every A micro-panel is fetched from DRAM again for every
// B micro-panel, ⌈n/nr⌉ passes of A instead of ⌈n/nc⌉:
//   refetch = m·k·e·(⌈n/nr⌉ − ⌈n/nc⌉), else 0.
// These loads miss inside the micro-kernel, so their transfer adds to the compute time instead of
// overlapping with it.
double cpu_gemm_refetch_bytes(const GemmShape& s, const CpuRuntime& rt, const CacheSpec& l2, int threads);

// Bytes one core packs per cycle from a transposed operand (InnerProduct's weights, which it reads
// once, from DRAM): the runtime's pack_transposed_bytes_per_cycle, or, when that is 0, the rate at
// which one core streams a matrix it reads once, gemv_bytes_per_cycle (the same weights at batch 1).
double cpu_transposed_pack_bytes_per_cycle(const CpuRuntime& rt);

// What the BLAS library runs on this core unless its runtime pins it (a library tuned per target
// follows the core): threads = the cluster's cores, SIMD lanes = simd_width / 32, FMA
// instructions per cycle = the core's simd_fma_per_cycle.
int cpu_blas_threads(const CpuRuntime& rt, const CpuCluster& cpu);
int cpu_kernel_simd_lanes(const CpuRuntime& rt, const CpuCluster& cpu);
double cpu_kernel_fma_per_cycle(const CpuRuntime& rt, const CpuCluster& cpu);

// Multiply-accumulates per cycle of one core in the micro-kernel. Per k step an mr×nr micro-tile
// issues mr·nr/lanes FMA instructions and loads (mr + nr)/lanes vectors of A and B:
//   MACs/cycle = mr·nr / max(FMAs / fma_per_cycle, loads / loads_per_cycle) · kernel_efficiency
double cpu_micro_kernel_macs_per_cycle(const CpuRuntime& rt, const CpuCluster& cpu);

// Whether the library runs a call C(m×n) += A(m×k)·B(k×n) on one thread: the cluster gives it one,
// or m·n·k ≤ single_thread_max_macs (OpenBLAS interface/gemm.c), or m or n < switch_ratio · threads
// (OpenBLAS level3_thread.c: a thin call is not split).
bool cpu_blas_call_single_threaded(std::int64_t m, std::int64_t n, std::int64_t k, const CpuRuntime& rt,
                                   const CpuCluster& cpu);

// Threads that get work: 1 for a single-threaded call, else min(threads, cores, micro-tile rows
// and columns available).
int cpu_gemm_threads(const GemmShape& s, const CpuRuntime& rt, const CpuCluster& cpu);

// One GEMM call:
//   compute = ceil(m/mr)·mr · ceil(n/nr)·nr · k / (micro-kernel MACs/cycle · T)          [cycles]
//   packing = A_packed / (pack rate of op(A) · T) + B_packed / (pack_bytes_per_cycle · T) [cycles]
//             (A_packed = m·k·e · ceil(n/nc), B_packed = k·n·e, e the element bytes; a transposed A,
//              a strided gather from DRAM, packs at min(cpu_transposed_pack_bytes_per_cycle · T,
//              pack_transposed_dram_efficiency · bandwidth / clock) in all)
//   time    = max((compute + packing) / clock, (dram_bytes − refetch) / bandwidth)
//             + refetch / bandwidth                                                       [s]
KernelCost cpu_gemm_cost(const GemmShape& s, const CpuRuntime& rt, const CpuCluster& cpu,
                         const Memory& memory, CacheModel cache_model = CacheModel::Analytic);

// y(m) = A(m×k)·x: A streamed once at gemv_bytes_per_cycle per thread, or the DRAM bandwidth:
//   time = (m·k + m + k)·e / min(gemv_threads · gemv_bytes_per_cycle · clock, bandwidth)
KernelCost cpu_gemv_cost(std::int64_t m, std::int64_t k, std::int64_t element_bytes, const CpuRuntime& rt,
                         const CpuCluster& cpu, const Memory& memory);

}  // namespace augur
