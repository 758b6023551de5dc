// The resolved hardware platform as plain structs: what the cost models see. No YAML, no
// provenance, no strings beyond names. Units are in the field names. A board is a list of named
// processors (each the hardware struct of its processor model) and the DRAM they share.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "sim/core/error.h"

namespace augur {

struct CacheSpec {
  std::int64_t size_bytes = 0;
  int associativity = 0;  // 0 where the description does not give it (GPU L1)
  std::int64_t line_bytes = 0;
  double latency_cycles = 0;  // cycles of the clock of the processor that owns the cache
};

// Processor model `cpu`: a cluster of identical cores sharing an L2.
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

// Processor model `gpu`: a CUDA GPU of streaming multiprocessors.
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
  double shared_memory_bytes_per_cycle = 0;  // per SM: banks · bank width (0: no bound)
  std::int64_t sector_bytes = 32;  // bytes one global-memory transaction moves (a sector of an L2 line)
  CacheSpec l1;
  CacheSpec l2;
};

// How a systolic array keeps one operand in place (SCALE-Sim's dataflows).
enum class Dataflow { OutputStationary, WeightStationary, InputStationary };

// Processor model `systolic_array`: a rows × cols grid of multiply-accumulate units with three
// operand SRAMs (SCALE-Sim's accelerator), reading and writing the board's shared DRAM.
struct SystolicArray {
  std::string name;
  int rows = 0;
  int cols = 0;
  Dataflow dataflow = Dataflow::OutputStationary;
  double clock_hz = 0;
  std::int64_t ifmap_sram_bytes = 0;
  std::int64_t filter_sram_bytes = 0;
  std::int64_t ofmap_sram_bytes = 0;
};

// The hardware of one processor; its alternative is fixed by the processor's model.
using ProcessorHardware = std::variant<CpuCluster, Gpu, SystolicArray>;

struct Processor {
  std::string name;          // as the board names it: "cpu", "gpu", "npu"
  std::string model;         // the registered processor model: "cpu", "gpu", "systolic_array"
  std::string runtime_file;  // the board's runtime for it (resolved path), "" when none
  ProcessorHardware hardware;
  // The clock of the CPU that runs the framework's host code for this processor: a cpu's own
  // clock; for an accelerator, the clock of the board's first cpu processor; 0 when the board has
  // none. A runtime's host times scale by its host_clock over this (sim/model/host_time.h).
  double host_clock_hz = 0;

  template <class T>
  const T* as() const { return std::get_if<T>(&hardware); }
  template <class T>
  T* as() { return std::get_if<T>(&hardware); }
};

// The processor whose CPU runs the framework's host code for `p`: `p` itself when it is a cpu,
// else the board's first cpu processor (the host of its accelerators); nullptr when there is none.
inline const Processor* host_processor(const std::vector<Processor>& processors, const Processor& p) {
  if (p.as<CpuCluster>() != nullptr) return &p;
  for (const auto& q : processors) {
    if (q.as<CpuCluster>() != nullptr) return &q;
  }
  return nullptr;
}

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
  std::vector<Processor> processors;  // in board order
  Memory memory;                      // unified: every processor shares it

  // The processor called `name`, or nullptr.
  const Processor* find(std::string_view name) const {
    for (const auto& p : processors) {
      if (p.name == name) return &p;
    }
    return nullptr;
  }
  Processor* find(std::string_view name) {
    for (auto& p : processors) {
      if (p.name == name) return &p;
    }
    return nullptr;
  }
  // The hardware of processor `name`, which the caller knows to be a T (a miss is a bug).
  template <class T>
  const T& hardware(std::string_view name) const {
    const Processor* p = find(name);
    if (p == nullptr || p->as<T>() == nullptr) {
      throw InternalError("the platform has no processor '" + std::string(name) + "' of the expected model");
    }
    return *p->as<T>();
  }
  template <class T>
  T& hardware(std::string_view name) {
    return const_cast<T&>(static_cast<const Platform&>(*this).hardware<T>(name));
  }
};

}  // namespace augur
