// `augur validate` and `augur trace` as a user checking a board runs them.
#include <filesystem>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/cli/cli_runner.h"

namespace augur::test {
namespace {

TEST(CliValidate, RecordsAndTracesInOneRun) {
  const auto r = run_augur("validate --traces ../shared/validation/traces --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_GT(j["records"].size(), 400u);
  // every trace in the manifest: 6 compared (CPU, cuBLAS, cuDNN at batches 2 and 16), 10 shown as
  // not modelled (fp16, TensorRT, libDNN)
  int compared = 0;
  for (const auto& t : j["traces"]) compared += t["modelled"] == "yes" ? 1 : 0;
  EXPECT_EQ(j["traces"].size(), 16u);
  EXPECT_EQ(compared, 6);
  EXPECT_TRUE(j["not_modelled"].contains("TensorRT is not modelled"));
}

TEST(CliValidate, PlotsAreWritten) {
  const ScratchDir scratch;
  const std::string dir = scratch.file("plots");
  const auto r = run_augur("validate --traces ../shared/validation/traces --plot " + dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(std::filesystem::exists(dir + "/records.png"));
  EXPECT_TRUE(std::filesystem::exists(dir + "/trace-tx1_alexnet_ck-caffe-cpu_b2.png"));
}

TEST(CliTrace, ImportAndCompareInOneLineEach) {
  const auto imported = run_augur("trace import ../shared/validation/traces/tx1_alexnet_ck-caffe-nvidia-cuda_b2.log");
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_EQ(nlohmann::json::parse(imported.out)["batch"], 2);
  const auto compared = run_augur("trace compare ../shared/validation/traces/tx1_alexnet_ck-caffe-nvidia-cuda_b2.log "
                                  "--hw hwdesc/boards/jetson-tx1.yaml --net ../shared/models/caffe/bvlc_alexnet.prototxt");
  ASSERT_EQ(compared.exit_code, 0) << compared.err;
  EXPECT_NE(compared.out.find("median |error| over matched layers"), std::string::npos);
  const auto bad = run_augur("trace import tests/data/traces/missing_unit.log");
  EXPECT_EQ(bad.exit_code, 2);
}

}  // namespace
}  // namespace augur::test
