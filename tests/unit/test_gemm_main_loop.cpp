// The main loop of a tiled GPU GEMM (sim/model/gpu/gemm_main_loop.h, docs/model.md "A tile's main
// loop"): its instruction mix and shared-memory demand, hand-computed, and the hardware key that
// bounds it answering a what-if.
#include <gtest/gtest.h>

#include "sim/hwdesc/loader.h"
#include "sim/hwdesc/runtime_loader.h"
#include "sim/model/gpu/gemm_main_loop.h"
#include "sim/model/gpu/gpu_gemm.h"
#include "tests/test_paths.h"

namespace augur {
namespace {

GpuGemmTile tile(int m, int n, int k, int threads) { return GpuGemmTile{"t", m, n, k, threads, 64, 8192}; }

// maxas's sgemm128: 256 threads, each an 8x8 micro-tile. Per step of k: 64 FFMAs, 4 LDS.128 of
// fragments, 2·4·256/(16·256) = 0.5 staging instructions, 6/8 loop instructions.
TEST(GemmMainLoop, TheBigTileHasAnEightByEightMicroTileAndIssuesMostlyFmas) {
  const GemmMainLoop loop = gemm_main_loop(tile(128, 128, 8, 256), 4, 1, 6);
  EXPECT_EQ(loop.micro_m, 8);
  EXPECT_EQ(loop.micro_n, 8);
  EXPECT_NEAR(loop.fma_share, 64.0 / (64 + 4 + 0.5 + 0.75), 1e-12);
  EXPECT_NEAR(loop.fmas_per_shared_byte, 64.0 / (4 * 16), 1e-12);  // 1 FMA per byte
}

// cuBLAS's 128x32 kernel with 128 threads: a 4x8 micro-tile. Fewer FMAs per fragment byte and a
// lower FMA share than 8x8.
TEST(GemmMainLoop, ANarrowTileReadsMoreSharedMemoryPerFma) {
  const GemmMainLoop loop = gemm_main_loop(tile(128, 32, 8, 128), 4, 1, 6);
  EXPECT_EQ(loop.micro_m, 4);
  EXPECT_EQ(loop.micro_n, 8);
  EXPECT_NEAR(loop.fma_share, 32.0 / (32 + 3 + 2.0 * 4 * 160 / (16 * 128) + 0.75), 1e-12);
  EXPECT_NEAR(loop.fmas_per_shared_byte, 32.0 / (4 * 12), 1e-12);
}

// Paired half2: half the FMA instructions, half the fragment bytes per FMA.
TEST(GemmMainLoop, Half2IssuesOneInstructionPerTwoFmasAndReadsTwoByteFragments) {
  const GemmMainLoop loop = gemm_main_loop(tile(128, 128, 8, 256), 2, 2, 6);
  EXPECT_NEAR(loop.fma_share, 32.0 / (32 + 2 + 0.25 + 0.75), 1e-12);
  EXPECT_NEAR(loop.fmas_per_shared_byte, 2.0, 1e-12);
}

struct Tx1 {
  Platform platform = hwdesc::load_platform(test::repo_path("hwdesc/boards/jetson-tx1.yaml")).platform;
  GpuRuntime gpu = hwdesc::load_runtime(test::repo_path("hwdesc/runtimes/caffe-cublas-gm20b.yaml")).runtime.as<GpuRuntime>();
};

// GM20B: 32 banks x 4 B = 128 B per cycle. With every issue slot issuing (ffma_fraction 1), an
// 8x8 micro-tile is bound by the FMA share (128 · 0.924 = 118 FMAs per cycle), a 4x8 one by the
// shared memory (128 B · 32 / (4 B · 12) = 85.3), below its FMA share's 128 · 0.880 = 113.
TEST(GemmMainLoop, TheMaxwellSharedMemoryBindsANarrowTileButNotTheBigOne) {
  Tx1 tx1;
  const Gpu& gpu = tx1.platform.hardware<Gpu>("gpu");
  ASSERT_EQ(gpu.shared_memory_bytes_per_cycle, 128);
  tx1.gpu.ffma_fraction = 1;
  tx1.gpu.loop_instructions = 6;
  EXPECT_NEAR(tile_fma_per_sm_cycle(tile(128, 128, 8, 256), 4, 1.0, tx1.gpu, gpu), 128 * 64.0 / 69.25, 1e-9);
  EXPECT_NEAR(tile_fma_per_sm_cycle(tile(128, 32, 8, 128), 4, 1.0, tx1.gpu, gpu), 128 * 32.0 / 48, 1e-9);
}

// What-if: halving the shared-memory bandwidth slows a compute-bound GEMM on the 128x128 tile (the
// bound, 64 FMAs per cycle, falls below the issue rate); doubling it changes nothing there.
TEST(GemmMainLoop, SharedMemoryBandwidthIsAKeyThatAnswers) {
  const Tx1 tx1;
  const GemmShape big{12544, 256, 2304};
  const auto seconds = [&](double bytes_per_cycle) {
    Gpu gpu = tx1.platform.hardware<Gpu>("gpu");
    gpu.shared_memory_bytes_per_cycle = bytes_per_cycle;
    return gpu_gemm_cost(big, 1, tx1.gpu, gpu, tx1.platform.memory).seconds;
  };
  const double shipped = seconds(128);
  EXPECT_GT(seconds(64), 1.05 * shipped);
  EXPECT_NEAR(seconds(256), shipped, 1e-12);
}

}  // namespace
}  // namespace augur
