// DRAM bytes a GPU kernel reads when it runs one thread per output and each thread loops over a
// window of its input (Caffe's MaxPoolForward / AvePoolForward). Memory moves in sectors
// (`gpu.sector`, 32 B); what a warp's loads cost depends on how far apart its lanes read.
#pragma once

#include <cstdint>

#include "sim/hwdesc/platform.h"
#include "sim/lower/kernel.h"

namespace augur {

struct WindowTraffic {
  double bytes = 0;      // sector bytes read, all outputs (B)
  bool reused = false;   // whether the sectors of a window row stay in the L2 across its columns
};

// Lanes are consecutive outputs: a warp of w lanes, starting anywhere in an output row, touches
// 1 + (w − 1)/out_w output rows (or planes) on average: that many runs of L = w / runs lanes,
// each in one row. For one window row of a run of L lanes whose
// reads are d = stride_w · e bytes apart (e element bytes, S sector bytes):
//   reused (the L2 keeps the row's sectors while the threads walk its kernel_w columns):
//     sectors = ((L − 1)·d + kernel_w·e + S − e) / S        (the span, at random alignment)
//   not reused (every column's loads fetch their sectors again):
//     sectors = kernel_w · (d ≥ S ? L : ((L − 1)·d + S) / S)
// summed over the kernel_h rows and the runs of every warp (outputs / w warps). The row's sectors
// survive when the lines the resident threads hold at once fit half the L2 (the other half holds
// the outputs being written and whatever else is live):
//   resident warps · runs per warp · ⌈span / line⌉ · line ≤ L2 size / 2,
// resident warps = min(warps, SMs · max_threads_per_sm / w). Global average pooling over 14×14
// (lanes in different planes, 4096 resident threads each holding a 128 B line: 512 KiB > 128 KiB)
// is the unreused case: ~8x the bytes of the input.
WindowTraffic window_read_traffic(const WindowAccess& window, std::int64_t outputs, std::int64_t element_bytes,
                                  const Gpu& gpu);

}  // namespace augur
