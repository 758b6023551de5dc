// Building the Platform struct from resolved values.
#include "sim/hwdesc/platform_builder.h"


#include <algorithm>
#include <filesystem>

#include <fmt/format.h>

#include "sim/hwdesc/checks.h"
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

namespace {

CpuCluster build_cpu_cluster(const ValueReader& r, const std::string& n) {
  CpuCluster cpu;
  cpu.name = r.text(n + "name");
  cpu.isa = r.text(n + "isa");
  cpu.cores = r.count(n + "cores");
  cpu.clock_hz = r.real(n + "clock");
  cpu.simd_width_bits = r.count(n + "simd_width");
  cpu.fp_pipes = r.count(n + "fp_pipes");
  cpu.simd_fma_per_cycle = r.real(n + "simd_fma_per_cycle");
  cpu.loads_per_cycle = r.count(n + "loads_per_cycle");
  cpu.stores_per_cycle = r.count(n + "stores_per_cycle");
  cpu.l1d = read_cache(r, n + "l1d", true, true);
  cpu.l1i = read_cache(r, n + "l1i", true, false);
  cpu.l2 = read_cache(r, n + "l2", true, true);
  return cpu;
}

Gpu build_gpu(const ValueReader& r, const std::string& n) {
  Gpu gpu;
  gpu.name = r.text(n + "name");
  gpu.architecture = r.text(n + "architecture");
  gpu.compute_capability = r.text(n + "compute_capability");
  gpu.sm_count = r.count(n + "sm_count");
  gpu.clock_hz = r.real(n + "clock");
  gpu.fp32_lanes_per_sm = r.count(n + "fp32_lanes_per_sm");
  gpu.fp16_lanes_per_sm = r.count(n + "fp16_lanes_per_sm");
  gpu.warp_size = r.count(n + "warp_size");
  gpu.warp_schedulers_per_sm = r.count(n + "warp_schedulers_per_sm");
  gpu.dispatch_per_scheduler = r.count(n + "dispatch_per_scheduler");
  gpu.registers_per_sm = r.count(n + "registers_per_sm");
  gpu.registers_per_block = r.count(n + "registers_per_block");
  gpu.max_registers_per_thread = r.count(n + "max_registers_per_thread");
  gpu.max_threads_per_sm = r.count(n + "max_threads_per_sm");
  gpu.max_warps_per_sm = r.count(n + "max_warps_per_sm");
  gpu.max_blocks_per_sm = r.count(n + "max_blocks_per_sm");
  gpu.max_threads_per_block = r.count(n + "max_threads_per_block");
  gpu.shared_memory_per_sm_bytes = r.bytes(n + "shared_memory_per_sm");
  gpu.shared_memory_per_block_bytes = r.bytes(n + "shared_memory_per_block");
  gpu.l1 = read_cache(r, n + "l1", false, true);
  gpu.l2 = read_cache(r, n + "l2", true, true);
  return gpu;
}

SystolicArray build_systolic_array(const ValueReader& r, const ResolvedValues& values, const std::string& n) {
  SystolicArray a;
  a.name = r.text(n + "name");
  a.rows = r.count(n + "rows");
  a.cols = r.count(n + "cols");
  a.clock_hz = r.real(n + "clock");
  a.ifmap_sram_bytes = r.bytes(n + "ifmap_sram");
  a.filter_sram_bytes = r.bytes(n + "filter_sram");
  a.ofmap_sram_bytes = r.bytes(n + "ofmap_sram");
  const auto& dataflow = value_at(values, n + "dataflow");
  if (dataflow.text == "os") {
    a.dataflow = Dataflow::OutputStationary;
  } else if (dataflow.text == "ws") {
    a.dataflow = Dataflow::WeightStationary;
  } else if (dataflow.text == "is") {
    a.dataflow = Dataflow::InputStationary;
  } else {
    throw UserError(dataflow.origin.where,
                    fmt::format("{}dataflow: expected os, ws or is, got '{}'", n, dataflow.text));
  }
  return a;
}

// A runtime path as written, resolved relative to the file that wrote it.
std::string resolved_runtime_path(const ResolvedValue& v) {
  if (v.text.empty()) return "";
  std::filesystem::path p(v.text);
  if (p.is_relative() && v.origin.kind == Origin::Kind::File) {
    p = std::filesystem::path(v.origin.where.file).parent_path() / p;
  }
  return p.lexically_normal().string();
}

}  // namespace

Platform build_platform(const ResolvedValues& values, const std::vector<std::string>& processor_order) {
  const ValueReader r(values);
  Platform p;
  p.name = r.text("name");
  p.description = r.text("description");

  auto models = processor_models(values);
  std::stable_sort(models.begin(), models.end(), [&](const auto& a, const auto& b) {
    const auto rank = [&](const std::string& name) {
      return std::find(processor_order.begin(), processor_order.end(), name) - processor_order.begin();
    };
    return rank(a.first) < rank(b.first);
  });
  for (const auto& [name, model] : models) {
    Processor proc;
    proc.name = name;
    proc.model = model;
    const std::string n = name + ".";
    proc.runtime_file = resolved_runtime_path(value_at(values, n + "runtime"));
    if (model == "cpu") {
      proc.hardware = build_cpu_cluster(r, n);
    } else if (model == "gpu") {
      proc.hardware = build_gpu(r, n);
    } else if (model == "systolic_array") {
      proc.hardware = build_systolic_array(r, values, n);
    } else {
      throw InternalError("build_platform: the schema accepted processor model '" + model +
                          "' that has no hardware builder");
    }
    p.processors.push_back(std::move(proc));
  }

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
