// Speed of the cache simulator (Google Benchmark): raw line accesses per second, and whole
// networks simulated with `--cache-model simulate`. Not a test of times: CI runs each benchmark
// once, briefly; scripts/bench.sh records the numbers.
#include <benchmark/benchmark.h>

#include "tests/bench/bench_fixtures.h"

#include <cstdint>
#include <vector>

#include "sim/hwdesc/loader.h"
#include "sim/hwdesc/runtime_loader.h"
#include "sim/model/memory/cache_replay.h"
#include "sim/model/memory/cache_sim.h"
#include "sim/model/memory/replay_memo.h"
#include "sim/schedule/simulation.h"
#include "sim/workload/import/network_loader.h"
#include "sim/workload/network.h"

namespace augur {
namespace {

using bench::repo;
using bench::tx1;

struct Range {
  std::uint64_t address, bytes;
  bool write;
};

// A fixed pseudo-random stream of 1..8-line ranges (a quarter writes) over a working set four
// times the cache, so that hits, clean and dirty evictions all occur: 64 Ki ranges. The working
// set starts at 1 TiB, where the replays put their second operand (hashing folds the high bits).
std::vector<Range> access_stream(const CacheSpec& spec) {
  std::vector<Range> ranges;
  std::uint64_t x = 0x9e3779b97f4a7c15ULL;
  const auto span = static_cast<std::uint64_t>(spec.size_bytes) * 4;
  for (int i = 0; i < (1 << 16); ++i) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    const std::uint64_t lines = 1 + (x >> 61);
    ranges.push_back(Range{(1ULL << 40) + (x >> 8) % span, lines * static_cast<std::uint64_t>(spec.line_bytes), (x & 3) == 0});
  }
  return ranges;
}

// Line accesses per second (items_per_second) through a cache with the TX1 GPU L2's line and ways:
// 128 sets (a power of two) or 96 (not), hashed or modulo set indexing.
void line_accesses(benchmark::State& state, std::int64_t size_bytes, bool hashed) {
  const CacheSpec spec{size_bytes, 16, 128, 1};
  const auto ranges = access_stream(spec);
  std::uint64_t lines = 0;
  for (auto _ : state) {
    SetAssociativeCache cache(spec, hashed);
    for (const auto& r : ranges) cache.access_range(r.address, r.bytes, r.write);
    cache.flush();
    lines += cache.accesses();
    benchmark::DoNotOptimize(cache.fills());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(lines));
}
void BM_CacheLineAccessesPow2SetsHashed(benchmark::State& s) { line_accesses(s, 256 << 10, true); }
void BM_CacheLineAccessesPow2SetsModulo(benchmark::State& s) { line_accesses(s, 256 << 10, false); }
void BM_CacheLineAccesses96SetsHashed(benchmark::State& s) { line_accesses(s, 192 << 10, true); }
void BM_CacheLineAccesses96SetsModulo(benchmark::State& s) { line_accesses(s, 192 << 10, false); }
BENCHMARK(BM_CacheLineAccessesPow2SetsHashed);
BENCHMARK(BM_CacheLineAccessesPow2SetsModulo);
BENCHMARK(BM_CacheLineAccesses96SetsHashed);
BENCHMARK(BM_CacheLineAccesses96SetsModulo);

// One GPU GEMM replayed through the TX1 L2 (not memoized): VGG-16 conv3_1 (m = 56·56, n = 256,
// k = 128·9) with a 128×64 tile at 2 blocks per SM; items_per_second = line accesses.
void BM_ReplayGpuGemmVggConv3(benchmark::State& state) {
  const GemmShape shape{3136, 256, 1152};
  const GpuGemmTile tile{"bench_128x64", 128, 64, 8, 256, 64, 32 << 10};
  const Gpu& gpu = tx1().board.platform.hardware<Gpu>("gpu");
  std::uint64_t lines = 0;
  for (auto _ : state) {
    const ReplayCounts counts = replay_gpu_gemm(shape, tile, 2, gpu);
    lines += counts.accesses;
    benchmark::DoNotOptimize(counts.dram_bytes);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(lines));
}
BENCHMARK(BM_ReplayGpuGemmVggConv3)->Unit(benchmark::kMillisecond);

// A whole network on the TX1 GPU with `--cache-model simulate`, as one `augur simulate` runs it:
// the table of replays (replay_memo.h) emptied before each run, so repeated shapes within the
// network are reused but nothing carries over from the previous iteration.
void simulate_with_cache_sim(benchmark::State& state, const char* model, bool keep_memo) {
  const Network net = load_network(repo(model), NetworkOptions::with_batch(1));
  const Runtimes runtimes{{"cpu", &tx1().cpu.runtime}, {"gpu", &tx1().gpu.runtime}};
  for (auto _ : state) {
    if (!keep_memo) clear_gemm_replay_memo();
    benchmark::DoNotOptimize(
        simulate(net, tx1().board.platform, runtimes, SimulationOptions{"gpu", CacheModel::Simulate}));
  }
}
void BM_SimulateAlexNetTx1GpuCacheSim(benchmark::State& s) { simulate_with_cache_sim(s, "workloads/caffe/alexnet.prototxt", false); }
void BM_SimulateVgg16Tx1GpuCacheSim(benchmark::State& s) { simulate_with_cache_sim(s, "workloads/caffe/vgg16.prototxt", false); }
// The same with the replays of earlier runs kept (a sweep that varies no cache-relevant key).
void BM_SimulateVgg16Tx1GpuCacheSimWarm(benchmark::State& s) { simulate_with_cache_sim(s, "workloads/caffe/vgg16.prototxt", true); }
BENCHMARK(BM_SimulateAlexNetTx1GpuCacheSim)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SimulateVgg16Tx1GpuCacheSim)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SimulateVgg16Tx1GpuCacheSimWarm)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace augur
