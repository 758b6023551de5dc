// Host time on another host CPU. A runtime's host costs (the framework's per-layer work, issuing a
// kernel, synchronising, the timer's gap, a synchronous copy's driver call) are CPU time of the
// framework and driver code, measured or fitted on a host CPU at the runtime's `host_clock`. The
// same code on a host CPU at another clock takes
//   t' = t · host_clock / clock          (s; the same instructions, memory stalls included)
// and is left as it is when either clock is unknown (0): a runtime that does not say where its
// host times hold, or a board without a CPU. docs/model.md, "Host costs and the host's clock".
#pragma once

namespace augur {

inline double host_time_scale(double runtime_host_clock_hz, double board_host_clock_hz) {
  if (runtime_host_clock_hz <= 0 || board_host_clock_hz <= 0) return 1.0;
  return runtime_host_clock_hz / board_host_clock_hz;
}

}  // namespace augur
