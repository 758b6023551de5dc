// Instruction mix and shared-memory demand of a tiled GEMM's main loop.
#include "sim/model/gpu/gemm_main_loop.h"

#include <algorithm>

#include "sim/model/gpu/occupancy.h"

namespace augur {

GemmMainLoop gemm_main_loop(const GpuGemmTile& t, std::int64_t element_bytes, int fmas_per_instruction,
                            double loop_instructions) {
  GemmMainLoop loop;
  const double threads = std::max(1, t.threads);
  const double e = static_cast<double>(element_bytes);
  const double p = std::max(1.0, static_cast<double>(t.m) * static_cast<double>(t.n) / threads);
  loop.outputs_per_thread = p;
  double tm = 1;  // the largest power of two whose square is at most P
  while (4 * tm * tm <= p) tm *= 2;
  loop.micro_m = tm;
  loop.micro_n = p / loop.micro_m;
  const double fmas = p / std::max(1, fmas_per_instruction);
  const double shared_loads = e * (loop.micro_m + loop.micro_n) / 16;
  const double staging = 2 * e * static_cast<double>(t.m + t.n) / (16 * threads);
  const double control = loop_instructions / std::max(1, t.k);
  loop.fma_share = fmas / (fmas + shared_loads + staging + control);
  loop.fmas_per_shared_byte = p / (e * (loop.micro_m + loop.micro_n));
  return loop;
}

bool paired_half2(std::int64_t bytes_per_element, const GpuRuntime& rt, const Gpu& gpu) {
  return bytes_per_element == element_bytes(DataType::Fp16) && rt.half2 && gpu.fp16_lanes_per_sm > 0;
}

double tile_fma_per_sm_cycle(const GpuGemmTile& tile, std::int64_t bytes_per_element, double relative_rate,
                             const GpuRuntime& rt, const Gpu& gpu) {
  const bool paired = paired_half2(bytes_per_element, rt, gpu);
  const int v = paired ? 2 : 1;
  const GemmMainLoop loop = gemm_main_loop(tile, bytes_per_element, v, rt.loop_instructions);
  const double lanes = paired ? gpu.fp16_lanes_per_sm : gpu.fp32_lanes_per_sm;
  const double issued = issue_slots_per_sm_cycle(gpu, rt) * rt.ffma_fraction * relative_rate;
  double f = std::min(lanes, issued * loop.fma_share * v);
  if (gpu.shared_memory_bytes_per_cycle > 0) {
    f = std::min(f, gpu.shared_memory_bytes_per_cycle * loop.fmas_per_shared_byte);
  }
  return f;
}

}  // namespace augur
