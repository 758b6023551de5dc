// Goto-blocked CPU GEMM and GEMV.
#include "sim/model/cpu/cpu_gemm.h"

#include <algorithm>
#include <cmath>

#include "sim/model/memory/cache_replay.h"

namespace augur {
namespace {

std::int64_t ceil_div(std::int64_t a, std::int64_t b) { return (a + b - 1) / b; }

}  // namespace

double cpu_gemm_dram_bytes(const GemmShape& s, const CpuRuntime& rt, const CacheSpec& l2, int threads) {
  const double kF = static_cast<double>(s.element_bytes);
  const double a = kF * s.m * s.k, b = kF * s.k * s.n, c = kF * s.m * s.n;
  const double l2_bytes = static_cast<double>(l2.size_bytes);
  const double a_passes = a <= l2_bytes / 2 ? 1.0 : static_cast<double>(ceil_div(s.n, rt.nc));
  // C: a write-allocate fill and a write-back, once if it stays in L2, else per kc block.
  const double c_passes = c <= l2_bytes / 2 ? 2.0 : 2.0 * ceil_div(s.k, rt.kc);
  // The packed blocks are dirty lines too: written back once each.
  const double packed = kF * std::min(s.m, std::int64_t{rt.mc}) * std::min(s.k, std::int64_t{rt.kc}) +
                        kF * std::min(s.k, std::int64_t{rt.kc}) * std::min(s.n, std::int64_t{rt.nc});
  return a * a_passes + b + c * c_passes + packed + cpu_gemm_refetch_bytes(s, rt, l2, threads);
}

double cpu_gemm_refetch_bytes(const GemmShape& s, const CpuRuntime& rt, const CacheSpec& l2, int threads) {
  const double kF = static_cast<double>(s.element_bytes);
  const double a = kF * s.m * s.k;
  const double half_l2 = static_cast<double>(l2.size_bytes) / 2;
  const double a_blocks = static_cast<double>(threads) * kF * static_cast<double>(std::min(s.m, std::int64_t{rt.mc})) *
                          static_cast<double>(std::min(s.k, std::int64_t{rt.kc}));
  if (a <= half_l2 || a_blocks <= half_l2) return 0.0;
  return a * static_cast<double>(ceil_div(s.n, rt.nr) - ceil_div(s.n, rt.nc));
}

double cpu_transposed_pack_bytes_per_cycle(const CpuRuntime& rt) {
  return rt.pack_transposed_bytes_per_cycle > 0 ? rt.pack_transposed_bytes_per_cycle : rt.gemv_bytes_per_cycle;
}

int cpu_blas_threads(const CpuRuntime& rt, const CpuCluster& cpu) {
  return rt.threads > 0 ? std::min(rt.threads, cpu.cores) : cpu.cores;
}

int cpu_kernel_simd_lanes(const CpuRuntime& rt, const CpuCluster& cpu) {
  return rt.simd_lanes > 0 ? rt.simd_lanes : std::max(1, cpu.simd_width_bits / 32);
}

double cpu_kernel_fma_per_cycle(const CpuRuntime& rt, const CpuCluster& cpu) {
  return rt.fma_per_cycle > 0 ? rt.fma_per_cycle : cpu.simd_fma_per_cycle;
}

double cpu_micro_kernel_macs_per_cycle(const CpuRuntime& rt, const CpuCluster& cpu) {
  const double lanes = cpu_kernel_simd_lanes(rt, cpu);
  const double fmas = static_cast<double>(rt.mr) * rt.nr / lanes;
  const double loads = static_cast<double>(rt.mr + rt.nr) / lanes;
  const double cycles = std::max(fmas / cpu_kernel_fma_per_cycle(rt, cpu), loads / cpu.loads_per_cycle);
  return static_cast<double>(rt.mr) * rt.nr / cycles * rt.kernel_efficiency;
}

bool cpu_blas_call_single_threaded(std::int64_t m, std::int64_t n, std::int64_t k, const CpuRuntime& rt,
                                   const CpuCluster& cpu) {
  const std::int64_t threads = cpu_blas_threads(rt, cpu);
  if (threads <= 1) return true;
  if (m * n * k <= rt.single_thread_max_macs) return true;
  return rt.switch_ratio > 0 && (m < rt.switch_ratio * threads || n < rt.switch_ratio * threads);
}

int cpu_gemm_threads(const GemmShape& s, const CpuRuntime& rt, const CpuCluster& cpu) {
  if (cpu_blas_call_single_threaded(s.m, s.n, s.k, rt, cpu)) return 1;
  const std::int64_t units = std::max(ceil_div(s.m, rt.mr), ceil_div(s.n, rt.nr));
  return static_cast<int>(std::max<std::int64_t>(1, std::min<std::int64_t>(cpu_blas_threads(rt, cpu), units)));
}

KernelCost cpu_gemm_cost(const GemmShape& s, const CpuRuntime& rt, const CpuCluster& cpu,
                         const Memory& memory, CacheModel cache_model) {
  const double kF = static_cast<double>(s.element_bytes);
  const int threads = cpu_gemm_threads(s, rt, cpu);
  const double padded_macs = static_cast<double>(ceil_div(s.m, rt.mr) * rt.mr) *
                             static_cast<double>(ceil_div(s.n, rt.nr) * rt.nr) * s.k;
  const double macs_per_cycle = cpu_micro_kernel_macs_per_cycle(rt, cpu) * threads;
  const double compute_cycles = padded_macs / macs_per_cycle;
  const double a_packed = kF * s.m * s.k * ceil_div(s.n, rt.nc);
  const double b_packed = kF * s.k * s.n;
  // Packing rates of all threads together, bytes/cycle; a transposed A's strided reads are capped by
  // the DRAM rate they reach (pack_transposed_dram_efficiency · B / f).
  const double b_rate = rt.pack_bytes_per_cycle * threads;
  const double a_rate = s.a_transposed
                            ? std::min(cpu_transposed_pack_bytes_per_cycle(rt) * threads,
                                       rt.pack_transposed_dram_efficiency * memory.bandwidth_bytes_per_s / cpu.clock_hz)
                            : b_rate;
  const double pack_cycles = a_packed / a_rate + b_packed / b_rate;
  KernelCost cost;
  cost.dram_bytes = cache_model == CacheModel::Simulate ? simulated_cpu_gemm_dram_bytes(s, rt, cpu.l2)
                                                        : cpu_gemm_dram_bytes(s, rt, cpu.l2, threads);
  const double core_s = (compute_cycles + pack_cycles) / cpu.clock_hz;
  const double memory_s = cost.dram_bytes / memory.bandwidth_bytes_per_s;
  const double refetch_s = cache_model == CacheModel::Simulate
                               ? 0.0
                               : cpu_gemm_refetch_bytes(s, rt, cpu.l2, threads) / memory.bandwidth_bytes_per_s;
  cost.seconds = std::max(core_s, memory_s - refetch_s) + refetch_s;
  cost.bound = memory_s > core_s ? Bound::Memory : Bound::Compute;
  cost.compute_seconds = core_s;
  cost.memory_seconds = memory_s;
  cost.cycles = compute_cycles + pack_cycles;
  cost.stall_cycles = (cost.seconds - core_s) * cpu.clock_hz;
  cost.traffic.add("dram", cost.dram_bytes);
  const double peak_macs_per_s = cpu.cores * cpu.clock_hz * cpu.simd_width_bits / 32.0 * cpu.simd_fma_per_cycle;
  cost.utilisation = static_cast<double>(s.m) * s.n * s.k / (peak_macs_per_s * cost.seconds);
  return cost;
}

KernelCost cpu_gemv_cost(std::int64_t m, std::int64_t k, std::int64_t element_bytes, const CpuRuntime& rt,
                         const CpuCluster& cpu, const Memory& memory) {
  const double kF = static_cast<double>(element_bytes);
  KernelCost cost;
  cost.dram_bytes = kF * m * k + kF * (m + k);
  const int threads = std::min(rt.gemv_threads, cpu.cores);
  const double core_rate = threads * rt.gemv_bytes_per_cycle * cpu.clock_hz;
  const double rate = std::min(core_rate, memory.bandwidth_bytes_per_s);
  cost.seconds = cost.dram_bytes / rate;
  cost.bound = Bound::Memory;
  cost.compute_seconds = cost.dram_bytes / core_rate;
  cost.memory_seconds = cost.dram_bytes / memory.bandwidth_bytes_per_s;
  cost.cycles = cost.compute_seconds * cpu.clock_hz;
  cost.stall_cycles = std::max(0.0, cost.seconds - cost.compute_seconds) * cpu.clock_hz;
  cost.traffic.add("dram", cost.dram_bytes);
  return cost;
}

}  // namespace augur
