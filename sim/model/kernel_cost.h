// The cost of one kernel (all its launches) on one processor: time, what bounds it, and the
// statistics behind it (compute / memory / overhead time, cycles, traffic per memory level).
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <string>

namespace augur {

enum class Bound { Compute, Memory, Overhead };

// How GEMM DRAM traffic is counted: the analytic formulas (fast) or a replay of the access
// stream through the set-associative cache simulator (slow; a check of the formulas).
enum class CacheModel { Analytic, Simulate };

const char* bound_name(Bound bound);

// Bytes moved at each memory level a model counts, by level name ("dram", "l2", or a processor's
// own levels such as "ifmap_sram"). Level names are string literals; at most kMaxLevels.
struct Traffic {
  static constexpr int kMaxLevels = 6;
  struct Level {
    const char* name = nullptr;
    double bytes = 0;
  };
  std::array<Level, kMaxLevels> levels{};
  int size = 0;

  void add(const char* name, double bytes) {
    for (int i = 0; i < size; ++i) {
      const char* here = levels[static_cast<size_t>(i)].name;
      if (here == name || std::strcmp(here, name) == 0) {
        levels[static_cast<size_t>(i)].bytes += bytes;
        return;
      }
    }
    if (size < kMaxLevels) levels[static_cast<size_t>(size++)] = Level{name, bytes};
  }
  void add(const Traffic& other, double scale = 1.0) {
    for (int i = 0; i < other.size; ++i) {
      add(other.levels[static_cast<size_t>(i)].name, scale * other.levels[static_cast<size_t>(i)].bytes);
    }
  }
  const Level* begin() const { return levels.data(); }
  const Level* end() const { return levels.data() + size; }
};

struct KernelCost {
  double seconds = 0;            // all launches, including per-launch overhead
  double dram_bytes = 0;         // bytes moved between DRAM and the last-level cache
  Bound bound = Bound::Compute;  // the term that dominates
  std::string detail;            // e.g. the GPU GEMM tile chosen
  // Statistics (all launches):
  double compute_seconds = 0;    // the compute term alone
  double memory_seconds = 0;     // the memory term alone
  double overhead_seconds = 0;   // launch gaps and per-call costs
  double cycles = 0;             // compute cycles at the processor's clock, stalls excluded
  double stall_cycles = 0;       // cycles the processor waits beyond its compute (memory)
  double utilisation = 0;        // useful MACs or operations / peak over `seconds`, 0 when unknown
  Traffic traffic;               // bytes per memory level ("dram" always)
};

}  // namespace augur
