// The main loop of one thread of a tiled GPU GEMM kernel (the structure of maxas's and cuBLAS's
// SGEMM): per step of k, each thread updates its micro-tile of C from an A slice and a B slice
// it reads from shared memory, while the block stages the next slices from global memory into
// shared memory. Two things bound how fast the loop feeds the FMA lanes: the share of its issued
// instructions that are FMAs, and the shared-memory bandwidth its fragment loads need.
// Formulas: docs/model.md, "GPU GEMM".
#pragma once

#include <cstdint>

#include "sim/hwdesc/platform.h"
#include "sim/hwdesc/runtime.h"

namespace augur {

struct GemmMainLoop {
  double outputs_per_thread = 0;  // P = tile m · n / threads
  double micro_m = 0, micro_n = 0;  // the thread's micro-tile tm × tn = P, tm = 2^⌊log2 √P⌋
  double fma_share = 0;           // share of the loop's instructions that are FMA instructions
  double fmas_per_shared_byte = 0;  // FMAs per byte the thread reads from shared memory
};

// Whether a GEMM of `bytes_per_element` computes with paired half2 FMAs: an fp16 GEMM of a runtime
// with gemm.half2 on a GPU with fp16 lanes (two FMAs per instruction, up to fp16_lanes_per_sm).
bool paired_half2(std::int64_t bytes_per_element, const GpuRuntime& rt, const Gpu& gpu);

// Per thread and per step of k, with e element bytes, v FMAs per FMA instruction (2 for paired
// half2, else 1) and 16-byte (128-bit) loads and stores:
//   FMA instructions      P / v
//   shared-memory loads   e · (tm + tn) / 16          (the A and B fragments)
//   staging               2 · e · (m + n) / (16 · threads)   (a global load and a shared store
//                                                      per 16 B of the next A and B slices)
//   loop                  L / k_step                  (L = gemm.loop_instructions per iteration
//                                                      of the tile's k_step steps)
//   fma_share = (P / v) / (sum of the four);   fmas_per_shared_byte = P / (e · (tm + tn)).
GemmMainLoop gemm_main_loop(const GpuGemmTile& tile, std::int64_t element_bytes, int fmas_per_instruction,
                            double loop_instructions);

// FMAs per SM per cycle of the tile's main loop:
//   f = min(lanes, R · fma_share · v, B_s · fmas_per_shared_byte)
// R = warp_schedulers · warp_size · (1 + (dispatch − 1) · dual_issue_fraction) · ffma_fraction ·
// relative_rate: the instructions the SM issues per cycle in the loop (the rest of its slots
// stall); lanes = fp16_lanes_per_sm for paired half2 (v = 2), else fp32_lanes_per_sm;
// B_s = gpu.shared_memory_bytes_per_cycle (0: no bound).
double tile_fma_per_sm_cycle(const GpuGemmTile& tile, std::int64_t bytes_per_element, double relative_rate,
                             const GpuRuntime& rt, const Gpu& gpu);

}  // namespace augur
