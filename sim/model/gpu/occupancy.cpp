// Occupancy and issue rate.
#include "sim/model/gpu/occupancy.h"

#include <algorithm>

namespace augur {

int blocks_per_sm(const GpuGemmTile& t, const Gpu& gpu) {
  const std::int64_t regs_per_block = static_cast<std::int64_t>(t.registers_per_thread) * t.threads;
  if (t.threads > gpu.max_threads_per_block || t.registers_per_thread > gpu.max_registers_per_thread ||
      regs_per_block > gpu.registers_per_block ||
      t.shared_memory_bytes > gpu.shared_memory_per_block_bytes) {
    return 0;
  }
  std::int64_t blocks = gpu.max_blocks_per_sm;
  blocks = std::min<std::int64_t>(blocks, gpu.max_threads_per_sm / t.threads);
  if (regs_per_block > 0) blocks = std::min<std::int64_t>(blocks, gpu.registers_per_sm / regs_per_block);
  if (t.shared_memory_bytes > 0) {
    blocks = std::min<std::int64_t>(blocks, gpu.shared_memory_per_sm_bytes / t.shared_memory_bytes);
  }
  return static_cast<int>(std::max<std::int64_t>(blocks, 0));
}

double issue_slots_per_sm_cycle(const Gpu& gpu, const GpuRuntime& rt) {
  const double dual = gpu.dispatch_per_scheduler > 1
                          ? 1.0 + (gpu.dispatch_per_scheduler - 1) * rt.dual_issue_fraction
                          : 1.0;
  return gpu.warp_schedulers_per_sm * gpu.warp_size * dual;
}

}  // namespace augur
