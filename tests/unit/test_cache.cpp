// The set-associative cache simulator, and the analytic traffic model checked against it.
#include <gtest/gtest.h>

#include "sim/hwdesc/loader.h"
#include "sim/hwdesc/runtime_loader.h"
#include "sim/model/cpu/cpu_gemm.h"
#include "sim/model/gpu/gpu_gemm.h"
#include "sim/model/memory/cache_replay.h"
#include "sim/model/memory/cache_sim.h"
#include "tests/test_paths.h"

namespace augur {
namespace {

CacheSpec small_cache() { return CacheSpec{4096, 4, 64, 1}; }  // 16 sets x 4 ways x 64 B

TEST(CacheSim, ASecondPassOverDataThatFitsHitsEverywhere) {
  SetAssociativeCache c(small_cache());
  c.access_range(0, 4096, false);
  c.access_range(0, 4096, false);
  EXPECT_EQ(c.fills(), 64u);  // 4096 / 64 lines, once
  EXPECT_EQ(c.accesses(), 128u);
}

TEST(CacheSim, StreamingTwiceTheCapacityMissesEveryTimeUnderLru) {
  SetAssociativeCache c(small_cache());
  c.access_range(0, 8192, false);
  c.access_range(0, 8192, false);
  EXPECT_EQ(c.fills(), 256u);
}

TEST(CacheSim, DirtyLinesAreWrittenBackOnEvictionOrFlush) {
  SetAssociativeCache c(small_cache());
  c.access_range(0, 4096, true);  // 64 write misses: 64 fills (write-allocate)
  c.flush();
  EXPECT_EQ(c.fills(), 64u);
  EXPECT_EQ(c.writebacks(), 64u);
  EXPECT_DOUBLE_EQ(c.traffic_bytes(), 128.0 * 64);
}

TEST(CacheSim, FullLineWritesCanSkipTheFill) {
  SetAssociativeCache c(small_cache());
  c.access_range(32, 256, true, true);  // lines 0..4: 0 and 4 partial, 1..3 full
  EXPECT_EQ(c.fills(), 2u);
}

// The analytic formulas against the replay, on the GEMMs of real layers (AlexNet conv1-conv3,
// ResNet-50 and VGG-16 convolutions, AlexNet fc6 at batch 8). Tolerance: the analytic count is
// at most 5% above and at most 22% below the simulated one; it ignores partial-line alignment
// and LRU conflict misses, which only add traffic (measured: 0.80 to 1.00).
TEST(CacheModelAgreement, AnalyticTrafficTracksTheSimulatedCache) {
  const auto platform = hwdesc::load_platform(test::repo_path("hwdesc/boards/jetson-tx1.yaml")).platform;
  const auto cpu = hwdesc::load_runtime(test::repo_path("hwdesc/runtimes/caffe-openblas-a57.yaml")).runtime.as<CpuRuntime>();
  const auto gpu = hwdesc::load_runtime(test::repo_path("hwdesc/runtimes/caffe-cublas-gm20b.yaml")).runtime.as<GpuRuntime>();
  const GemmShape shapes[] = {{3025, 96, 363}, {729, 128, 1200}, {169, 384, 2304}, {3136, 64, 576},
                              {784, 128, 1152}, {4096, 8, 9216, true}};
  for (const auto& s : shapes) {
    const double cpu_ratio = cpu_gemm_dram_bytes(s, cpu, platform.hardware<CpuCluster>("cpu").l2) /
                             simulated_cpu_gemm_dram_bytes(s, cpu, platform.hardware<CpuCluster>("cpu").l2);
    EXPECT_GE(cpu_ratio, 0.78) << s.m << "x" << s.n << "x" << s.k;
    EXPECT_LE(cpu_ratio, 1.05) << s.m << "x" << s.n << "x" << s.k;
    for (int t = 0; t < static_cast<int>(gpu.tiles.size()); ++t) {
      const auto plan = gpu_gemm_plan(s, t, gpu, platform.hardware<Gpu>("gpu"), platform.memory);
      const double ratio = plan.dram_bytes /
                           simulated_gpu_gemm_dram_bytes(s, gpu.tiles[t], plan.blocks_per_sm, platform.hardware<Gpu>("gpu"));
      EXPECT_GE(ratio, 0.78) << gpu.tiles[t].name << " " << s.m << "x" << s.n << "x" << s.k;
      EXPECT_LE(ratio, 1.05) << gpu.tiles[t].name << " " << s.m << "x" << s.n << "x" << s.k;
    }
  }
}

TEST(CacheModelAgreement, SimulateModeUsesTheReplayedTraffic) {
  const auto platform = hwdesc::load_platform(test::repo_path("hwdesc/boards/jetson-tx1.yaml")).platform;
  const auto cpu = hwdesc::load_runtime(test::repo_path("hwdesc/runtimes/caffe-openblas-a57.yaml")).runtime.as<CpuRuntime>();
  const GemmShape s{729, 128, 1200};
  const auto simulated = cpu_gemm_cost(s, cpu, platform.hardware<CpuCluster>("cpu"), platform.memory, CacheModel::Simulate);
  EXPECT_DOUBLE_EQ(simulated.dram_bytes, simulated_cpu_gemm_dram_bytes(s, cpu, platform.hardware<CpuCluster>("cpu").l2));
}

}  // namespace
}  // namespace augur
