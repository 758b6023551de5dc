// `augur sweep` and `augur sweep merge` as a scheduler's array job would use them, and what a
// merge must refuse (shards of another sweep, a missing shard, a truncated row).
#include <algorithm>
#include <filesystem>
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

const std::string kBase = "sweep --hw hwdesc/boards/jetson-tx1.yaml --net workloads/caffe/alexnet.prototxt "
                          "--vary gpu.sm_count=1..4 --vary gpu.l2.size=256KiB,1MiB --batch 1 ";

TEST(CliSweep, ShardsMergeIntoTheFullSweep) {
  const ScratchDir d;
  ASSERT_EQ(run_augur(kBase + "--out " + d.file("full.csv")).exit_code, 0);
  for (int i = 1; i <= 2; ++i) {
    const auto r = run_augur(kBase + "--shard " + std::to_string(i) + "/2 --jobs 1 --out " + d.file(std::to_string(i) + ".csv"));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    // Each shard carries its sweep's definition beside it.
    EXPECT_TRUE(std::filesystem::exists(d.file(std::to_string(i) + ".csv.json")));
  }
  const auto m = run_augur("sweep merge " + d.file("1.csv") + " " + d.file("2.csv") + " --out " + d.file("merged.csv"));
  ASSERT_EQ(m.exit_code, 0) << m.err;
  const std::string full = slurp(d.file("full.csv")), merged = slurp(d.file("merged.csv"));
  EXPECT_EQ(merged, full);
  EXPECT_EQ(std::count(full.begin(), full.end(), '\n'), 1 + 8);  // header, 4 x 2 points
  // A plain CSV: the header first, each varied key a number in its base unit, the unit in its name.
  EXPECT_EQ(full.rfind("point,gpu.sm_count,gpu.l2.size_bytes,network,", 0), 0u) << full.substr(0, 80);
  EXPECT_NE(full.find("\n0,1,262144,AlexNet,"), std::string::npos) << full;
  EXPECT_NE(full.find("\n7,4,1048576,AlexNet,"), std::string::npos) << full;
  const auto missing = run_augur("sweep merge " + d.file("1.csv") + " --out " + d.file("bad.csv"));
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("shard 2/2 is missing"), std::string::npos) << missing.err;
  EXPECT_FALSE(std::filesystem::exists(d.file("bad.csv")));  // no output from a refused merge
}

TEST(CliSweep, MergeRefusesShardsOfAnotherSweepNamingTheDifference) {
  const ScratchDir d;
  ASSERT_EQ(run_augur(kBase + "--shard 1/2 --out " + d.file("a1.csv")).exit_code, 0);
  // Same columns and point count, but another --set: the old merge accepted this.
  ASSERT_EQ(run_augur(kBase + "--set gpu.clock=0.5GHz --shard 2/2 --out " + d.file("b2.csv")).exit_code, 0);
  const auto r = run_augur("sweep merge " + d.file("a1.csv") + " " + d.file("b2.csv") + " --out " + d.file("m.csv"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("b2.csv is from another sweep"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("overrides"), std::string::npos) << r.err;
  // Another shard grid (3 shards instead of 2) with the same everything else.
  ASSERT_EQ(run_augur(kBase + "--shard 2/3 --out " + d.file("c2.csv")).exit_code, 0);
  const auto grid = run_augur("sweep merge " + d.file("a1.csv") + " " + d.file("c2.csv") + " --out " + d.file("m.csv"));
  EXPECT_EQ(grid.exit_code, 2);
  EXPECT_NE(grid.err.find("shard_count"), std::string::npos) << grid.err;
  // A shard without its definition file.
  ASSERT_EQ(run_augur(kBase + "--shard 2/2 --out " + d.file("a2.csv")).exit_code, 0);
  std::filesystem::remove(d.file("a2.csv.json"));
  const auto bare = run_augur("sweep merge " + d.file("a1.csv") + " " + d.file("a2.csv") + " --out " + d.file("m.csv"));
  EXPECT_EQ(bare.exit_code, 2);
  EXPECT_NE(bare.err.find("no sweep definition"), std::string::npos) << bare.err;
}

TEST(CliSweep, MergeRefusesATruncatedLastRow) {
  const ScratchDir d;
  ASSERT_EQ(run_augur(kBase + "--shard 1/2 --out " + d.file("1.csv")).exit_code, 0);
  ASSERT_EQ(run_augur(kBase + "--shard 2/2 --out " + d.file("2.csv")).exit_code, 0);
  std::string text = slurp(d.file("2.csv"));
  text.resize(text.size() - 20);  // a killed writer: the last row is cut
  std::ofstream(d.file("2.csv"), std::ios::trunc) << text;
  const auto r = run_augur("sweep merge " + d.file("1.csv") + " " + d.file("2.csv") + " --out " + d.file("m.csv"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("cut short"), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1);  // one line
}

TEST(CliSweep, MergeOfADeviceOrFifoIsAnErrorNotAHang) {
  const ScratchDir d;
  ASSERT_EQ(run_augur(kBase + "--shard 1/1 --out " + d.file("1.csv")).exit_code, 0);
  std::filesystem::copy_file(d.file("1.csv.json"), d.file("zero.json"));
  ASSERT_EQ(std::system(("ln -s /dev/zero " + d.file("zero")).c_str()), 0);
  const auto r = run_augur("sweep merge " + d.file("zero") + " --out " + d.file("m.csv"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("not a regular file"), std::string::npos) << r.err;
}

TEST(CliSweep, OutputToAFullDiskFailsWithExitTwoAndOneLine) {
  const auto r = run_augur(kBase + "--out /dev/full");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--out /dev/full: cannot be written"), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1);
}

TEST(CliSweep, JsonOutputHasOneRowPerPoint) {
  const ScratchDir d;
  const auto r = run_augur("sweep --hw hwdesc/boards/jetson-tx1.yaml --net workloads/caffe/alexnet.prototxt "
                           "--vary gpu.sm_count=1..3 --batch 1 --format json --out " + d.file("s.json"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string text = slurp(d.file("s.json"));
  EXPECT_NE(text.find("\"points\": 3"), std::string::npos) << text.substr(0, 200);
  EXPECT_NE(text.find("\"gpu.sm_count\": \"3\""), std::string::npos);
  // 3 rows, each an object with values, numbers, type_ms and traffic_bytes objects
  EXPECT_EQ(std::count(text.begin(), text.end(), '{') - 1, 3 * 5);
  EXPECT_NE(text.find("\"numbers\": {\n        \"gpu.sm_count\": 3.0"), std::string::npos) << text;
}

TEST(CliSweep, ABadVaryValueFailsBeforeRunning) {
  const ScratchDir d;
  const auto r = run_augur("sweep --hw hwdesc/boards/jetson-tx1.yaml --net workloads/caffe/alexnet.prototxt "
                           "--vary gpu.sm_count=1,0 --out " + d.file("never.csv"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("augur: error: --vary gpu.sm_count=0: "), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1);
  EXPECT_FALSE(std::filesystem::exists(d.file("never.csv")));
}

// A network named like a gnuplot command and a plot path with a quote run nothing.
TEST(CliSweep, PlotRunsNoCommandFromANetworkName) {
  const ScratchDir d;
  const std::string marker = d.file("p");
  std::string net = slurp(std::string(AUGUR_SOURCE_DIR) + "/workloads/caffe/alexnet.prototxt");
  const auto name = net.find("name:");
  ASSERT_NE(name, std::string::npos);
  net.replace(name, net.find('\n', name) - name, "name: \"x'; system \\\"touch " + marker + "\\\"; #\"");
  std::ofstream(d.file("evil.prototxt")) << net;
  const auto r = run_augur("sweep --hw hwdesc/boards/jetson-tx1.yaml --net " + d.file("evil.prototxt") +
                           " --vary gpu.sm_count=1,2 --batch 1 --out " + d.file("s.csv") + " --plot \"" +
                           d.file("a'b; system 'touch augur-plot-marker'.png") + "\"");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_FALSE(std::filesystem::exists(marker)) << "the network name ran a command";
  EXPECT_FALSE(std::filesystem::exists(std::string(AUGUR_SOURCE_DIR) + "/augur-plot-marker")) << "the plot path ran a command";
  EXPECT_TRUE(std::filesystem::exists(d.file("a'b; system 'touch augur-plot-marker'.png")));
}

TEST(CliSweep, ASweepOverTheNpuBoardVariesTheArrayAndCountsItsSramTraffic) {
  const std::string out = ::testing::TempDir() + "augur_sweep_npu.csv";
  const auto r = run_augur("sweep --hw hwdesc/boards/hypothetical-tx1-npu.yaml --net workloads/caffe/alexnet.prototxt "
                           "--processor npu --vary npu.rows=16,32,64 --vary npu.dataflow=os,ws --batch 2 --jobs 1 "
                           "--runtime npu=hwdesc/runtimes/systolic-array-driver.yaml --out " + out);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::ifstream in(out);
  std::string header, line;
  std::getline(in, header);
  EXPECT_NE(header.find("traffic_ifmap_sram_bytes"), std::string::npos) << header;
  EXPECT_NE(header.find("traffic_dram_bytes"), std::string::npos) << header;
  int rows = 0;
  while (std::getline(in, line)) ++rows;
  EXPECT_EQ(rows, 6);  // 3 array heights × 2 dataflows
}

const std::string kAlexnetSweep = "sweep --hw hwdesc/boards/jetson-tx1.yaml --net workloads/caffe/alexnet.prototxt --batch 1 ";

TEST(CliSweep, AMisspeltVaryKeyGetsASuggestion) {
  const ScratchDir d;
  for (const auto& [typo, meant] : std::vector<std::pair<std::string, std::string>>{
           {"gpu.l2.sise", "gpu.l2.size"}, {"gpu.clokc", "gpu.clock"}, {"memory.bandwith", "memory.bandwidth"},
           {"gpu_runtime.kernels.layer_snyc", "gpu_runtime.kernels.layer_sync"}}) {
    const auto r = run_augur(kAlexnetSweep + "--vary " + typo + "=1 --out " + d.file("never.csv"));
    EXPECT_EQ(r.exit_code, 2) << typo;
    EXPECT_NE(r.err.find("(did you mean '" + meant + "'?)"), std::string::npos) << r.err;
  }
}

// A decimal cache size that leaves a part set: the message names the flag and value the user wrote,
// not the GPU file that declares the associativity, and says what MB means.
TEST(CliSweep, AnInvalidVaryValueIsBlamedOnTheVaryAsWritten) {
  const ScratchDir d;
  const auto r = run_augur(kAlexnetSweep + "--vary gpu.l2.size=512KiB,1MB --out " + d.file("never.csv"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err.rfind("augur: error: --vary gpu.l2.size=1MB: gpu.l2: ", 0), 0u) << r.err;
  EXPECT_EQ(r.err.find("gm20b.yaml"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("MB"), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1);
  // The same mistake in simulate's --set is blamed on the --set.
  const auto set = run_augur("simulate --hw hwdesc/boards/jetson-tx1.yaml --net workloads/caffe/alexnet.prototxt "
                             "--set gpu.l2.size=1MB");
  EXPECT_EQ(set.exit_code, 2);
  EXPECT_EQ(set.err.rfind("augur: error: --set gpu.l2.size=1MB: gpu.l2: ", 0), 0u) << set.err;
}

TEST(CliSweep, ASetThatDoesNotFitAVariedValueIsBlamedOnTheSet) {
  const ScratchDir d;
  // 200 KiB of L1 fits the board's 256 KiB L2 but not the varied 128 KiB.
  const auto r = run_augur(kAlexnetSweep + "--vary gpu.l2.size=512KiB,128KiB --set gpu.l1.size=200KiB --out " + d.file("never.csv"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err.rfind("augur: error: --set gpu.l1.size=200KiB: ", 0), 0u) << r.err;
  EXPECT_NE(r.err.find("set at --vary gpu.l2.size=128KiB"), std::string::npos) << r.err;
  // Two varied values that clash are named as the user wrote them (not as internal --set texts).
  const auto both = run_augur(kAlexnetSweep + "--vary gpu.l2.size=512KiB,1MiB --vary gpu.l1.size=64KiB,768KiB --out " +
                              d.file("never.csv"));
  EXPECT_EQ(both.exit_code, 2);
  EXPECT_EQ(both.err.rfind("augur: error: --vary gpu.l1.size=768KiB: ", 0), 0u) << both.err;
  EXPECT_NE(both.err.find("set at --vary gpu.l2.size=512KiB"), std::string::npos) << both.err;
  // A --set that only the varied values make valid is accepted: every point of the sweep is valid.
  const auto fits = run_augur(kAlexnetSweep + "--vary gpu.l2.size=1MiB,2MiB --set gpu.l1.size=512KiB --out " + d.file("ok.csv"));
  EXPECT_EQ(fits.exit_code, 0) << fits.err;
}

TEST(CliSweep, PlotFormatFollowsTheFileNameAndBadTargetsFailBeforeRunning) {
  const ScratchDir d;
  const std::string vary = "--vary gpu.sm_count=1,2,4 --vary gpu.l2.size=256KiB,1MiB --jobs 1 --out " + d.file("s.csv");
  const auto svg = run_augur(kAlexnetSweep + vary + " --plot " + d.file("s.svg"));
  ASSERT_EQ(svg.exit_code, 0) << svg.err;
  const std::string text = slurp(d.file("s.svg"));
  EXPECT_NE(text.find("<svg"), std::string::npos) << text.substr(0, 100);
  // The second key is drawn one line per value, each named in the key, with distinct dashes.
  EXPECT_NE(text.find("gpu.l2.size = 256KiB"), std::string::npos);
  EXPECT_NE(text.find("gpu.l2.size = 1MiB"), std::string::npos);
  EXPECT_NE(text.find("stroke-dasharray"), std::string::npos);
  const auto png = run_augur(kAlexnetSweep + vary + " --plot " + d.file("s.png"));
  ASSERT_EQ(png.exit_code, 0) << png.err;
  EXPECT_EQ(slurp(d.file("s.png")).substr(1, 3), "PNG");
  for (const std::string& bad : {d.file("s.gif"), d.file("no/such/dir/s.png")}) {
    const auto r = run_augur(kAlexnetSweep + "--vary gpu.sm_count=1,2 --out " + d.file("never.csv") + " --plot " + bad);
    EXPECT_EQ(r.exit_code, 2) << bad;
    EXPECT_NE(r.err.find("--plot " + bad + ": "), std::string::npos) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1);
    EXPECT_FALSE(std::filesystem::exists(d.file("never.csv"))) << "the sweep ran before the plot was refused";
  }
}

TEST(CliSweep, MergeReadsShardsOfEarlierVersionsWithTheirCommentLine) {
  const ScratchDir d;
  for (int i = 1; i <= 2; ++i) {
    const std::string f = d.file(std::to_string(i) + ".csv");
    ASSERT_EQ(run_augur(kBase + "--shard " + std::to_string(i) + "/2 --out " + f).exit_code, 0);
    const std::string hash = slurp(f + ".json").substr(slurp(f + ".json").find("\"hash\": \"") + 9, 16);
    const std::string body = slurp(f);
    std::ofstream(f, std::ios::trunc) << "# augur sweep: points=8 shard=" << i << "/2 definition=" << hash
                                      << " board=hwdesc/boards/jetson-tx1.yaml\n" << body;
  }
  const auto m = run_augur("sweep merge " + d.file("1.csv") + " " + d.file("2.csv") + " --out " + d.file("m.csv"));
  ASSERT_EQ(m.exit_code, 0) << m.err;
  const std::string merged = slurp(d.file("m.csv"));
  EXPECT_EQ(std::count(merged.begin(), merged.end(), '\n'), 1 + 8);  // header and 8 points, no comment
  // A CSV that is not the one its definition describes is refused.
  std::ofstream(d.file("1.csv"), std::ios::trunc) << "point,x\n0,1\n";
  const auto bad = run_augur("sweep merge " + d.file("1.csv") + " " + d.file("2.csv") + " --out " + d.file("b.csv"));
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("the columns differ"), std::string::npos) << bad.err;
}

TEST(CliSweep, VaryBatchLoadsTheNetworksAtEachBatch) {
  const ScratchDir d;
  const auto r = run_augur("sweep --hw hwdesc/boards/jetson-tx1.yaml --net workloads/caffe/alexnet.prototxt "
                           "--vary batch=1,4 --vary gpu.sm_count=1,2 --jobs 2 --out " + d.file("b.csv"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string csv = slurp(d.file("b.csv"));
  EXPECT_EQ(csv.rfind("point,batch_size,gpu.sm_count,network,processor,batch,forward_ms,", 0), 0u) << csv.substr(0, 80);
  // Point 3: batch 4 (slowest key but one), 2 SMs; the batch column agrees with the varied one.
  const auto at = csv.find("\n3,4,2,AlexNet,gpu,4,");
  ASSERT_NE(at, std::string::npos) << csv;
  const double ms = std::stod(csv.substr(at + std::string("\n3,4,2,AlexNet,gpu,4,").size()));
  const auto alone = run_augur("simulate --hw hwdesc/boards/jetson-tx1.yaml --net workloads/caffe/alexnet.prototxt "
                               "--batch 4 --set gpu.sm_count=2 --format json");
  ASSERT_EQ(alone.exit_code, 0) << alone.err;
  const std::string key = "\"forward_ms\": ";
  const double expected = std::stod(alone.out.substr(alone.out.find(key) + key.size()));
  EXPECT_NEAR(ms, expected, 1e-6);  // the CSV prints 6 decimals of a millisecond
  for (const std::string bad : {"--vary batch=0,1", "--vary batch=1,2.5", "--vary batch=1,2 --batch 2"}) {
    const auto e = run_augur("sweep --hw hwdesc/boards/jetson-tx1.yaml --net workloads/caffe/alexnet.prototxt " + bad +
                             " --out " + d.file("never.csv"));
    EXPECT_EQ(e.exit_code, 2) << bad;
    EXPECT_EQ(std::count(e.err.begin(), e.err.end(), '\n'), 1) << e.err;
  }
}

}  // namespace
}  // namespace augur::test

namespace augur::test {
namespace {

// `--vary gpu_runtime=A,B` runs each software stack in turn: each row is what `simulate
// --gpu-runtime` gives for that stack (the same model evaluated the same way: equal to 1e-6 ms, the
// CSV's printed precision).
TEST(CliSweep, VaryingARuntimeFileRunsEachStack) {
  const std::string cublas = "hwdesc/runtimes/caffe-cublas-gm20b.yaml", cudnn = "hwdesc/runtimes/caffe-cudnn51-gm20b.yaml";
  const auto r = run_augur("sweep --hw hwdesc/boards/jetson-tx1.yaml --net workloads/caffe/alexnet.prototxt --batch 4 "
                           "--vary gpu_runtime=" + cublas + "," + cudnn + " --out -");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::istringstream lines(r.out);
  std::string header, row;
  std::getline(lines, header);
  EXPECT_EQ(header.rfind("point,gpu_runtime,network,processor,batch,forward_ms,", 0), 0u) << header;
  for (const std::string& file : {cublas, cudnn}) {
    ASSERT_TRUE(std::getline(lines, row));
    std::vector<std::string> cells;
    std::stringstream split(row);
    for (std::string cell; std::getline(split, cell, ',');) cells.push_back(cell);
    ASSERT_GT(cells.size(), 5u);
    EXPECT_EQ(cells[1], file);
    const auto s = run_augur("simulate --hw hwdesc/boards/jetson-tx1.yaml --net workloads/caffe/alexnet.prototxt "
                             "--batch 4 --format json --gpu-runtime " + file);
    ASSERT_EQ(s.exit_code, 0) << s.err;
    const double forward = std::stod(s.out.substr(s.out.find("\"forward_ms\":") + 13));
    EXPECT_NEAR(std::stod(cells[5]), forward, 1e-6) << file;
  }
  // Two ways of choosing the same runtime, or a file that does not load, are one clear error.
  const auto both = run_augur("sweep --hw hwdesc/boards/jetson-tx1.yaml --net workloads/caffe/alexnet.prototxt "
                              "--gpu-runtime " + cudnn + " --vary gpu_runtime=" + cublas + " --out -");
  EXPECT_EQ(both.exit_code, 2);
  EXPECT_NE(both.err.find("give one"), std::string::npos) << both.err;
  const auto missing = run_augur("sweep --hw hwdesc/boards/jetson-tx1.yaml --net workloads/caffe/alexnet.prototxt "
                                 "--vary gpu_runtime=" + cublas + ",no/such.yaml --out -");
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("--vary gpu_runtime=no/such.yaml"), std::string::npos) << missing.err;
}

}  // namespace
}  // namespace augur::test
