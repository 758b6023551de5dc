// Every input in tests/data/fuzz_regressions (reproducers the fuzzers found, and hand-written
// seeds) goes through the real CLI: exit code 0, or 2 with exactly one line on stderr; never a
// crash (134, 139) or an internal error (3).
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "tests/cli/cli_runner.h"

namespace augur::test {
namespace {

std::vector<std::string> files(const std::string& target) {
  std::vector<std::string> out;
  const auto dir = std::filesystem::path(AUGUR_SOURCE_DIR) / "tests/data/fuzz_regressions" / target;
  if (!std::filesystem::exists(dir)) return out;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    out.push_back("tests/data/fuzz_regressions/" + target + "/" + e.path().filename().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

void expect_clean_exit(const std::string& args) {
  const auto r = run_augur(args);
  EXPECT_TRUE(r.exit_code == 0 || r.exit_code == 2) << args << "\nexit " << r.exit_code << "\n" << r.err;
  if (r.exit_code == 2) {
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << args << "\n" << r.err;
  }
}

TEST(FuzzRegressions, HardwareDescriptions) {
  for (const auto& f : files("fuzz_hwdesc")) expect_clean_exit("hw show '" + f + "'");
}

TEST(FuzzRegressions, Runtimes) {
  for (const auto& f : files("fuzz_runtime")) {
    expect_clean_exit("simulate --hw hwdesc/boards/jetson-tx1.yaml --net workloads/caffe/alexnet.prototxt --gpu-runtime '" + f + "'");
  }
}

TEST(FuzzRegressions, Traces) {
  for (const auto& f : files("fuzz_trace")) {
    expect_clean_exit("trace import '" + f + "'");
    expect_clean_exit("trace compare '" + f + "' --hw hwdesc/boards/jetson-tx1.yaml --net workloads/caffe/alexnet.prototxt");
  }
}

TEST(FuzzRegressions, Networks) {
  for (const auto& f : files("fuzz_prototxt")) {
    expect_clean_exit("simulate --hw hwdesc/boards/jetson-tx1.yaml --processor auto --net '" + f + "'");
    expect_clean_exit("memory --hw hwdesc/boards/jetson-tx1.yaml --memory-policy liveness --net '" + f + "'");
  }
}

TEST(FuzzRegressions, OnnxModels) {
  for (const auto& f : files("fuzz_onnx")) {
    ASSERT_EQ(f.substr(f.size() - 5), ".onnx") << f << ": the CLI reads ONNX by extension";
    expect_clean_exit("simulate --hw hwdesc/boards/jetson-tx1.yaml --processor auto --net '" + f + "'");
    expect_clean_exit("memory --hw hwdesc/boards/jetson-tx1.yaml --allow-unknown --net '" + f + "'");
  }
}

TEST(FuzzRegressions, CsvReaders) {
  for (const auto& f : files("fuzz_csv_readers")) {
    expect_clean_exit("validate --records '" + f + "'");
    expect_clean_exit("validate --budgets '" + f + "'");
    expect_clean_exit("validate --traces tests/data/traces --trace-manifest '" + f + "'");
  }
}

TEST(FuzzRegressions, VaryParser) {
  const ScratchDir d;
  for (const auto& f : files("fuzz_vary")) {
    // One point at most (a shard of a million), so a valid --vary of 100,000 values runs fast.
    expect_clean_exit("sweep --hw hwdesc/boards/jetson-tx1.yaml --net workloads/caffe/alexnet.prototxt --shard 1/1000000 "
                      "--vary \"$(cat '" + f + "')\" --out " + d.file("out.csv"));
  }
}

TEST(FuzzRegressions, SweepMerge) {
  const ScratchDir d;
  for (const auto& f : files("fuzz_sweep_merge")) {
    std::ifstream in(std::string(AUGUR_SOURCE_DIR) + "/" + f, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    const std::string marker = "\n--json\n", all = text.str();
    const auto at = all.find(marker);
    std::ofstream(d.file("shard.csv"), std::ios::binary | std::ios::trunc) << all.substr(0, at == std::string::npos ? all.size() : at + 1);
    std::ofstream(d.file("shard.csv.json"), std::ios::binary | std::ios::trunc) << (at == std::string::npos ? "" : all.substr(at + marker.size()));
    expect_clean_exit("sweep merge " + d.file("shard.csv") + " --out " + d.file("merged.csv"));
  }
}

}  // namespace
}  // namespace augur::test
