// `augur net show` as a user sees it.
#include <algorithm>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/cli/cli_runner.h"

namespace augur::test {
namespace {

TEST(CliNet, JsonHasLayersTotalsAndByType) {
  const auto r = run_augur("net show workloads/caffe/vgg16.prototxt --batch 1 --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["network"]["batch"], 1);
  EXPECT_EQ(j["totals"]["params"], 138357544);
  EXPECT_EQ(j["by_type"]["Convolution"]["layers"], 13);
  EXPECT_EQ(j["layers"][1]["name"], "conv1_1");
  EXPECT_EQ(j["layers"][1]["top_shapes"][0], nlohmann::json::array({1, 64, 224, 224}));
}

TEST(CliNet, TableGroupsByPaperTypes) {
  const auto r = run_augur("net show ../shared/models/caffe/bvlc_alexnet.prototxt --batch 1");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* group : {"CONV", "POOL", "ReLU", "FC", "LRN", "total"}) {
    EXPECT_NE(r.out.find("\n" + std::string(group) + " "), std::string::npos) << group;
  }
  EXPECT_NE(r.out.find("8323244 bytes"), std::string::npos);
}

TEST(CliNet, CsvHasOneRowPerLayerAndAHeader) {
  const auto r = run_augur("net show workloads/caffe/alexnet.prototxt --format csv");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("name,type,", 0), 0u);
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 25);  // header + 24 layers
}

TEST(CliNet, BadNetworkIsOneLineAndExitCodeTwo) {
  const auto r = run_augur("net show tests/data/bad_prototxt/unknown_type.prototxt");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_NE(r.err.find("unknown_type.prototxt:4:1: layer 'conv1': unsupported layer type"),
            std::string::npos);
  EXPECT_EQ(run_augur("net show workloads/caffe/alexnet.prototxt --batch 0").exit_code, 2);
  EXPECT_EQ(run_augur("net show no/such.prototxt").exit_code, 2);
}

}  // namespace
}  // namespace augur::test
