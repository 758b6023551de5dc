// Trace import: the real CK records, `caffe time` logs and the DeepBench table become one
// normalised trace; malformed traces are clear errors; trace layers match network layers by name.
#include <gtest/gtest.h>

#include "sim/core/error.h"
#include "sim/hwdesc/loader.h"
#include "sim/hwdesc/runtime_loader.h"
#include "sim/schedule/simulation.h"
#include "sim/validate/gemm_check.h"
#include "sim/validate/trace_import.h"
#include "sim/validate/trace_match.h"
#include "sim/validate/validation.h"
#include "tests/test_networks.h"

namespace augur::test {
namespace {

std::string shared_trace(const std::string& name) { return repo_path("../shared/validation/traces/" + name); }
std::string local_trace(const std::string& name) { return repo_path("tests/data/traces/" + name); }

std::string error_of(const std::string& file) {
  try {
    import_trace(file);
  } catch (const UserError& e) {
    return e.what();
  }
  return "";
}

TEST(TraceImport, CkCaffeRecordAveragesRepetitionsAndKeepsForwardLayersOnly) {
  const Trace t = import_trace(shared_trace("tx1_alexnet_ck-caffe-cpu_b2.log"));
  EXPECT_EQ(t.format, "ck-json");
  EXPECT_EQ(t.batch, 2);
  EXPECT_EQ(t.repetitions, 3);
  ASSERT_EQ(t.layers.size(), 24u);  // input + 23 layers, forward direction
  EXPECT_EQ(t.layers[1].layers, std::vector<std::string>{"conv1"});
  EXPECT_EQ(t.layers[1].repetitions, 3);
  // conv1's three repetitions average to the dividiti value in measurements.csv (17.89 ms);
  // the CSV rounds to 2 decimals.
  EXPECT_NEAR(t.layers[1].time_ms, 17.89, 0.01);
  EXPECT_LE(t.layers[1].min_ms, t.layers[1].time_ms);
  ASSERT_TRUE(t.forward_ms);
  EXPECT_NEAR(*t.forward_ms, 433.473, 0.01);  // forward_pass_per_batch in measurements.csv
  EXPECT_EQ(t.setup.at("platform"), "jetson_tx1");
}

TEST(TraceImport, TensorRtFusedLayersCoverTheirParts) {
  const Trace t = import_trace(shared_trace("tx1_alexnet_ck-tensorrt1.0.0-fp32_b2.log"));
  EXPECT_EQ(t.layers[0].layers, (std::vector<std::string>{"conv1", "relu1"}));
}

TEST(TraceImport, EverySharedTraceOfCaffeOrTensorRtImports) {
  for (const char* name : {"tx1_alexnet_ck-caffe-cpu_b16.log", "tx1_alexnet_ck-caffe-nvidia-cuda_b16.log",
                           "tx1_alexnet_ck-caffe-nvidia-cudnn_b2.log", "tx1_alexnet_ck-caffe-nvidia-fp16-cuda_b2.log",
                           "tx1_alexnet_ck-caffe-libdnn-cuda_b16.log", "tx1_alexnet_ck-tensorrt1.0.0-fp16_b16.log"}) {
    const Trace t = import_trace(shared_trace(name));
    EXPECT_FALSE(t.layers.empty()) << name;
    EXPECT_TRUE(t.forward_ms) << name;
  }
}

TEST(TraceImport, CaffeTimeLogGivesLayersAndTheAverageForwardPass) {
  const Trace t = import_trace(local_trace("caffe_time_alexnet_b2.log"));
  EXPECT_EQ(t.format, "caffe-log");
  ASSERT_EQ(t.layers.size(), 5u);  // backward lines ignored
  EXPECT_EQ(t.layers[1].label, "conv1");
  EXPECT_DOUBLE_EQ(t.layers[1].time_ms, 17.849);
  EXPECT_DOUBLE_EQ(*t.forward_ms, 433.4);
}

TEST(TraceImport, CaffeTimeLogTakesItsBatchFromTheFirstTopShape) {
  const Trace t = import_trace(local_trace("caffe_time_alexnet_shapes.log"));
  ASSERT_TRUE(t.batch);
  EXPECT_EQ(*t.batch, 1);  // "Top shape: 1 3 227 227", not conv1's later "1 96 55 55" nor a time
  EXPECT_EQ(t.setup.at("batch_from"), "line 5 (Top shape)");
  EXPECT_EQ(t.layers.size(), 3u);
  // A log without set-up lines records no batch.
  EXPECT_FALSE(import_trace(local_trace("caffe_time_alexnet_b2.log")).batch);
}

TEST(TraceImport, DeepBenchRowsBecomeGemmRecords) {
  const Trace t = import_trace(local_trace("deepbench_excerpt.csv"));
  ASSERT_EQ(t.gemms.size(), 3u);
  EXPECT_EQ(t.gemms[2].m, 4096);
  EXPECT_TRUE(t.gemms[2].a_transposed);
  EXPECT_DOUBLE_EQ(t.gemms[0].time_ms, 1.46);
  EXPECT_EQ(import_trace(repo_path("../shared/validation/deepbench_tx1_gemm.csv")).gemms.size(), 78u);
}

TEST(TraceImport, MalformedTracesAreClearErrors) {
  EXPECT_NE(error_of(local_trace("missing_unit.log")).find("missing_unit.log:2:"), std::string::npos);
  EXPECT_NE(error_of(local_trace("missing_unit.log")).find("expected the unit 'ms'"), std::string::npos);
  const std::string truncated = error_of(local_trace("truncated_ck.json"));
  EXPECT_NE(truncated.find("truncated_ck.json:"), std::string::npos) << truncated;
  EXPECT_NE(truncated.find("not valid JSON"), std::string::npos) << truncated;
  EXPECT_NE(error_of(repo_path("README.md")).find("unrecognised trace"), std::string::npos);
  EXPECT_THROW(import_trace_text("{\"characteristics_list\": []}", "empty.json"), UserError);
  EXPECT_THROW(import_trace_text("{\"characteristics_list\": [{\"run\": {\"per_layer_info\": [{\"label\": \"x\", \"time_ms\": \"fast\"}]}}]}", "x.json"),
               UserError);
}

TEST(TraceMatch, UnknownLayersAreListedNotDropped) {
  const Trace t = import_trace(local_trace("unknown_layer_ck.json"));
  const auto board = hwdesc::load_platform(repo_path("hwdesc/boards/jetson-tx1.yaml"));
  const auto gpu = hwdesc::load_runtime(repo_path("hwdesc/runtimes/caffe-cublas-gm20b.yaml"));
  const Network net = load_network(shared_model("bvlc_alexnet"), NetworkOptions::with_batch(2));
  const auto result = simulate(net, board.platform, Runtimes{{"gpu", &gpu.runtime}}, SimulationOptions{"gpu"});
  const auto c = compare_trace(t, net, result);
  ASSERT_EQ(c.layers.size(), 2u);
  EXPECT_TRUE(c.layers[0].matched);  // conv1 + relu1 both exist
  EXPECT_FALSE(c.layers[1].matched);
  EXPECT_EQ(c.layers[1].missing, std::vector<std::string>{"conv9"});
  EXPECT_FALSE(c.unmatched_network.empty());  // norm1, pool1, ... are not in this trace
}

TEST(TraceMatch, TheTx1CpuTraceMatchesEveryLayer) {
  const Trace t = import_trace(shared_trace("tx1_alexnet_ck-caffe-cpu_b16.log"));
  const auto board = hwdesc::load_platform(repo_path("hwdesc/boards/jetson-tx1.yaml"));
  const auto cpu = hwdesc::load_runtime(repo_path("hwdesc/runtimes/caffe-openblas-a57.yaml"));
  const Network net = load_network(shared_model("bvlc_alexnet"), NetworkOptions::with_batch(*t.batch));
  const auto result = simulate(net, board.platform, Runtimes{{"cpu", &cpu.runtime}}, SimulationOptions{"cpu"});
  const auto c = compare_trace(t, net, result);
  // The CK runs fed Caffe a prototxt with `input:` fields (Caffe names that layer "input"); the
  // shared file names its Input layer "data". That one entry is listed as unmatched.
  for (const auto& m : c.layers) EXPECT_EQ(m.matched, m.label != "00: input") << m.label;
  EXPECT_TRUE(c.unmatched_network.empty());  // every layer with work is covered
  // In-sample (the CPU runtime was fitted on these traces): docs/validation.md reports 2.2%.
  EXPECT_LT(c.median_abs_error, 0.15);
}

}  // namespace
}  // namespace augur::test

namespace augur::test {
namespace {

// DeepBench's TX1 cuBLAS SGEMMs through the GPU GEMM model (not fitted on them). Bounds are what
// the model achieves today (docs/validation.md), as a regression guard: large and transposed
// GEMMs within 30% median |error| (20% until 2026-12-03, when the shipped runtime was refitted
// on every TX1 GPU record by augur calibrate: its FFMA issue fraction fell from 0.64 to 0.57,
// and the large GEMMs' median error went from +11% to +29%: the network records and DeepBench
// disagree under one issue fraction for every tile, docs/validation.md); small-N GEMMs are
// known to be predicted ~2x too fast.
TEST(GemmValidation, DeepBenchShapeClassesStayWithinTheirCurrentErrors) {
  const Trace t = import_trace(repo_path("../shared/validation/deepbench_tx1_gemm.csv"));
  const auto board = hwdesc::load_platform(repo_path("hwdesc/boards/jetson-tx1.yaml"));
  const auto gpu = hwdesc::load_runtime(repo_path("hwdesc/runtimes/caffe-cublas-gm20b.yaml"));
  const GemmValidation v = check_gemms(t.gemms, board.platform.hardware<Gpu>("gpu"), board.platform.memory,
                                          gpu.runtime.as<GpuRuntime>());
  ASSERT_EQ(v.checks.size(), 78u);
  for (const auto& c : v.classes) {
    if (c.shape_class == "small N") {
      EXPECT_LT(c.median_abs, 0.55) << c.shape_class;
    } else {
      EXPECT_LT(c.median_abs, 0.30) << c.shape_class;
    }
  }
}

}  // namespace
// A budget written scope@network covers that network's records; the plain budget covers the
// others, so a new network with larger errors does not loosen the guard on the old ones.
TEST(Budgets, ANetworksOwnBudgetLeavesThePlainBudgetToTheOthers) {
  const auto budgets = parse_budgets(
      "runtime,scope,max_abs_error_percent,note\n"
      "rt,layer,10,the old networks\n"
      "rt,layer@squeezenet_v1.1,50,the new one\n",
      "budgets.csv");
  ASSERT_EQ(budgets.size(), 2u);
  EXPECT_EQ(budgets[1].scope, "layer");
  EXPECT_EQ(budgets[1].network, "squeezenet_v1.1");
  const auto record = [](const std::string& network, double error) {
    Record r;
    r.runtime = "rt";
    r.scope = "layer";
    r.network = "../shared/models/caffe/" + network + ".prototxt";
    return CheckedRecord{r, true, 0, error};
  };
  ValidationReport within;
  within.checked = {record("bvlc_alexnet", 0.08), record("squeezenet_v1.1", -0.4)};
  check_budgets(within, budgets);
  EXPECT_TRUE(within.budget_failures.empty());
  ValidationReport old_regressed;
  old_regressed.checked = {record("bvlc_alexnet", 0.2), record("squeezenet_v1.1", 0.1)};
  check_budgets(old_regressed, budgets);
  ASSERT_EQ(old_regressed.budget_failures.size(), 1u);  // 20% on AlexNet against 10%
  EXPECT_NE(old_regressed.budget_failures[0].find("rt layer: max |error| 20.0%"), std::string::npos);
}

}  // namespace augur::test
