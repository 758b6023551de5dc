// ONNX models through the CLI: the same commands as for Caffe files, --dim and --allow-unknown,
// and one clear line with exit code 2 for each kind of bad model (tests/data/bad_onnx).
#include <algorithm>
#include <filesystem>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/cli/cli_runner.h"

namespace augur::test {
namespace {

void expect_one_line_error(const CliResult& r, const std::string& expected) {
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_NE(r.err.find(expected), std::string::npos) << r.err;
}

TEST(CliOnnx, NetShowMatchesTheCaffeFileInJson) {
  const auto onnx = run_augur("net show workloads/onnx/vgg16.onnx --batch 1 --format json");
  const auto caffe = run_augur("net show workloads/caffe/vgg16.prototxt --batch 1 --format json");
  ASSERT_EQ(onnx.exit_code, 0) << onnx.err;
  ASSERT_EQ(caffe.exit_code, 0) << caffe.err;
  const auto o = nlohmann::json::parse(onnx.out), c = nlohmann::json::parse(caffe.out);
  EXPECT_EQ(o["network"]["format"], "onnx");
  EXPECT_EQ(o["totals"]["params"], c["totals"]["params"]);
  EXPECT_EQ(o["totals"]["macs"], c["totals"]["macs"]);
  EXPECT_EQ(o["network"]["unmodelled_nodes"], 0);
}

TEST(CliOnnx, SimulateRunsOnAnOnnxModel) {
  const auto r = run_augur("simulate --hw hwdesc/boards/jetson-tx1.yaml --net workloads/onnx/squeezenet_v1.1.onnx "
                           "--batch 1 --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_GT(j["forward_ms"].get<double>(), 0.0);
}

TEST(CliOnnx, AllowUnknownWarnsOncePerOperatorAndReportsTheCount) {
  const auto refused = run_augur("net show tests/data/bad_onnx/unknown_op.onnx");
  expect_one_line_error(refused, "node 0 'soft1' (Softsign): operator 'Softsign' is not modelled by Augur (supported: Add,");
  const auto r = run_augur("net show tests/data/bad_onnx/unknown_op.onnx --allow-unknown");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("2 node(s) of operator 'Softsign' are not modelled"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("1 node(s) of operator 'Erf' are not modelled"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("not modelled: 3 node(s) counted as zero time and zero work (Erf x1, Softsign x2)"),
            std::string::npos)
      << r.out;
  const auto sim = run_augur("simulate --hw hwdesc/boards/jetson-tx1.yaml --net tests/data/bad_onnx/unknown_op.onnx "
                             "--allow-unknown --format json");
  ASSERT_EQ(sim.exit_code, 0) << sim.err;
  const auto j = nlohmann::json::parse(sim.out);
  EXPECT_EQ(j["network"]["unmodelled_nodes"], 3);
  EXPECT_EQ(j["network"]["unmodelled_operators"]["Softsign"], 2);
}

TEST(CliOnnx, SymbolicDimensionsNeedDim) {
  expect_one_line_error(run_augur("net show tests/data/bad_onnx/symbolic_dims.onnx"),
                        "input 'x' dimension 2 is symbolic ('height'); bind it as a named input dimension height=VALUE");
  const auto r = run_augur("net show tests/data/bad_onnx/symbolic_dims.onnx --dim height=16 --dim width=12 --batch 2 "
                           "--format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["layers"][1]["top_shapes"][0], nlohmann::json::array({2, 4, 16, 12}));
  expect_one_line_error(run_augur("net show tests/data/bad_onnx/symbolic_dims.onnx --dim height"),
                        "--dim 'height': expected NAME=VALUE");
  expect_one_line_error(run_augur("net show workloads/caffe/alexnet.prototxt --dim height=3"),
                        "named input dimensions apply to ONNX models");
}

TEST(CliOnnx, ExportedModelsSimulateOnEveryShippedBoardOnCpuGpuAndAuto) {
  std::vector<std::string> boards;
  for (const auto& e : std::filesystem::directory_iterator("hwdesc/boards")) {
    if (e.path().extension() == ".yaml") boards.push_back(e.path().string());
  }
  ASSERT_FALSE(boards.empty());
  for (const char* model : {"bn_mul_add_opset9", "weights_folded", "se_block", "detection_neck", "decoder_opset17"}) {
    for (const auto& board : boards) {
      for (const char* processor : {"cpu", "gpu", "auto"}) {
        const auto r = run_augur("simulate --hw " + board + " --net tests/data/onnx_exports/" + model +
                                 ".onnx --processor " + processor + " --format json");
        ASSERT_EQ(r.exit_code, 0) << model << " on " << board << " (" << processor << "): " << r.err;
        EXPECT_GT(nlohmann::json::parse(r.out)["forward_ms"].get<double>(), 0.0) << model << " on " << board;
      }
    }
  }
}

TEST(CliOnnx, NetShowCountsTheFoldedNodes) {
  const auto json = run_augur("net show tests/data/onnx_exports/weights_folded.onnx --format json");
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_EQ(nlohmann::json::parse(json.out)["network"]["folded_constant_nodes"], 15);
  const auto table = run_augur("net show tests/data/onnx_exports/bn_mul_add_opset9.onnx");
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_NE(table.out.find("folded: 3 node(s) computing constants at load time"), std::string::npos) << table.out;
}

TEST(CliOnnx, ConstantsThatCannotBeFoldedAreOneLineAndExitCodeTwo) {
  expect_one_line_error(run_augur("net show tests/data/bad_onnx/fold_reshape_mismatch.onnx"),
                        "node 0 'w_reshape' (Reshape): folding constants: reshaping 4x27 (108 elements) to 4x3x3x2 "
                        "(72 elements) changes the element count");
  expect_one_line_error(run_augur("net show tests/data/bad_onnx/fold_gather_out_of_range.onnx"),
                        "(op_type:Gather, node name: pick): [ShapeInferenceError] indices must be in [-rank, rank-1]");
  expect_one_line_error(run_augur("net show tests/data/bad_onnx/fold_cycle.onnx"),
                        "the graph has a cycle: node 0 'u1' (Unsqueeze), node 1 'u2' (Squeeze)");
}

TEST(CliOnnx, EachBadModelIsOneLineAndExitCodeTwo) {
  expect_one_line_error(run_augur("net show tests/data/bad_onnx/truncated.onnx"), "not an ONNX model");
  expect_one_line_error(run_augur("net show tests/data/bad_onnx/cycle.onnx"),
                        "the graph has a cycle: node 0 'add' (Add), node 1 'relu' (Relu)");
  expect_one_line_error(run_augur("net show tests/data/bad_onnx/missing_initializer.onnx"),
                        "node 0 'conv1' (Conv) reads 'w', which no node, initializer or graph input provides");
  expect_one_line_error(run_augur("net show tests/data/bad_onnx/opset99.onnx"),
                        "opset 99 of the default domain: Augur reads opsets 7 to 17");
  expect_one_line_error(run_augur("net show tests/data/bad_onnx/no_such_file.onnx"), "no such file");
}

}  // namespace
}  // namespace augur::test
