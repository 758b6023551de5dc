// Sector traffic of one-thread-per-output window kernels.
#include "sim/model/gpu/window_traffic.h"

#include <algorithm>
#include <cmath>

namespace augur {

WindowTraffic window_read_traffic(const WindowAccess& w, std::int64_t outputs, std::int64_t element_bytes,
                                  const Gpu& gpu) {
  WindowTraffic t;
  if (outputs <= 0 || w.out_w <= 0) return t;
  const double warp = std::max(1, gpu.warp_size);
  const double e = static_cast<double>(element_bytes);
  const double sector = static_cast<double>(std::max<std::int64_t>(gpu.sector_bytes, element_bytes));
  const double line = static_cast<double>(std::max<std::int64_t>(gpu.l2.line_bytes, gpu.sector_bytes));
  // A warp starting anywhere in an output row touches 1 + (w − 1) / out_w rows on average: its
  // runs, each of w / runs lanes.
  const double runs = 1 + (warp - 1) / static_cast<double>(w.out_w);
  const double lanes = warp / runs;
  const double d = static_cast<double>(w.stride_w) * e;                // bytes between lanes
  const double kw = static_cast<double>(w.kernel_w), kh = static_cast<double>(w.kernel_h);
  const double span = (lanes - 1) * d + kw * e;                        // bytes of one window row of a run
  const double warps = std::ceil(static_cast<double>(outputs) / warp);
  const double resident = std::min(warps, gpu.sm_count * static_cast<double>(gpu.max_threads_per_sm) / warp);
  // Half the L2: the outputs being written and other lines share it (as the CPU model keeps an
  // operand in half its L2).
  t.reused = resident * runs * std::ceil(span / line) * line <= static_cast<double>(gpu.l2.size_bytes) / 2;
  const double sectors_per_row =
      t.reused ? (span + sector - e) / sector : kw * (d >= sector ? lanes : ((lanes - 1) * d + sector) / sector);
  t.bytes = warps * runs * kh * sectors_per_row * sector;
  return t;
}

}  // namespace augur
