// Building the Platform struct from resolved values.
#include "sim/hwdesc/platform_builder.h"

#include <limits>

#include <fmt/format.h>

#include "sim/hwdesc/derived.h"

namespace augur::hwdesc {
namespace {

class Reader {
 public:
  explicit Reader(const ResolvedValues& values) : values_(values) {}

  const std::string& text(const std::string& path) const { return value_at(values_, path).text; }
  double real(const std::string& path) const { return value_at(values_, path).number; }

  int count(const std::string& path) const {
    return static_cast<int>(bounded(path, std::numeric_limits<int>::max()));
  }
  std::int64_t bytes(const std::string& path) const {
    return static_cast<std::int64_t>(bounded(path, 1ULL << 62));
  }

  CacheSpec cache(const std::string& prefix, bool with_associativity, bool with_latency) const {
    CacheSpec c;
    c.size_bytes = bytes(prefix + ".size");
    c.line_bytes = bytes(prefix + ".line");
    if (with_associativity) c.associativity = count(prefix + ".associativity");
    if (with_latency) c.latency_cycles = real(prefix + ".latency");
    return c;
  }

 private:
  double bounded(const std::string& path, double limit) const {
    const auto& v = value_at(values_, path);
    if (v.number > limit) {
      throw UserError(v.origin.where, fmt::format("{}: {} is too large (at most {:g})", path,
                                                  v.text, limit));
    }
    return v.number;
  }

  const ResolvedValues& values_;
};

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
  const Reader r(values);
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
  cpu.l1d = r.cache("cpu.l1d", true, true);
  cpu.l1i = r.cache("cpu.l1i", true, false);
  cpu.l2 = r.cache("cpu.l2", true, true);

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
  gpu.l1 = r.cache("gpu.l1", false, true);
  gpu.l2 = r.cache("gpu.l2", true, true);

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
