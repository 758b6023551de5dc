// The shipped TK1 and TX1 boards resolve to the hand-computed peaks of their YAML numbers.
#include <gtest/gtest.h>

#include "sim/hwdesc/derived.h"
#include "sim/hwdesc/loader.h"
#include "tests/test_paths.h"

namespace augur {
namespace {

// Peaks are products of exact decimal inputs; 1e-9 relative only absorbs floating rounding.
constexpr double kRelative = 1e-9;

hwdesc::LoadedPlatform board(const std::string& name) {
  return hwdesc::load_platform(test::repo_path("hwdesc/boards/" + name + ".yaml"));
}

TEST(JetsonTk1, CpuPeakIsFourA15sAt2300MHzTimesEightFlopsPerCycle) {
  const auto p = board("jetson-tk1").platform;
  const double expected = 4 * 2.3e9 * 8;  // 73.6 GFLOP/s (reference §A.4)
  EXPECT_NEAR(cpu_peak_flops(p.hardware<CpuCluster>("cpu")), expected, kRelative * expected);
}

TEST(JetsonTk1, GpuPeakIs192LanesTimesTwoAt852MHz) {
  const auto p = board("jetson-tk1").platform;
  const double expected = 1 * 192 * 2 * 852e6;  // 327.168 GFLOP/s
  EXPECT_NEAR(gpu_peak_flops_fp32(p.hardware<Gpu>("gpu")), expected, kRelative * expected);
}

TEST(JetsonTk1, DramBandwidthIs64BitsAt1848MTs) {
  const auto p = board("jetson-tk1").platform;
  EXPECT_NEAR(p.memory.bandwidth_bytes_per_s, 14.784e9, kRelative * 14.784e9);
  EXPECT_EQ(p.memory.capacity_bytes, 2LL << 30);
}

TEST(JetsonTx1, CpuPeakIsFourA57sAt1734MHzTimesEightFlopsPerCycle) {
  const auto p = board("jetson-tx1").platform;
  const double expected = 4 * 1.734e9 * 8;  // 55.488 GFLOP/s
  EXPECT_NEAR(cpu_peak_flops(p.hardware<CpuCluster>("cpu")), expected, kRelative * expected);
}

TEST(JetsonTx1, GpuPeakIsTwoSmsOf128LanesTimesTwoAt998MHz) {
  const auto p = board("jetson-tx1").platform;
  const double expected = 2 * 128 * 2 * 998.4e6;  // 511.18 GFLOP/s
  EXPECT_NEAR(gpu_peak_flops_fp32(p.hardware<Gpu>("gpu")), expected, kRelative * expected);
  EXPECT_NEAR(gpu_peak_flops_fp16(p.hardware<Gpu>("gpu")), 2 * expected, kRelative * expected);
}

TEST(JetsonTx1, DramBandwidthIsDerivedAs25point6GBs) {
  const auto loaded = board("jetson-tx1");
  EXPECT_NEAR(loaded.platform.memory.bandwidth_bytes_per_s, 25.6e9, kRelative * 25.6e9);
  EXPECT_EQ(loaded.values.at("memory.bandwidth").origin.kind, hwdesc::Origin::Kind::Derived);
}

TEST(JetsonTx1, ComposesCoreGpuAndMemoryFilesWithBoardOverrides) {
  const auto loaded = board("jetson-tx1");
  const auto& p = loaded.platform;
  EXPECT_EQ(p.hardware<CpuCluster>("cpu").name, "ARM Cortex-A57");
  EXPECT_EQ(p.hardware<CpuCluster>("cpu").cores, 4);
  EXPECT_EQ(p.hardware<CpuCluster>("cpu").l2.size_bytes, 2 << 20);    // from the board
  EXPECT_EQ(p.hardware<CpuCluster>("cpu").l2.associativity, 16);      // from the core file
  EXPECT_EQ(p.hardware<CpuCluster>("cpu").l1i.size_bytes, 48 << 10);
  EXPECT_EQ(p.hardware<Gpu>("gpu").sm_count, 2);
  EXPECT_EQ(p.hardware<Gpu>("gpu").l2.size_bytes, 256 << 10);
  EXPECT_NE(loaded.values.at("cpu.l2.size").origin.where.file.find("boards/jetson-tx1.yaml"),
            std::string::npos);
  EXPECT_NE(loaded.values.at("cpu.l2.associativity").origin.where.file.find("cores/cortex-a57.yaml"),
            std::string::npos);
}

TEST(Boards, BandwidthPerCycleIsBandwidthOverClock) {
  const auto p = board("jetson-tx1").platform;
  EXPECT_NEAR(bytes_per_cycle(p.memory.bandwidth_bytes_per_s, p.hardware<Gpu>("gpu").clock_hz), 25.6e9 / 998.4e6,
              1e-9);
}

}  // namespace
}  // namespace augur
