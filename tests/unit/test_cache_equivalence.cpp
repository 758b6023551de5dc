// The fast cache simulator counts exactly what the straightforward one did (tests/unit/
// reference_cache.h, the simulator of commit 6deb968): the same accesses, fills and writebacks,
// on random access streams and on the GEMM replays, for power-of-two and other set counts, hashed
// and modulo set indexing. Exact equality: both are integer counts of the same LRU policy.
#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <thread>
#include <vector>

#include "sim/core/error.h"
#include "sim/hwdesc/loader.h"
#include "sim/hwdesc/runtime_loader.h"
#include "sim/model/memory/cache_replay.h"
#include "sim/model/memory/cache_sim.h"
#include "sim/model/memory/gemm_access_streams.h"
#include "sim/model/memory/invariant_divisor.h"
#include "sim/model/memory/replay_memo.h"
#include "tests/test_paths.h"
#include "tests/unit/reference_cache.h"

namespace augur {
namespace {

TEST(InvariantDivisor, QuotientAndRemainderEqualDivisionForEveryDivisorKind) {
  std::mt19937_64 rng(17);
  const std::uint64_t divisors[] = {1, 2, 3, 5, 7, 96, 100, 128, 1000, 4095, 4096, 12345678901ULL,
                                    (1ULL << 63) - 1, 1ULL << 63, (1ULL << 63) + 1, ~0ULL};
  for (const std::uint64_t d : divisors) {
    const InvariantDivisor div(d);
    for (int i = 0; i < 20000; ++i) {
      // Numerators of every magnitude, and the extremes.
      const std::uint64_t n = i < 4 ? ~0ULL - static_cast<std::uint64_t>(i) : rng() >> (rng() % 64);
      ASSERT_EQ(div.quotient(n), n / d) << n << " / " << d;
      ASSERT_EQ(div.remainder(n), n % d) << n << " % " << d;
    }
  }
}

struct Geometry {
  const char* name;
  CacheSpec spec;
};

// Set counts: 128 and 16 (powers of two), 96, 100 and 3 (not), 1 (fully associative); ways 1 to 32.
const Geometry kGeometries[] = {
    {"tx1_gpu_l2_128_sets", {256 << 10, 16, 128, 1}},
    {"96_sets", {192 << 10, 16, 128, 1}},
    {"100_sets_3_ways", {100 * 3 * 64, 3, 64, 1}},
    {"direct_mapped_16_sets", {16 * 64, 1, 64, 1}},
    {"3_sets_32_ways", {3 * 32 * 32, 32, 32, 1}},
    {"1_set_8_ways", {8 * 64, 8, 64, 1}},
};

// Random single accesses and ranges (partial and whole-line writes), clustered so that lines are
// reused, over addresses up to 2^46 (the replays' operand regions), flushed now and then.
template <class Cache>
void random_stream(Cache& cache, std::uint64_t seed, std::int64_t line, std::int64_t size) {
  std::mt19937_64 rng(seed);
  std::uint64_t base = 0;
  for (int i = 0; i < 60000; ++i) {
    if (i % 500 == 0) base = (rng() % 5) << 40 | ((rng() % (1 << 20)) * static_cast<std::uint64_t>(line));
    const std::uint64_t offset = rng() % static_cast<std::uint64_t>(3 * size);
    const bool write = rng() % 4 == 0;
    switch (rng() % 3) {
      case 0: cache.access(base + offset, write, rng() % 2 == 0); break;
      case 1: cache.access_range(base + offset, 1 + rng() % static_cast<std::uint64_t>(8 * line), write); break;
      default: cache.access_range(base + offset, 1 + rng() % static_cast<std::uint64_t>(8 * line), write, true); break;
    }
    if (i % 20000 == 19999) cache.flush();
  }
  cache.flush();
}

TEST(CacheEquivalence, RandomStreamsCountAsTheReferenceSimulator) {
  for (const auto& g : kGeometries) {
    for (const bool hashed : {true, false}) {
      SetAssociativeCache fast(g.spec, hashed);
      // The reference folds forever over one set; with one set hashing changes nothing.
      test::ReferenceCache reference(g.spec, hashed && fast.sets() > 1);
      random_stream(fast, 5, g.spec.line_bytes, g.spec.size_bytes);
      random_stream(reference, 5, g.spec.line_bytes, g.spec.size_bytes);
      EXPECT_EQ(fast.accesses(), reference.accesses()) << g.name << (hashed ? " hashed" : " modulo");
      EXPECT_EQ(fast.fills(), reference.fills()) << g.name << (hashed ? " hashed" : " modulo");
      EXPECT_EQ(fast.writebacks(), reference.writebacks()) << g.name << (hashed ? " hashed" : " modulo");
      EXPECT_GT(reference.writebacks(), 0u) << g.name;  // the streams do evict dirty lines
    }
  }
}

// The GEMM replays through the TX1 GPU L2 (128 sets) and a 96-set variant, hashed and modulo:
// a few real layer shapes, scaled to keep the reference under a second.
TEST(CacheEquivalence, GemmReplaysCountAsTheReferenceSimulator) {
  const auto cpu = hwdesc::load_runtime(test::repo_path("hwdesc/runtimes/caffe-openblas-a57.yaml")).runtime.as<CpuRuntime>();
  const auto gpu_rt = hwdesc::load_runtime(test::repo_path("hwdesc/runtimes/caffe-cublas-gm20b.yaml")).runtime.as<GpuRuntime>();
  const Gpu tx1_gpu = hwdesc::load_platform(test::repo_path("hwdesc/boards/jetson-tx1.yaml")).platform.hardware<Gpu>("gpu");
  const GemmShape shapes[] = {{169, 384, 576}, {729, 128, 300}, {196, 100, 1152}, {1000, 8, 1024, true}};
  for (const CacheSpec& l2 : {tx1_gpu.l2, CacheSpec{192 << 10, 16, 128, 1}, CacheSpec{120 << 10, 12, 64, 1}}) {
    Gpu gpu = tx1_gpu;
    gpu.l2 = l2;
    for (const bool hashed : {true, false}) {
      for (const auto& s : shapes) {
        for (const auto& tile : gpu_rt.tiles) {
          const ReplayCounts fast = replay_gpu_gemm(s, tile, 2, gpu, hashed);
          test::ReferenceCache reference(l2, hashed);
          gemm_streams::gpu_gemm(s, tile, 2 * static_cast<std::uint64_t>(gpu.sm_count), reference);
          reference.flush();
          const auto where = tile.name + " " + std::to_string(s.m) + "x" + std::to_string(s.n) + "x" +
                             std::to_string(s.k) + " " + std::to_string(l2.size_bytes) + (hashed ? " hashed" : " modulo");
          EXPECT_EQ(fast.accesses, reference.accesses()) << where;
          EXPECT_EQ(fast.fills, reference.fills()) << where;
          EXPECT_EQ(fast.writebacks, reference.writebacks()) << where;
          EXPECT_EQ(fast.dram_bytes, reference.traffic_bytes()) << where;
        }
        const ReplayCounts fast = replay_cpu_gemm(s, cpu, l2, hashed);
        test::ReferenceCache reference(l2, hashed);
        gemm_streams::cpu_gemm(s, cpu.mc, cpu.kc, cpu.nc, reference);
        reference.flush();
        EXPECT_EQ(fast.fills, reference.fills()) << "cpu " << s.m << "x" << s.n << "x" << s.k;
        EXPECT_EQ(fast.writebacks, reference.writebacks()) << "cpu " << s.m << "x" << s.n << "x" << s.k;
      }
    }
  }
}

// Entries keep the dirty bit below the line number: with 1 B lines the simulator refuses
// addresses from 2^63 − 1 on (an internal error: replays stay below 2^46) rather than alias them.
TEST(CacheSim, OneByteLinesRefuseAddressesBeyondTheEntryRange) {
  SetAssociativeCache cache(CacheSpec{64, 4, 1, 1});
  cache.access((1ULL << 63) - 2, true);
  EXPECT_THROW(cache.access((1ULL << 63) - 1, false), InternalError);
  EXPECT_THROW(cache.access_range((1ULL << 63) - 4, 8, false), InternalError);
  EXPECT_EQ(cache.fills(), 1u);
}

// The memo returns the replay's own value, stores each key once, and gives every thread the same.
TEST(ReplayMemo, ReturnsTheReplayedBytesOncePerKeyOnEveryThread) {
  const Gpu gpu = hwdesc::load_platform(test::repo_path("hwdesc/boards/jetson-tx1.yaml")).platform.hardware<Gpu>("gpu");
  const GpuGemmTile tile{"t", 64, 64, 8, 64, 64, 8 << 10};
  const GemmShape shapes[] = {{300, 200, 100}, {301, 200, 100}, {300, 200, 100, true}, {300, 200, 100, false, 2}};
  clear_gemm_replay_memo();
  std::vector<double> expected;
  for (const auto& s : shapes) expected.push_back(replay_gpu_gemm(s, tile, 2, gpu).dram_bytes);
  std::vector<std::thread> threads;
  std::vector<std::vector<double>> seen(4);
  for (auto& out : seen) {
    threads.emplace_back([&] {
      for (int round = 0; round < 3; ++round) {
        for (const auto& s : shapes) out.push_back(simulated_gpu_gemm_dram_bytes(s, tile, 2, gpu));
      }
    });
  }
  for (auto& t : threads) t.join();
  for (const auto& out : seen) {
    for (size_t i = 0; i < out.size(); ++i) EXPECT_EQ(out[i], expected[i % 4]);
  }
  // The transposed A reads the same addresses (the replay does not model op(A)): one key for both.
  EXPECT_EQ(gemm_replay_memo_size(), 3u);
  // A key differs with anything the replay reads: blocks per wave, the L2 geometry.
  Gpu bigger = gpu;
  bigger.l2.size_bytes *= 2;
  EXPECT_EQ(simulated_gpu_gemm_dram_bytes(shapes[0], tile, 2, bigger), replay_gpu_gemm(shapes[0], tile, 2, bigger).dram_bytes);
  EXPECT_EQ(simulated_gpu_gemm_dram_bytes(shapes[0], tile, 3, gpu), replay_gpu_gemm(shapes[0], tile, 3, gpu).dram_bytes);
  EXPECT_EQ(gemm_replay_memo_size(), 5u);
}

}  // namespace
}  // namespace augur
