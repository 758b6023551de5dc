// Replays of identical GEMMs through identical caches give identical DRAM bytes: this table keeps
// them, so that a network (or a sweep) whose layers repeat a GEMM shape replays it once.
//
// Choice: one process-wide table behind a mutex, bounded to kGemmReplayMemoEntries (cleared when
// full). The model stays a pure function of its arguments: a value is a function of its key alone,
// whichever thread computed it, so results do not depend on what ran before or on the thread count.
// The lock is held to look up and to insert, never while replaying (a replay takes milliseconds, a
// lookup nanoseconds); two threads that miss the same key both replay it and store the same value.
// A shared table (not thread_local) lets the threads of a sweep reuse each other's replays.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>

namespace augur {

// Everything a GEMM replay reads (cache_replay.h), and nothing else.
struct GemmReplayKey {
  enum class Kind : std::uint8_t { Cpu, Gpu };
  Kind kind = Kind::Gpu;
  std::int64_t m = 0, n = 0, k = 0, element_bytes = 0;
  // GPU: the tile (m, n, k); CPU: the blocking (mc, nc, kc).
  std::int64_t block_m = 0, block_n = 0, block_k = 0;
  // GPU: resident blocks per wave, max(blocks per SM, 1) × SMs (the replay reads only the
  // product); CPU: 0.
  std::int64_t blocks_per_wave = 0;
  // The cache: size and line in bytes, ways, hashed set indexing.
  std::int64_t cache_bytes = 0, line_bytes = 0;
  std::int64_t ways = 0;
  bool hashed_sets = true;
  bool operator==(const GemmReplayKey&) const = default;
};

inline constexpr std::size_t kGemmReplayMemoEntries = 1 << 14;

// The value stored for `key`, or `replay()` (stored for next time).
double memoized_gemm_replay(const GemmReplayKey& key, const std::function<double()>& replay);

// For tests and benchmarks: forget every stored replay; the number stored.
void clear_gemm_replay_memo();
std::size_t gemm_replay_memo_size();

}  // namespace augur
