// Building the Platform struct from resolved values.
#include "sim/hwdesc/platform_builder.h"


#include <fmt/format.h>

#include "sim/hwdesc/derived.h"

namespace augur::hwdesc {
namespace {

// Reads a cache section (with or without associativity / latency).
CacheSpec read_cache(const ValueReader& r, const std::string& prefix, bool with_associativity,
                     bool with_latency) {
  CacheSpec c;
  c.size_bytes = r.bytes(prefix + ".size");
  c.line_bytes = r.bytes(prefix + ".line");
  if (with_associativity) c.associativity = r.count(prefix + ".associativity");
  if (with_latency) c.latency_cycles = r.real(prefix + ".latency");
  return c;
}

}  // namespace

void derive_missing(ResolvedValues& values) {
  if (values.find("memory.bandwidth") == values.end()) {
    const auto& width = value_at(values, "memory.bus_width");
    const auto& rate = value_at(values, "memory.data_rate");
    const double bandwidth = dram_peak_bandwidth(static_cast<int>(width.number), rate.number);
    ResolvedValue derived;
    derived.dimension = Dimension::Bandwidth;
    derived.number = bandwidth;
    derived.text = format_quantity(bandwidth, Dimension::Bandwidth);
    derived.origin.kind = Origin::Kind::Derived;
    derived.origin.note = "bus_width / 8 × data_rate";
    values["memory.bandwidth"] = std::move(derived);
  }
}

Platform build_platform(const ResolvedValues& values) {
  const ValueReader r(values);
  Platform p;
  p.name = r.text("name");
  p.description = r.text("description");

  CpuCluster& cpu = p.cpu;
  cpu.name = r.text("cpu.name");
  cpu.isa = r.text("cpu.isa");
  cpu.cores = r.count("cpu.cores");
  cpu.clock_hz = r.real("cpu.clock");
  cpu.simd_width_bits = r.count("cpu.simd_width");
  cpu.fp_pipes = r.count("cpu.fp_pipes");
  cpu.simd_fma_per_cycle = r.real("cpu.simd_fma_per_cycle");
  cpu.loads_per_cycle = r.count("cpu.loads_per_cycle");
  cpu.stores_per_cycle = r.count("cpu.stores_per_cycle");
  cpu.l1d = read_cache(r, "cpu.l1d", true, true);
  cpu.l1i = read_cache(r, "cpu.l1i", true, false);
  cpu.l2 = read_cache(r, "cpu.l2", true, true);

  Gpu& gpu = p.gpu;
  gpu.name = r.text("gpu.name");
  gpu.architecture = r.text("gpu.architecture");
  gpu.compute_capability = r.text("gpu.compute_capability");
  gpu.sm_count = r.count("gpu.sm_count");
  gpu.clock_hz = r.real("gpu.clock");
  gpu.fp32_lanes_per_sm = r.count("gpu.fp32_lanes_per_sm");
  gpu.fp16_lanes_per_sm = r.count("gpu.fp16_lanes_per_sm");
  gpu.warp_size = r.count("gpu.warp_size");
  gpu.warp_schedulers_per_sm = r.count("gpu.warp_schedulers_per_sm");
  gpu.dispatch_per_scheduler = r.count("gpu.dispatch_per_scheduler");
  gpu.registers_per_sm = r.count("gpu.registers_per_sm");
  gpu.registers_per_block = r.count("gpu.registers_per_block");
  gpu.max_registers_per_thread = r.count("gpu.max_registers_per_thread");
  gpu.max_threads_per_sm = r.count("gpu.max_threads_per_sm");
  gpu.max_warps_per_sm = r.count("gpu.max_warps_per_sm");
  gpu.max_blocks_per_sm = r.count("gpu.max_blocks_per_sm");
  gpu.max_threads_per_block = r.count("gpu.max_threads_per_block");
  gpu.shared_memory_per_sm_bytes = r.bytes("gpu.shared_memory_per_sm");
  gpu.shared_memory_per_block_bytes = r.bytes("gpu.shared_memory_per_block");
  gpu.l1 = read_cache(r, "gpu.l1", false, true);
  gpu.l2 = read_cache(r, "gpu.l2", true, true);

  Memory& mem = p.memory;
  mem.type = r.text("memory.type");
  mem.bus_width_bits = r.count("memory.bus_width");
  mem.data_rate_transfers_per_s = r.real("memory.data_rate");
  mem.bandwidth_bytes_per_s = r.real("memory.bandwidth");
  mem.latency_s = r.real("memory.latency");
  mem.capacity_bytes = r.bytes("memory.capacity");
  return p;
}

}  // namespace augur::hwdesc
