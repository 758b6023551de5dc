// Access-stream replays of tiled GEMMs.
#include "sim/model/memory/cache_replay.h"

#include <algorithm>
#include <string>

#include "sim/core/error.h"
#include "sim/model/memory/cache_sim.h"
#include "sim/model/memory/gemm_access_streams.h"
#include "sim/model/memory/replay_memo.h"

namespace augur {
namespace {

void check_replay_size(const GemmShape& s) {
  // A replay touches about (m·k + k·n + m·n) · element bytes / line lines per pass; refuse what would take
  // minutes rather than seconds.
  constexpr double kMaxElements = 4e9;
  const double elements = static_cast<double>(s.m) * s.k + static_cast<double>(s.k) * s.n +
                          static_cast<double>(s.m) * s.n;
  if (elements > kMaxElements) {
    throw UserError("the cache simulator: a GEMM of " + std::to_string(s.m) + "x" + std::to_string(s.n) +
                    "x" + std::to_string(s.k) + " is too large to replay (use the analytic cache model)");
  }
}

ReplayCounts counts(const SetAssociativeCache& cache) {
  return ReplayCounts{cache.accesses(), cache.fills(), cache.writebacks(), cache.traffic_bytes()};
}

std::uint64_t blocks_per_wave(int blocks_per_sm, const Gpu& gpu) {
  return static_cast<std::uint64_t>(std::max(blocks_per_sm, 1)) * static_cast<std::uint64_t>(gpu.sm_count);
}

GemmReplayKey key_of(GemmReplayKey::Kind kind, const GemmShape& s, const CacheSpec& cache) {
  GemmReplayKey key;
  key.kind = kind;
  key.m = s.m;
  key.n = s.n;
  key.k = s.k;
  key.element_bytes = s.element_bytes;
  key.cache_bytes = cache.size_bytes;
  key.line_bytes = cache.line_bytes;
  key.ways = cache.associativity;
  key.hashed_sets = true;
  return key;
}

}  // namespace

ReplayCounts replay_cpu_gemm(const GemmShape& s, const CpuRuntime& rt, const CacheSpec& l2, bool hashed_sets) {
  check_replay_size(s);
  SetAssociativeCache cache(l2, hashed_sets);
  cache.visit([&](auto fixed) { gemm_streams::cpu_gemm(s, rt.mc, rt.kc, rt.nc, fixed); });
  cache.flush();
  return counts(cache);
}

ReplayCounts replay_gpu_gemm(const GemmShape& s, const GpuGemmTile& t, int blocks_per_sm, const Gpu& gpu,
                             bool hashed_sets) {
  check_replay_size(s);
  SetAssociativeCache cache(gpu.l2, hashed_sets);
  cache.visit([&](auto fixed) { gemm_streams::gpu_gemm(s, t, blocks_per_wave(blocks_per_sm, gpu), fixed); });
  cache.flush();
  return counts(cache);
}

double simulated_cpu_gemm_dram_bytes(const GemmShape& s, const CpuRuntime& rt, const CacheSpec& l2) {
  GemmReplayKey key = key_of(GemmReplayKey::Kind::Cpu, s, l2);
  key.block_m = rt.mc;
  key.block_n = rt.nc;
  key.block_k = rt.kc;
  return memoized_gemm_replay(key, [&] { return replay_cpu_gemm(s, rt, l2).dram_bytes; });
}

double simulated_gpu_gemm_dram_bytes(const GemmShape& s, const GpuGemmTile& t, int blocks_per_sm,
                                     const Gpu& gpu) {
  GemmReplayKey key = key_of(GemmReplayKey::Kind::Gpu, s, gpu.l2);
  key.block_m = t.m;
  key.block_n = t.n;
  key.block_k = t.k;
  key.blocks_per_wave = static_cast<std::int64_t>(blocks_per_wave(blocks_per_sm, gpu));
  return memoized_gemm_replay(key, [&] { return replay_gpu_gemm(s, t, blocks_per_sm, gpu).dram_bytes; });
}

}  // namespace augur
