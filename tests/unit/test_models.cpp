// Mechanism checks of the cost models: each equation on hand-computed cases, and the
// monotonicity a user relies on when asking what-if questions.
#include <cmath>

#include <gtest/gtest.h>

#include "sim/hwdesc/loader.h"
#include "sim/hwdesc/runtime_loader.h"
#include "sim/model/cpu/cpu_gemm.h"
#include "sim/model/cpu/cpu_stream.h"
#include "sim/model/gpu/gemm_main_loop.h"
#include "sim/model/gpu/gpu_gemm.h"
#include "sim/model/gpu/gpu_stream.h"
#include "sim/model/gpu/occupancy.h"
#include "sim/model/gpu/window_traffic.h"
#include "tests/test_paths.h"

namespace augur {
namespace {

struct Tx1 {
  Platform platform = hwdesc::load_platform(test::repo_path("hwdesc/boards/jetson-tx1.yaml")).platform;
  CpuRuntime cpu = hwdesc::load_runtime(test::repo_path("hwdesc/runtimes/caffe-openblas-a57.yaml")).runtime.as<CpuRuntime>();
  GpuRuntime gpu = hwdesc::load_runtime(test::repo_path("hwdesc/runtimes/caffe-cublas-gm20b.yaml")).runtime.as<GpuRuntime>();
};

const GpuGemmTile& tile(const GpuRuntime& rt, const std::string& name) {
  for (const auto& t : rt.tiles) {
    if (t.name == name) return t;
  }
  throw std::runtime_error("no tile " + name);
}

TEST(Occupancy, RegistersLimitTheBigTileToTwoBlocksPerMaxwellSm) {
  const Tx1 tx1;
  // 256 threads x 128 registers = 32768 per block; 65536 / 32768 = 2 (threads allow 8, shared 4).
  EXPECT_EQ(blocks_per_sm(tile(tx1.gpu, "128x128"), tx1.platform.hardware<Gpu>("gpu")), 2);
}

TEST(Occupancy, ABlockOverThePerBlockRegisterLimitDoesNotFit) {
  const Tx1 tx1;
  GpuGemmTile t = tile(tx1.gpu, "128x128");
  t.registers_per_thread = 255;  // 255 x 256 > 32768 registers per block
  EXPECT_EQ(blocks_per_sm(t, tx1.platform.hardware<Gpu>("gpu")), 0);
}

TEST(IssueRate, MaxwellIsLimitedBySchedulersTimesFfmaFraction) {
  const Tx1 tx1;
  const Gpu& gpu = tx1.platform.hardware<Gpu>("gpu");
  // 4 schedulers x 32 lanes = 128 issue slots = 128 FP32 lanes; a tile's loop issues in the
  // ffma_fraction of them, its FMA share of those (the 128x128 tile is not bound by shared memory).
  EXPECT_NEAR(issue_slots_per_sm_cycle(gpu, tx1.gpu), 128, 1e-9);
  const GpuGemmTile& big = tile(tx1.gpu, "128x128");
  EXPECT_NEAR(tile_fma_per_sm_cycle(big, 4, 1.0, tx1.gpu, gpu),
              128 * tx1.gpu.ffma_fraction * gemm_main_loop(big, 4, 1, tx1.gpu.loop_instructions).fma_share, 1e-9);
}

TEST(IssueRate, KeplerNeedsDualIssueToFeedItsLanes) {
  Gpu kepler;
  kepler.fp32_lanes_per_sm = 192;
  kepler.warp_schedulers_per_sm = 4;
  kepler.warp_size = 32;
  kepler.dispatch_per_scheduler = 2;
  GpuRuntime rt;
  rt.ffma_fraction = 1.0;
  rt.dual_issue_fraction = 0.0;
  EXPECT_NEAR(issue_slots_per_sm_cycle(kepler, rt), 128, 1e-9);  // single issue: 2/3 of the lanes
  rt.dual_issue_fraction = 0.5;
  EXPECT_NEAR(issue_slots_per_sm_cycle(kepler, rt), 192, 1e-9);  // 192 issue slots: all lanes
}

TEST(CpuGemm, ComputeBoundTimeFollowsTheMicroKernelRate) {
  const Tx1 tx1;
  CpuRuntime rt = tx1.cpu;
  rt.pack_bytes_per_cycle = rt.pack_transposed_bytes_per_cycle = 1e12;  // no packing cost
  const GemmShape s{1024, 1024, 1024, false};
  const auto cost = cpu_gemm_cost(s, rt, tx1.platform.hardware<CpuCluster>("cpu"), tx1.platform.memory);
  // 1024^3 MACs / (4 lanes x 1 FMA x efficiency x 4 cores) / 1.734 GHz; exact up to rounding.
  const double expected = 1024.0 * 1024 * 1024 / (4 * rt.kernel_efficiency * 4) / 1.734e9;
  EXPECT_NEAR(cost.seconds, expected, 1e-9 * expected);
  EXPECT_EQ(cost.bound, Bound::Compute);
}

TEST(CpuGemm, MicroKernelIsLoadBoundWhenItsTileIsTooSmallForItsLoads) {
  const Tx1 tx1;
  CpuRuntime rt = tx1.cpu;
  rt.kernel_efficiency = 1;
  // 16x4 NEON: 16 FMAs vs 5 loads per k step: FMA-bound, 4 lanes x 1 FMA = 4 MACs/cycle.
  EXPECT_DOUBLE_EQ(cpu_micro_kernel_macs_per_cycle(rt, tx1.platform.hardware<CpuCluster>("cpu")), 4.0);
  // 4x1 NEON: 1 FMA vs 1.25 loads per k step on one load port: load-bound, 4 / 1.25 MACs/cycle.
  rt.mr = 4;
  rt.nr = 1;
  EXPECT_DOUBLE_EQ(cpu_micro_kernel_macs_per_cycle(rt, tx1.platform.hardware<CpuCluster>("cpu")), 4.0 / 1.25);
}

TEST(CpuGemm, TheLibraryFollowsTheCoreUnlessItsRuntimePinsTheKernel) {
  const Tx1 tx1;
  const GemmShape s{3136, 256, 1152, false};  // VGG-16 conv3_1 per image
  CpuCluster wide = tx1.platform.hardware<CpuCluster>("cpu");
  const double base = cpu_gemm_cost(s, tx1.cpu, wide, tx1.platform.memory).seconds;
  // A57 runtime: simd_lanes, fma_per_cycle and threads follow the core.
  wide.simd_width_bits = 256;  // twice the lanes per FMA: the micro-kernel runs twice as many MACs
  const double wider = cpu_gemm_cost(s, tx1.cpu, wide, tx1.platform.memory).seconds;
  EXPECT_LT(wider, 0.75 * base);
  CpuCluster more = tx1.platform.hardware<CpuCluster>("cpu");
  more.cores = 6;
  more.l2.size_bytes = 4 << 20;  // six threads' A blocks (6 · 176 KiB) need more than half of 2 MiB
  EXPECT_LT(cpu_gemm_cost(s, tx1.cpu, more, tx1.platform.memory).seconds, 0.8 * base);
  // A runtime that pins a scalar kernel (OpenBLAS's ARMv7 target) ignores the wider SIMD unit.
  CpuRuntime pinned = tx1.cpu;
  pinned.simd_lanes = 4;
  pinned.fma_per_cycle = 1;
  EXPECT_DOUBLE_EQ(cpu_gemm_cost(s, pinned, wide, tx1.platform.memory).seconds, base);
}

TEST(CpuGemm, OpenBlasRunsSmallAndThinCallsOnOneThread) {
  const Tx1 tx1;
  const CpuCluster& cpu = tx1.platform.hardware<CpuCluster>("cpu");
  // AlexNet fc6 at batch 2 (m = outputs, n = batch): n = 2 < switch_ratio (2) · 4 threads -> one
  // thread (OpenBLAS 0.2.19).
  EXPECT_EQ(cpu_gemm_threads(GemmShape{4096, 2, 9216, true}, tx1.cpu, cpu), 1);
  // At batch 8 the call is split over all four cores.
  EXPECT_EQ(cpu_gemm_threads(GemmShape{4096, 8, 9216, true}, tx1.cpu, cpu), 4);
  // 64·64·64 = 262144 MACs is at the single-thread threshold; one more row is over it.
  EXPECT_EQ(cpu_gemm_threads(GemmShape{64, 64, 64, false}, tx1.cpu, cpu), 1);
  EXPECT_EQ(cpu_gemm_threads(GemmShape{65, 64, 64, false}, tx1.cpu, cpu), 4);
  // A runtime without the rule (0) splits every call that has micro-tiles for every thread.
  CpuRuntime no_rule = tx1.cpu;
  no_rule.single_thread_max_macs = 0;
  no_rule.switch_ratio = 0;
  EXPECT_EQ(cpu_gemm_threads(GemmShape{64, 64, 64, false}, no_rule, cpu), 4);
  // The single-threaded call is slower than the same call split four ways, all else equal.
  const GemmShape fc6{4096, 2, 9216, true};
  EXPECT_GT(cpu_gemm_cost(fc6, tx1.cpu, cpu, tx1.platform.memory).seconds,
            cpu_gemm_cost(fc6, no_rule, cpu, tx1.platform.memory).seconds);
}

TEST(CpuGemm, TransposedPackingOfManyThreadsIsCappedByTheDramShareOfAStridedGather) {
  const Tx1 tx1;
  const CpuCluster& cpu = tx1.platform.hardware<CpuCluster>("cpu");
  CpuRuntime rt = tx1.cpu;
  rt.kernel_efficiency = 1e6;  // no micro-kernel time: the packing is all there is to compare
  rt.pack_bytes_per_cycle = 1e12;
  rt.pack_transposed_bytes_per_cycle = 1.0;
  const GemmShape fc{4096, 16, 9216, true};  // four threads
  ASSERT_EQ(cpu_gemm_threads(fc, rt, cpu), 4);
  rt.pack_transposed_dram_efficiency = 1.0;  // 25.6 GB/s / 1.734 GHz = 14.8 B/cycle: not binding
  const double uncapped = cpu_gemm_cost(fc, rt, cpu, tx1.platform.memory).seconds;
  // Cap at 1 B/cycle in all: the four threads pack at the rate of one.
  rt.pack_transposed_dram_efficiency = 1.0 * cpu.clock_hz / tx1.platform.memory.bandwidth_bytes_per_s;
  const double capped = cpu_gemm_cost(fc, rt, cpu, tx1.platform.memory).seconds;
  EXPECT_NEAR(capped / uncapped, 4.0, 0.05);  // 5% for the DRAM-bound floor under the uncapped packing
}

TEST(CpuGemm, OneCorePacksTransposedWeightsAtItsGemvRateUnlessTheRuntimeGivesItsOwn) {
  const Tx1 tx1;
  const CpuCluster& cpu = tx1.platform.hardware<CpuCluster>("cpu");
  CpuRuntime rt = tx1.cpu;
  rt.kernel_efficiency = 1e6;  // no micro-kernel time: the packing is all there is to compare
  rt.pack_transposed_bytes_per_cycle = 0;  // the shipped runtimes: follow the GEMV rate
  rt.gemv_bytes_per_cycle = 0.5;
  EXPECT_DOUBLE_EQ(cpu_transposed_pack_bytes_per_cycle(rt), 0.5);
  const GemmShape fc{4096, 2, 4096, true};  // AlexNet's fc7 at batch 2: one thread (n < 2 x 4)
  ASSERT_EQ(cpu_gemm_threads(fc, rt, cpu), 1);
  const double at_half = cpu_gemm_cost(fc, rt, cpu, tx1.platform.memory).seconds;
  rt.gemv_bytes_per_cycle = 1.0;  // a core that streams twice as fast packs twice as fast
  const double at_one = cpu_gemm_cost(fc, rt, cpu, tx1.platform.memory).seconds;
  EXPECT_NEAR(at_half / at_one, 2.0, 0.02);  // 1% for the packing of B and the tiny compute
  rt.pack_transposed_bytes_per_cycle = 0.25;  // a runtime that gives its own rate keeps it
  EXPECT_DOUBLE_EQ(cpu_transposed_pack_bytes_per_cycle(rt), 0.25);
}

TEST(CpuGemm, AnL2SweepNeverSlowsAsTheL2GrowsAndSlowsWhereTheBlockedWorkingSetNoLongerFits) {
  const Tx1 tx1;
  const GemmShape s{3136, 256, 1152, false};  // VGG-16 conv3_1 per image
  CpuCluster cpu = tx1.platform.hardware<CpuCluster>("cpu");
  // The four threads' packed A blocks: 4 · 128 · 352 · 4 B = 704 KiB, which fit in half an L2 of
  // 1.375 MiB or more; below, every A micro-panel comes from DRAM again for every B micro-panel.
  double previous = 1e300, at_256k = 0, at_2m = 0;
  for (const std::int64_t kib : {256, 512, 1024, 1408, 1536, 2048, 4096}) {
    cpu.l2.size_bytes = kib << 10;
    const double seconds = cpu_gemm_cost(s, tx1.cpu, cpu, tx1.platform.memory).seconds;
    EXPECT_LE(seconds, previous * (1 + 1e-12)) << kib << " KiB";
    previous = seconds;
    if (kib == 256) at_256k = seconds;
    if (kib == 2048) at_2m = seconds;
  }
  EXPECT_GT(at_256k, 1.2 * at_2m);
  cpu.l2.size_bytes = 1408 << 10;  // 704 KiB = half of it: fits, no refetch
  EXPECT_DOUBLE_EQ(cpu_gemm_refetch_bytes(s, tx1.cpu, cpu.l2, 4), 0.0);
  cpu.l2.size_bytes = 1024 << 10;  // A (3136·1152·4 B) refetched ⌈256/4⌉ − ⌈256/4096⌉ = 63 more times
  EXPECT_DOUBLE_EQ(cpu_gemm_refetch_bytes(s, tx1.cpu, cpu.l2, 4), 3136.0 * 1152 * 4 * 63);
}

TEST(CpuGemm, DramTrafficIsEachOperandOnceWhenTheyFitInL2) {
  const Tx1 tx1;
  const GemmShape s{256, 64, 128, false};  // A 128 KiB, C 64 KiB: within half the 2 MiB L2
  // A and B read once; C filled (write-allocate) and written back; the packed blocks
  // (min(m, mc) x min(k, kc) and min(k, kc) x min(n, nc)) written back once.
  const double expected = 4.0 * (256 * 128 + 128 * 64 + 2 * 256 * 64 + 128 * 128 + 128 * 64);
  EXPECT_DOUBLE_EQ(cpu_gemm_dram_bytes(s, tx1.cpu, tx1.platform.hardware<CpuCluster>("cpu").l2), expected);
}

TEST(CpuGemm, ALargerL2NeverIncreasesDramTraffic) {
  const Tx1 tx1;
  for (const GemmShape s : {GemmShape{3025, 96, 363}, GemmShape{50176, 64, 576}, GemmShape{4096, 8, 9216}}) {
    double previous = 1e300;
    for (std::int64_t kib = 128; kib <= 8192; kib *= 2) {
      CacheSpec l2 = tx1.platform.hardware<CpuCluster>("cpu").l2;
      l2.size_bytes = kib << 10;
      const double bytes = cpu_gemm_dram_bytes(s, tx1.cpu, l2);
      EXPECT_LE(bytes, previous) << kib << " KiB";
      previous = bytes;
    }
  }
}

TEST(GpuGemm, ALargerL2NeverIncreasesDramTraffic) {
  Tx1 tx1;
  for (const GemmShape s : {GemmShape{3025, 96, 363}, GemmShape{12544, 256, 2304}, GemmShape{169, 384, 2304}}) {
    for (int t = 0; t < static_cast<int>(tx1.gpu.tiles.size()); ++t) {
      double previous = 1e300;
      for (std::int64_t kib = 64; kib <= 65536; kib *= 2) {
        tx1.platform.hardware<Gpu>("gpu").l2.size_bytes = kib << 10;
        const double bytes = gpu_gemm_plan(s, t, tx1.gpu, tx1.platform.hardware<Gpu>("gpu"), tx1.platform.memory).dram_bytes;
        EXPECT_LE(bytes, previous * (1 + 1e-12)) << tx1.gpu.tiles[t].name << " " << kib << " KiB";
        previous = bytes;
      }
    }
  }
}

// SqueezeNet's fire2/squeeze1x1 (56x56 pixels, 64 -> 16 channels) is an NN SGEMM with n = 16:
// under Caffe + cuBLAS it runs the library's small-n kernel like an InnerProduct at batch 16, so
// its time grows with k at the small-n rate; the same GEMM inside a cuDNN algorithm does not.
TEST(GpuGemm, ABlasCallWithFewOutputChannelsRunsTheSmallNKernelWhateverItsLayout) {
  const Tx1 tx1;
  const Gpu& gpu = tx1.platform.hardware<Gpu>("gpu");
  Kernel conv;
  conv.kind = KernelKind::Gemm;
  conv.m = 3136;
  conv.n = 16;
  conv.k = 64;
  conv.algorithm = ConvolutionLowering::Im2colGemm;
  const GemmShape blas = gpu_gemm_shape(conv, tx1.gpu);
  EXPECT_TRUE(runs_small_n_kernel(blas, tx1.gpu));
  EXPECT_EQ(gpu_gemm_cost(blas, 1, tx1.gpu, gpu, tx1.platform.memory).detail, "small_n");
  // Doubling k doubles the FMAs at the small-n rate: S · f · schedulers · warp · fraction.
  GemmShape twice_k = blas;
  twice_k.k *= 2;
  const double fma_per_s = gpu.sm_count * gpu.clock_hz * gpu.warp_schedulers_per_sm * gpu.warp_size *
                           tx1.gpu.small_n_ffma_fraction;
  const double delta = gpu_gemm_cost(twice_k, 1, tx1.gpu, gpu, tx1.platform.memory).seconds -
                       gpu_gemm_cost(blas, 1, tx1.gpu, gpu, tx1.platform.memory).seconds;
  EXPECT_NEAR(delta, 3136.0 * 16 * 64 / fma_per_s, 1e-12);  // compute-bound at both k: exact
  // n = 17 and a cuDNN algorithm's GEMM run on the tiles.
  GemmShape wider = blas;
  wider.n = tx1.gpu.small_n_max_n + 1;
  EXPECT_FALSE(runs_small_n_kernel(wider, tx1.gpu));
  conv.algorithm = ConvolutionLowering::ImplicitGemm;
  EXPECT_FALSE(runs_small_n_kernel(gpu_gemm_shape(conv, tx1.gpu), tx1.gpu));
  // An InnerProduct at batch 8 (transposed A, no algorithm) is a BLAS call.
  Kernel fc;
  fc.kind = KernelKind::Gemm;
  fc.m = 4096;
  fc.n = 8;
  fc.k = 9216;
  fc.a_transposed = true;
  EXPECT_TRUE(runs_small_n_kernel(gpu_gemm_shape(fc, tx1.gpu), tx1.gpu));
}

TEST(GpuGemm, MoreSmsCutAMultiWaveGemmButNotASingleBlock) {
  Tx1 tx1;
  const GemmShape big{12544, 256, 2304};  // many waves on 2 SMs
  const GemmShape tiny{32, 32, 256};      // one block
  const auto time = [&](const GemmShape& s, int sms) {
    Gpu gpu = tx1.platform.hardware<Gpu>("gpu");
    gpu.sm_count = sms;
    return gpu_gemm_cost(s, 1, tx1.gpu, gpu, tx1.platform.memory).seconds;
  };
  EXPECT_LT(time(big, 4), 0.6 * time(big, 2));
  EXPECT_NEAR(time(tiny, 4), time(tiny, 2), 1e-12);
}

// The TX1's CK records time ReLU6 (16 KiB per image, just written by fc6's bias pass) flat at
// ~51 us from batch 6 to 16, while ReLU1 (1.1 MiB per image) grows 109 us per image: a blob the
// 256 KiB L2 holds is read from it; writes up to the L2's size drain after the call.
TEST(L2Residency, AStreamingCallReadsThePreviousKernelsOutputFromTheL2WhenItFits) {
  const Tx1 tx1;
  const Gpu gpu = tx1.platform.hardware<Gpu>("gpu");
  const double l2 = static_cast<double>(gpu.l2.size_bytes);
  const L2ResidentTraffic fits = l2_resident_traffic(l2 / 2, l2 / 2, true, gpu);
  EXPECT_EQ(fits.read_from_dram, 0.0);
  EXPECT_EQ(fits.written_in_call, 0.0);
  EXPECT_EQ(fits.written_later, l2 / 2);  // still DRAM traffic, after the call
  // Beyond the L2 only its last C bytes are there: the rest is read from DRAM, and the call
  // writes back all but C bytes itself.
  const L2ResidentTraffic big = l2_resident_traffic(3 * l2, 3 * l2, true, gpu);
  EXPECT_EQ(big.read_from_dram, 2 * l2);
  EXPECT_EQ(big.written_in_call, 2 * l2);
  EXPECT_EQ(big.written_later, l2);
  // A call that reads older data (im2col of image i, after images 0..i-1 ran) reads it all.
  EXPECT_EQ(l2_resident_traffic(l2 / 2, 0, false, gpu).read_from_dram, l2 / 2);
}

TEST(L2Residency, ALargerL2SpeedsUpAStreamingKernelItNowHoldsAndNeverSlowsOne) {
  const Tx1 tx1;
  Kernel relu;
  relu.kind = KernelKind::Stream;
  relu.op = StreamOp::Relu;
  relu.elements = 1 << 17;  // 512 KiB of fp32, twice the TX1's L2
  relu.bytes_read = relu.bytes_written = 4 << 17;
  Gpu gpu = tx1.platform.hardware<Gpu>("gpu");
  ASSERT_EQ(gpu.l2.size_bytes, 256 * 1024);
  const auto small = gpu_stream_cost(relu, tx1.gpu, gpu, tx1.platform.memory);
  gpu.l2.size_bytes *= 4;
  const auto large = gpu_stream_cost(relu, tx1.gpu, gpu, tx1.platform.memory);
  EXPECT_LT(large.seconds, small.seconds);
  EXPECT_EQ(large.bound, Bound::Overhead);  // the launch gap is all that is left
  EXPECT_EQ(large.dram_bytes, relu.bytes_written);  // the writes still reach DRAM, after the call
  // At 256 KiB the L2 holds half the input: the other half and every write reach DRAM.
  EXPECT_EQ(small.dram_bytes, static_cast<double>(relu.bytes_read) / 2 + static_cast<double>(relu.bytes_written));
}

TEST(Bandwidth, DoublingItNeverSlowsAKernelAndSpeedsUpAMemoryBoundOne) {
  const Tx1 tx1;
  Memory fast = tx1.platform.memory;
  fast.bandwidth_bytes_per_s *= 2;
  Kernel relu;
  relu.kind = KernelKind::Stream;
  relu.op = StreamOp::Relu;
  relu.elements = 1 << 22;
  relu.bytes_read = relu.bytes_written = 4 << 22;
  const auto gpu_slow = gpu_stream_cost(relu, tx1.gpu, tx1.platform.hardware<Gpu>("gpu"), tx1.platform.memory);
  const auto gpu_fast = gpu_stream_cost(relu, tx1.gpu, tx1.platform.hardware<Gpu>("gpu"), fast);
  EXPECT_EQ(gpu_slow.bound, Bound::Memory);
  EXPECT_LT(gpu_fast.seconds, gpu_slow.seconds);
  EXPECT_LE(cpu_stream_cost(relu, tx1.cpu, tx1.platform.hardware<CpuCluster>("cpu"), fast).seconds,
            cpu_stream_cost(relu, tx1.cpu, tx1.platform.hardware<CpuCluster>("cpu"), tx1.platform.memory).seconds);
  EXPECT_LT(gpu_gemv_cost(4096, 9216, 4, tx1.gpu, fast).seconds,
            gpu_gemv_cost(4096, 9216, 4, tx1.gpu, tx1.platform.memory).seconds);
  for (const GemmShape s : {GemmShape{3025, 96, 363}, GemmShape{4096, 2, 9216, true}}) {
    EXPECT_LE(gpu_gemm_cost(s, 1, tx1.gpu, tx1.platform.hardware<Gpu>("gpu"), fast).seconds,
              gpu_gemm_cost(s, 1, tx1.gpu, tx1.platform.hardware<Gpu>("gpu"), tx1.platform.memory).seconds);
    EXPECT_LE(cpu_gemm_cost(s, tx1.cpu, tx1.platform.hardware<CpuCluster>("cpu"), fast).seconds,
              cpu_gemm_cost(s, tx1.cpu, tx1.platform.hardware<CpuCluster>("cpu"), tx1.platform.memory).seconds);
  }
}

}  // namespace
}  // namespace augur

namespace augur {
namespace {

Gpu tx1_gpu() { return hwdesc::load_platform(test::repo_path("hwdesc/boards/jetson-tx1.yaml")).platform.hardware<Gpu>("gpu"); }

TEST(WindowTraffic, GlobalPoolingLanesInDifferentPlanesFetchASectorPerElement) {
  // SqueezeNet's pool10 at batch 16: 16000 threads, lanes 784 B apart (one 14x14 plane each);
  // 4096 resident threads each holding a 128 B line (512 KiB) do not fit half the 256 KiB L2,
  // so every element read is a 32 B sector: 196 x 32 B per output.
  const Gpu gpu = tx1_gpu();
  const WindowAccess global{14, 14, 1, 1, 14, 14, 1, 1};
  const auto t = window_read_traffic(global, 16000, 4, gpu);
  EXPECT_FALSE(t.reused);
  EXPECT_NEAR(t.bytes, 16000.0 * 196 * 32, 1.0);
  EXPECT_NEAR(t.bytes / (16000.0 * 196 * 4), 8.0, 1e-9);  // 8x the input's bytes
}

TEST(WindowTraffic, OverlappingMaxPoolingWindowsReuseTheirRowsSectors) {
  // AlexNet's pool1 (3x3, stride 2, 55x55 -> 27x27, 96 planes): lanes 8 B apart, a warp touches
  // 1 + 31/27 rows; per window row a run of L = 32 / runs lanes spans (L - 1) * 8 + 12 B.
  const Gpu gpu = tx1_gpu();
  const WindowAccess pool1{55, 55, 27, 27, 3, 3, 2, 2};
  const std::int64_t outputs = 96 * 27 * 27;
  const auto t = window_read_traffic(pool1, outputs, 4, gpu);
  EXPECT_TRUE(t.reused);
  const double runs = 1 + 31.0 / 27, lanes = 32 / runs, span = (lanes - 1) * 8 + 12;
  const double expected = std::ceil(outputs / 32.0) * runs * 3 * (span + 32 - 4) / 32 * 32;
  EXPECT_NEAR(t.bytes, expected, 1e-6 * expected);
  // More than the input (each input row is read by overlapping windows), less than 3x it.
  const double input = 96.0 * 55 * 55 * 4;
  EXPECT_GT(t.bytes, input);
  EXPECT_LT(t.bytes, 3 * input);
}

TEST(WindowTraffic, ALargerL2KeepsTheGlobalPoolingRowsAndCutsTheTraffic) {
  Gpu gpu = tx1_gpu();
  const WindowAccess global{14, 14, 1, 1, 14, 14, 1, 1};
  const double small = window_read_traffic(global, 16000, 4, gpu).bytes;
  gpu.l2.size_bytes = 2 << 20;  // 4096 threads x 128 B = 512 KiB now fits half of it
  const auto big = window_read_traffic(global, 16000, 4, gpu);
  EXPECT_TRUE(big.reused);
  EXPECT_LT(big.bytes, small / 4);
}

// cuDNN's own streaming kernels (Kernel::library_stream) run at min(1, φ · e_stream) of DRAM
// peak, φ = kernels.library_stream_factor; the framework's kernels keep e_stream.
TEST(LayerLibraryKernels, StreamAtTheFactorTimesTheFrameworksShareCappedAtThePeak) {
  const Tx1 tx1;
  const Gpu gpu = tx1.platform.hardware<Gpu>("gpu");
  Kernel relu;
  relu.kind = KernelKind::Stream;
  relu.op = StreamOp::Relu;
  relu.elements = 1 << 22;  // 16 MiB in and out: memory-bound, far beyond the L2
  relu.bytes_read = relu.bytes_written = 4 << 22;
  GpuRuntime rt = tx1.gpu;
  rt.library_stream_factor = 0.5;
  const auto caffes = gpu_stream_cost(relu, rt, gpu, tx1.platform.memory);
  relu.library_stream = true;
  const auto cudnns = gpu_stream_cost(relu, rt, gpu, tx1.platform.memory);
  ASSERT_EQ(caffes.bound, Bound::Memory);
  EXPECT_NEAR(cudnns.memory_seconds, 2 * caffes.memory_seconds, 1e-12 * caffes.memory_seconds);
  EXPECT_EQ(cudnns.dram_bytes, caffes.dram_bytes);  // the same bytes, moved more slowly
  // A factor that would exceed the DRAM peak stops at it.
  rt.library_stream_factor = 2.0 / rt.stream_bandwidth_efficiency;
  const auto at_peak = gpu_stream_cost(relu, rt, gpu, tx1.platform.memory);
  const double bytes = static_cast<double>(relu.bytes_read + relu.bytes_written) - 2.0 * static_cast<double>(gpu.l2.size_bytes);
  EXPECT_NEAR(at_peak.memory_seconds, bytes / tx1.platform.memory.bandwidth_bytes_per_s, 1e-9 * at_peak.memory_seconds);
}

}  // namespace
}  // namespace augur
