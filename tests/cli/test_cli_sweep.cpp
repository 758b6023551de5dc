// `augur sweep` and `augur sweep merge` as a scheduler's array job would use them.
#include <algorithm>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "tests/cli/cli_runner.h"

namespace augur::test {
namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(CliSweep, ShardsMergeIntoTheFullSweep) {
  const std::string base = "sweep --hw hwdesc/boards/jetson-tx1.yaml --net workloads/caffe/alexnet.prototxt "
                           "--vary gpu.sm_count=1..4 --vary gpu.l2.size=256KiB,1MiB --batch 1 ";
  ASSERT_EQ(run_augur(base + "--out /tmp/augur_sweep_full.csv").exit_code, 0);
  for (int i = 1; i <= 2; ++i) {
    const auto r = run_augur(base + "--shard " + std::to_string(i) + "/2 --jobs 1 --out /tmp/augur_sweep_" + std::to_string(i) + ".csv");
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  const auto m = run_augur("sweep merge /tmp/augur_sweep_1.csv /tmp/augur_sweep_2.csv --out /tmp/augur_sweep_merged.csv");
  ASSERT_EQ(m.exit_code, 0) << m.err;
  const std::string full = slurp("/tmp/augur_sweep_full.csv"), merged = slurp("/tmp/augur_sweep_merged.csv");
  EXPECT_EQ(merged.substr(merged.find('\n')), full.substr(full.find('\n')));
  EXPECT_EQ(std::count(full.begin(), full.end(), '\n'), 2 + 8);
  const auto missing = run_augur("sweep merge /tmp/augur_sweep_1.csv --out /tmp/augur_sweep_bad.csv");
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("points missing"), std::string::npos);
}

TEST(CliSweep, JsonOutputHasOneRowPerPoint) {
  const auto r = run_augur("sweep --hw hwdesc/boards/jetson-tx1.yaml --net workloads/caffe/alexnet.prototxt "
                           "--vary gpu.sm_count=1..3 --batch 1 --format json --out /tmp/augur_sweep.json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string text = slurp("/tmp/augur_sweep.json");
  EXPECT_NE(text.find("\"points\": 3"), std::string::npos) << text.substr(0, 200);
  EXPECT_NE(text.find("\"gpu.sm_count\": \"3\""), std::string::npos);
}

TEST(CliSweep, ABadVaryValueFailsBeforeRunning) {
  const auto r = run_augur("sweep --hw hwdesc/boards/jetson-tx1.yaml --net workloads/caffe/alexnet.prototxt "
                           "--vary gpu.sm_count=1,0 --out /tmp/augur_sweep_never.csv");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("varied key gpu.sm_count: value '0'"), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1);
}

TEST(CliSweep, ASweepOverTheNpuBoardVariesTheArrayAndCountsItsSramTraffic) {
  const std::string out = ::testing::TempDir() + "augur_sweep_npu.csv";
  const auto r = run_augur("sweep --hw hwdesc/boards/hypothetical-tx1-npu.yaml --net workloads/caffe/alexnet.prototxt "
                           "--processor npu --vary npu.rows=16,32,64 --vary npu.dataflow=os,ws --batch 2 --jobs 1 "
                           "--runtime npu=hwdesc/runtimes/systolic-array-driver.yaml --out " + out);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::ifstream in(out);
  std::string comment, header, line;
  std::getline(in, comment);
  std::getline(in, header);
  EXPECT_NE(header.find("traffic_ifmap_sram_bytes"), std::string::npos) << header;
  EXPECT_NE(header.find("traffic_dram_bytes"), std::string::npos) << header;
  int rows = 0;
  while (std::getline(in, line)) ++rows;
  EXPECT_EQ(rows, 6);  // 3 array heights × 2 dataflows
}

}  // namespace
}  // namespace augur::test
