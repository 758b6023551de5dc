// Derived hardware quantities.
#include "sim/hwdesc/derived.h"

namespace augur {

double cpu_flops_per_cycle_per_core(const CpuCluster& cpu) {
  return cpu.simd_width_bits / 32.0 * cpu.simd_fma_per_cycle * 2.0;
}

double cpu_peak_flops(const CpuCluster& cpu) {
  return cpu.cores * cpu.clock_hz * cpu_flops_per_cycle_per_core(cpu);
}

double gpu_peak_flops_fp32(const Gpu& gpu) {
  return static_cast<double>(gpu.sm_count) * gpu.fp32_lanes_per_sm * 2.0 * gpu.clock_hz;
}

double gpu_peak_flops_fp16(const Gpu& gpu) {
  return static_cast<double>(gpu.sm_count) * gpu.fp16_lanes_per_sm * 2.0 * gpu.clock_hz;
}

double dram_peak_bandwidth(int bus_width_bits, double data_rate_transfers_per_s) {
  return bus_width_bits / 8.0 * data_rate_transfers_per_s;
}

double bytes_per_cycle(double bandwidth_bytes_per_s, double clock_hz) {
  return bandwidth_bytes_per_s / clock_hz;
}

double systolic_peak_macs_per_s(const SystolicArray& array) {
  return static_cast<double>(array.rows) * array.cols * array.clock_hz;
}

std::vector<DerivedValue> derived_values(const Platform& p) {
  const double bw = p.memory.bandwidth_bytes_per_s;
  std::vector<DerivedValue> out;
  for (const auto& proc : p.processors) {
    const std::string n = proc.name + ".";
    if (const auto* cpu = proc.as<CpuCluster>()) {
      out.push_back({n + "flops_per_cycle_per_core", cpu_flops_per_cycle_per_core(*cpu), "FLOP/cycle",
                     "simd_width / 32 × simd_fma_per_cycle × 2"});
      out.push_back({n + "peak_gflops_fp32", cpu_peak_flops(*cpu) / 1e9, "GFLOP/s",
                     "cores × clock × flops_per_cycle_per_core"});
      out.push_back({n + "dram_bytes_per_cycle", bytes_per_cycle(bw, cpu->clock_hz), "B/cycle",
                     "memory.bandwidth / " + n + "clock"});
    } else if (const auto* gpu = proc.as<Gpu>()) {
      out.push_back({n + "peak_gflops_fp32", gpu_peak_flops_fp32(*gpu) / 1e9, "GFLOP/s",
                     "sm_count × fp32_lanes_per_sm × 2 × clock"});
      out.push_back({n + "peak_gflops_fp16", gpu_peak_flops_fp16(*gpu) / 1e9, "GFLOP/s",
                     "sm_count × fp16_lanes_per_sm × 2 × clock"});
      out.push_back({n + "dram_bytes_per_cycle", bytes_per_cycle(bw, gpu->clock_hz), "B/cycle",
                     "memory.bandwidth / " + n + "clock"});
    } else if (const auto* array = proc.as<SystolicArray>()) {
      out.push_back({n + "peak_gmacs", systolic_peak_macs_per_s(*array) / 1e9, "GMAC/s",
                     "rows × cols × clock"});
      out.push_back({n + "dram_bytes_per_cycle", bytes_per_cycle(bw, array->clock_hz), "B/cycle",
                     "memory.bandwidth / " + n + "clock"});
    }
  }
  out.push_back({"memory.peak_bandwidth_gbs", bw / 1e9, "GB/s", "memory.bandwidth"});
  return out;
}

}  // namespace augur
