// The systolic-array model as a specification: SCALE-Sim's analytical cycles per dataflow on
// hand-computed cases, the DRAM traffic rules, stalls, and the array answering to its keys.
#include <gtest/gtest.h>

#include "sim/model/systolic/systolic_array.h"

namespace augur {
namespace {

// A 4×4 array with SRAMs large enough for every operand, 1 Hz clock and 1 B/s of DRAM: one byte
// per cycle, so stalls are easy to count by hand.
SystolicArray small_array(Dataflow dataflow) {
  SystolicArray a;
  a.rows = 4;
  a.cols = 4;
  a.dataflow = dataflow;
  a.clock_hz = 1;
  a.ifmap_sram_bytes = a.filter_sram_bytes = a.ofmap_sram_bytes = 1 << 20;
  return a;
}

Memory one_byte_per_second() {
  Memory m;
  m.bandwidth_bytes_per_s = 1;
  return m;
}

// P = 10 output pixels, F = 6 filters, T = 20 window elements, int8 (1 byte), unique operands:
// ifmap 100 B, filters T·F = 120 B, ofmap P·F = 60 B.
const SystolicGemm kGemm{10, 6, 20, 100, 120, 60, 1};

TEST(SystolicArray, OutputStationaryFoldsPixelsOnRowsAndFiltersOnColumns) {
  // ⌈10/4⌉·⌈6/4⌉ = 3·2 = 6 folds of T + R + C − 2 = 20 + 4 + 4 − 2 = 26 cycles.
  const auto f = systolic_folds(kGemm, small_array(Dataflow::OutputStationary));
  EXPECT_EQ(f.folds, 6);
  EXPECT_DOUBLE_EQ(f.cycles_per_fold, 26);
  EXPECT_DOUBLE_EQ(f.compute_cycles, 156);
}

TEST(SystolicArray, WeightStationaryFoldsTheWindowOnRowsAndFiltersOnColumns) {
  // ⌈20/4⌉·⌈6/4⌉ = 5·2 = 10 folds of 2R + C + P − 2 = 8 + 4 + 10 − 2 = 20 cycles.
  const auto f = systolic_folds(kGemm, small_array(Dataflow::WeightStationary));
  EXPECT_EQ(f.folds, 10);
  EXPECT_DOUBLE_EQ(f.compute_cycles, 200);
}

TEST(SystolicArray, InputStationaryFoldsTheWindowOnRowsAndPixelsOnColumns) {
  // ⌈20/4⌉·⌈10/4⌉ = 5·3 = 15 folds of 2R + C + F − 2 = 8 + 4 + 6 − 2 = 16 cycles.
  const auto f = systolic_folds(kGemm, small_array(Dataflow::InputStationary));
  EXPECT_EQ(f.folds, 15);
  EXPECT_DOUBLE_EQ(f.compute_cycles, 240);
}

TEST(SystolicArray, OperandsThatFitTheirSramAreReadFromDramOnce) {
  EXPECT_DOUBLE_EQ(systolic_dram_bytes(kGemm, small_array(Dataflow::OutputStationary)), 100 + 120 + 60);
}

TEST(SystolicArray, FiltersThatDoNotFitAreReadAgainForEveryPixelFold) {
  SystolicArray a = small_array(Dataflow::OutputStationary);
  a.filter_sram_bytes = 64;  // half of it (32 B) cannot hold 120 B of filters: ⌈10/4⌉ = 3 reads
  EXPECT_DOUBLE_EQ(systolic_dram_bytes(kGemm, a), 100 + 3 * 120 + 60);
}

TEST(SystolicArray, AFoldWhoseTransferOutlastsItsComputeStalls) {
  // 280 B over 6 folds at 1 B/cycle is 46.67 cycles per fold against 26 of compute: every fold
  // waits, so the GEMM takes exactly its DRAM bytes over the bandwidth.
  const auto c = systolic_gemm_cost(kGemm, 1, small_array(Dataflow::OutputStationary), one_byte_per_second());
  EXPECT_DOUBLE_EQ(c.cycles, 156);
  EXPECT_NEAR(c.stall_cycles, 280 - 156, 1e-9);
  EXPECT_NEAR(c.seconds, 280, 1e-9);
  EXPECT_EQ(c.bound, Bound::Memory);
}

TEST(SystolicArray, NoStallWhenDramKeepsUpAndLaunchesMultiply) {
  Memory fast;
  fast.bandwidth_bytes_per_s = 1e6;
  const auto c = systolic_gemm_cost(kGemm, 3, small_array(Dataflow::OutputStationary), fast);
  EXPECT_DOUBLE_EQ(c.stall_cycles, 0);
  EXPECT_DOUBLE_EQ(c.cycles, 3 * 156);
  EXPECT_DOUBLE_EQ(c.seconds, 3 * 156);  // 1 Hz clock
  EXPECT_DOUBLE_EQ(c.dram_bytes, 3 * 280);
  EXPECT_EQ(c.bound, Bound::Compute);
}

TEST(SystolicArray, ABiggerArrayIsNeverSlowerOnTheSameGemm) {
  Memory fast;
  fast.bandwidth_bytes_per_s = 1e12;
  const SystolicGemm conv{3025 * 2, 96, 363, 2 * 3 * 227 * 227, 96 * 363, 2 * 96 * 3025, 1};
  double previous = 1e300;
  for (int side : {8, 16, 32, 64, 128}) {
    SystolicArray a = small_array(Dataflow::OutputStationary);
    a.rows = a.cols = side;
    const double s = systolic_gemm_cost(conv, 1, a, fast).seconds;
    EXPECT_LT(s, previous) << side;
    previous = s;
  }
}

}  // namespace
}  // namespace augur
