// Quantities derived from a platform's hardware facts (never typed into YAML): peak FLOP rates,
// peak DRAM bandwidth, bandwidth per cycle. Pure functions; formulas in docs/model.md.
#pragma once

#include <string>
#include <vector>

#include "sim/hwdesc/platform.h"

namespace augur {

// FP32 FLOP per cycle of one core = simd_width_bits / 32 × simd_fma_per_cycle × 2 [FLOP/cycle]
double cpu_flops_per_cycle_per_core(const CpuCluster& cpu);

// Peak FP32 FLOP/s of the cluster = cores × clock_hz × cpu_flops_per_cycle_per_core [FLOP/s]
double cpu_peak_flops(const CpuCluster& cpu);

// Peak FP32 FLOP/s of the GPU = sm_count × fp32_lanes_per_sm × 2 × clock_hz [FLOP/s]
double gpu_peak_flops_fp32(const Gpu& gpu);

// Peak FP16 FLOP/s of the GPU = sm_count × fp16_lanes_per_sm × 2 × clock_hz [FLOP/s]
double gpu_peak_flops_fp16(const Gpu& gpu);

// Peak multiply-accumulates per second of a systolic array = rows × cols × clock_hz [MAC/s]
double systolic_peak_macs_per_s(const SystolicArray& array);

// Peak DRAM bandwidth = bus_width_bits / 8 × data_rate [B/s]
double dram_peak_bandwidth(int bus_width_bits, double data_rate_transfers_per_s);

// Bandwidth seen per cycle of a clock = bandwidth / clock [B/cycle]
double bytes_per_cycle(double bandwidth_bytes_per_s, double clock_hz);

// One derived value for display: where it belongs, its value in `unit`, and its formula.
struct DerivedValue {
  std::string path;  // e.g. "cpu.peak_gflops_fp32"
  double value;
  std::string unit;
  std::string formula;
};

// All derived values of a platform, in display order.
std::vector<DerivedValue> derived_values(const Platform& platform);

}  // namespace augur
