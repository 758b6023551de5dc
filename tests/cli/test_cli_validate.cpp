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
  // every trace in the manifest: 14 compared (CPU, cuBLAS, cuDNN, fp16 cuBLAS and cuDNN, TensorRT
  // fp32 and fp16, each at batches 2 and 16), 2 shown as not modelled (libDNN)
  int compared = 0;
  for (const auto& t : j["traces"]) compared += t["modelled"] == "yes" ? 1 : 0;
  EXPECT_EQ(j["traces"].size(), 16u);
  EXPECT_EQ(compared, 14);
  EXPECT_TRUE(j["not_modelled"].contains("libDNN is not modelled"));
  EXPECT_FALSE(j["not_modelled"].contains("TensorRT is not modelled"));
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

TEST(CliTrace, CompareSimulatesTheBatchTheLogRecordsAndWarnsWhenAnotherIsAsked) {
  const std::string compare = "trace compare tests/data/traces/caffe_time_alexnet_shapes.log "
                              "--hw hwdesc/boards/jetson-tx1.yaml --net workloads/caffe/alexnet.prototxt";
  const auto r = run_augur(compare + " --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["batch"], 1);        // the Top shape's, not the prototxt's
  EXPECT_EQ(j["trace_batch"], 1);
  EXPECT_EQ(r.err, "");            // nothing to warn about
  const auto table = run_augur(compare);
  EXPECT_NE(table.out.find("recorded at batch 1, simulated at batch 1"), std::string::npos) << table.out;
  const auto other = run_augur(compare + " --batch 4 --format json");
  ASSERT_EQ(other.exit_code, 0) << other.err;
  EXPECT_EQ(nlohmann::json::parse(other.out)["batch"], 4);
  EXPECT_NE(other.err.find("recorded at batch 1, but batch 4 is simulated"), std::string::npos) << other.err;
  // A log that records no batch says which one it simulates, on stderr and in the table.
  const auto none = run_augur("trace compare tests/data/traces/caffe_time_alexnet_b2.log "
                              "--hw hwdesc/boards/jetson-tx1.yaml --net workloads/caffe/alexnet.prototxt");
  ASSERT_EQ(none.exit_code, 0) << none.err;
  EXPECT_NE(none.err.find("the trace records no batch; simulating batch"), std::string::npos) << none.err;
  EXPECT_NE(none.out.find("no batch recorded, simulated at batch"), std::string::npos) << none.out;
}

}  // namespace
}  // namespace augur::test
