// The resolved hardware platform as plain structs: what the cost models see. No YAML, no
// provenance, no strings beyond names. Units are in the field names.
#pragma once

#include <cstdint>
#include <string>

namespace augur {

struct CacheSpec {
  std::int64_t size_bytes = 0;
  int associativity = 0;  // 0 where the description does not give it (GPU L1)
  std::int64_t line_bytes = 0;
  double latency_cycles = 0;  // cycles of the clock of the processor that owns the cache
};

struct CpuCluster {
  std::string name;
  std::string isa;
  int cores = 0;
  double clock_hz = 0;
  int simd_width_bits = 0;
  int fp_pipes = 0;
  double simd_fma_per_cycle = 0;  // full-width SIMD FMA instructions per cycle per core
  int loads_per_cycle = 0;
  int stores_per_cycle = 0;
  CacheSpec l1d;
  CacheSpec l1i;
  CacheSpec l2;  // shared by the cluster
};

struct Gpu {
  std::string name;
  std::string architecture;
  std::string compute_capability;
  int sm_count = 0;
  double clock_hz = 0;
  int fp32_lanes_per_sm = 0;
  int fp16_lanes_per_sm = 0;
  int warp_size = 0;
  int warp_schedulers_per_sm = 0;
  int dispatch_per_scheduler = 0;
  int registers_per_sm = 0;
  int registers_per_block = 0;
  int max_registers_per_thread = 0;
  int max_threads_per_sm = 0;
  int max_warps_per_sm = 0;
  int max_blocks_per_sm = 0;
  int max_threads_per_block = 0;
  std::int64_t shared_memory_per_sm_bytes = 0;
  std::int64_t shared_memory_per_block_bytes = 0;
  CacheSpec l1;
  CacheSpec l2;
};

struct Memory {
  std::string type;
  int bus_width_bits = 0;
  double data_rate_transfers_per_s = 0;
  double bandwidth_bytes_per_s = 0;  // peak
  double latency_s = 0;
  std::int64_t capacity_bytes = 0;
};

struct Platform {
  std::string name;
  std::string description;
  CpuCluster cpu;
  Gpu gpu;
  Memory memory;  // unified: CPU and GPU share it
};

}  // namespace augur
