// The process-wide table of GEMM replays.
#include "sim/model/memory/replay_memo.h"

#include <mutex>
#include <unordered_map>

namespace augur {
namespace {

struct KeyHash {
  // FNV-1a over the fields, then a 64-bit finaliser (splitmix64) so that keys that differ in one
  // small field spread over the buckets.
  std::size_t operator()(const GemmReplayKey& key) const {
    std::uint64_t h = 0xcbf29ce484222325ULL;
    const auto mix = [&h](std::uint64_t v) { h = (h ^ v) * 0x100000001b3ULL; };
    mix(static_cast<std::uint64_t>(key.kind));
    for (std::int64_t v : {key.m, key.n, key.k, key.element_bytes, key.block_m, key.block_n, key.block_k,
                           key.blocks_per_wave, key.cache_bytes, key.line_bytes, key.ways}) {
      mix(static_cast<std::uint64_t>(v));
    }
    mix(key.hashed_sets ? 1 : 0);
    h ^= h >> 30;
    h *= 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 27;
    h *= 0x94d049bb133111ebULL;
    h ^= h >> 31;
    return static_cast<std::size_t>(h);
  }
};

struct Memo {
  std::mutex mutex;
  std::unordered_map<GemmReplayKey, double, KeyHash> values;
};

Memo& memo() {
  static Memo table;
  return table;
}

}  // namespace

double memoized_gemm_replay(const GemmReplayKey& key, const std::function<double()>& replay) {
  Memo& table = memo();
  {
    const std::lock_guard<std::mutex> lock(table.mutex);
    const auto found = table.values.find(key);
    if (found != table.values.end()) return found->second;
  }
  const double value = replay();
  const std::lock_guard<std::mutex> lock(table.mutex);
  if (table.values.size() >= kGemmReplayMemoEntries) table.values.clear();
  table.values.emplace(key, value);
  return value;
}

void clear_gemm_replay_memo() {
  const std::lock_guard<std::mutex> lock(memo().mutex);
  memo().values.clear();
}

std::size_t gemm_replay_memo_size() {
  const std::lock_guard<std::mutex> lock(memo().mutex);
  return memo().values.size();
}

}  // namespace augur
