// Thread blocks of one kernel that fit on one SM at once (CUDA occupancy rules).
#pragma once

#include "sim/hwdesc/platform.h"
#include "sim/hwdesc/runtime.h"

namespace augur {

// min(max_blocks_per_sm, max_threads_per_sm / threads, registers_per_sm / (registers · threads),
//     shared_memory_per_sm / shared_memory); 0 when one block does not fit its per-block limits.
int blocks_per_sm(const GpuGemmTile& tile, const Gpu& gpu);

// Instruction slots one SM issues per cycle: warp_schedulers · warp_size · (1 + (dispatch − 1) ·
// dual_issue_fraction) (a scheduler pairs that share of its instructions where it can dual-issue).
// A GEMM tile's main loop issues in ffma_fraction of them (gemm_main_loop.h).
double issue_slots_per_sm_cycle(const Gpu& gpu, const GpuRuntime& rt);

}  // namespace augur
