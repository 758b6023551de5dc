// `augur memory` and the memory part of `augur simulate`.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/cli/cli_runner.h"

namespace augur::test {
namespace {

TEST(CliMemory, JsonHasEveryPartAndTheFit) {
  const auto r = run_augur("memory --hw hwdesc/boards/jetson-tx1.yaml --net workloads/caffe/vgg16.prototxt --batch 1 --format json --by-layer");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto m = nlohmann::json::parse(r.out)["memory"];
  for (const char* key : {"weights_bytes", "data_bytes", "internal_bytes", "workspace_bytes", "runtime_bytes",
                          "total_bytes", "peak_liveness_bytes", "fits", "layers"}) {
    EXPECT_TRUE(m.contains(key)) << key;
  }
  EXPECT_EQ(m["fits"], true);
  EXPECT_EQ(m["layers"].size(), 40u);
}

TEST(CliMemory, TooSmallABoardSaysSoAndByHowMuch) {
  const auto r = run_augur("memory --hw hwdesc/boards/jetson-tk1.yaml --net workloads/caffe/vgg16.prototxt --batch 16 --processor gpu");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("DOES NOT FIT"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("MiB short"), std::string::npos);
}

TEST(CliMemory, SimulateJsonCarriesTheFootprint) {
  const auto r = run_augur("simulate --hw hwdesc/boards/jetson-tx1.yaml --net workloads/caffe/alexnet.prototxt --batch 1 --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto m = nlohmann::json::parse(r.out)["memory"];
  for (const char* key : {"weights_bytes", "data_bytes", "internal_bytes", "workspace_bytes", "runtime_bytes",
                          "total_bytes", "peak_liveness_bytes", "fits"}) {
    EXPECT_TRUE(m.contains(key)) << key;
  }
}

}  // namespace
}  // namespace augur::test
