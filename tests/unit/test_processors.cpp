// Processors as plug-ins: the registry, boards of named processors, runtime-chosen lowering,
// fallback and auto placement over three processors.
#include <algorithm>

#include <gtest/gtest.h>

#include "sim/hwdesc/loader.h"
#include "sim/hwdesc/runtime_loader.h"
#include "sim/hwdesc/schema.h"
#include "sim/lower/lowering.h"
#include "sim/processors/registry.h"
#include "sim/scenario/scenario.h"
#include "tests/test_networks.h"
#include "tests/test_paths.h"

namespace augur {
namespace {

using test::repo_path;

TEST(Processors, TheRegistryHasTheCpuTheGpuAndTheSystolicArray) {
  std::vector<std::string> ids;
  for (const auto* m : processor_models()) ids.emplace_back(m->id());
  EXPECT_EQ(ids, (std::vector<std::string>{"cpu", "gpu", "systolic_array"}));
  EXPECT_EQ(find_processor_model("gpu")->issue(), Issue::Asynchronous);
  EXPECT_EQ(find_processor_model("cpu")->issue(), Issue::Synchronous);
  EXPECT_EQ(find_processor_model("tpu"), nullptr);
}

// The registry (behaviour) and the board schema (keys) list the same processor models: a model
// registered without a board section, or a section no model runs, is a half-added processor.
TEST(Processors, EveryRegisteredModelHasABoardSectionAndEverySectionAModel) {
  const hwdesc::SectionSchema* processors = hwdesc::board_schema().section("processors");
  ASSERT_NE(processors, nullptr);
  std::vector<std::string> sections, models;
  for (const auto& v : processors->variants) sections.push_back(v.key);
  for (const auto* m : processor_models()) models.emplace_back(m->id());
  EXPECT_EQ(sections, models);
}

// Every shipped board loads, and each processor's runtime is of its model and accepted by it.
TEST(Processors, EveryShippedBoardsRuntimesFitTheirProcessors) {
  for (const char* board : {"jetson-tk1", "jetson-tx1", "jetson-tx2", "jetson-nano", "hypothetical-tx1-4sm-1mib",
                            "hypothetical-tx1-npu"}) {
    ScenarioSpec spec;
    spec.board = repo_path(std::string("hwdesc/boards/") + board + ".yaml");
    const Scenario s = Scenario::load(spec);  // throws on a runtime of another model
    EXPECT_EQ(s.runtimes().size(), s.platform().processors.size()) << board;
  }
}

TEST(Processors, ABoardListsItsProcessorsInOrderWithTheirRuntimes) {
  const auto board = hwdesc::load_platform(repo_path("hwdesc/boards/hypothetical-tx1-npu.yaml"));
  ASSERT_EQ(board.platform.processors.size(), 3u);
  EXPECT_EQ(board.platform.processors[0].name, "cpu");
  EXPECT_EQ(board.platform.processors[1].name, "gpu");
  EXPECT_EQ(board.platform.processors[2].name, "npu");
  const auto& npu = board.platform.hardware<SystolicArray>("npu");
  EXPECT_EQ(npu.rows, 32);
  EXPECT_EQ(npu.dataflow, Dataflow::OutputStationary);
  EXPECT_NE(board.platform.processors[2].runtime_file.find("systolic-array-driver.yaml"), std::string::npos);
}

TEST(Processors, AnOverrideAddressesAProcessorByItsName) {
  const auto board = hwdesc::load_platform(repo_path("hwdesc/boards/hypothetical-tx1-npu.yaml"),
                                           {"npu.rows=64", "npu.dataflow=ws"});
  EXPECT_EQ(board.platform.hardware<SystolicArray>("npu").rows, 64);
  EXPECT_EQ(board.platform.hardware<SystolicArray>("npu").dataflow, Dataflow::WeightStationary);
}

const Layer& layer_named(const Network& net, const std::string& name) {
  for (const auto& l : net.graph.layers()) {
    if (l.name == name) return l;
  }
  throw std::runtime_error("no layer " + name);
}

TEST(Lowering, ImplicitGemmIsOneGemmPerGroupOverTheWholeBatch) {
  const Network net = load_network(test::shared_model("bvlc_alexnet"), NetworkOptions::with_batch(2));
  Lowering implicit;
  implicit.convolution = ConvolutionLowering::ImplicitGemm;
  implicit.data_type = DataType::Int8;
  const auto ks = lower_layer(layer_named(net, "conv2"), implicit);
  ASSERT_EQ(ks.size(), 1u);  // no im2col, no bias pass
  EXPECT_EQ(ks[0].m, 2 * 27 * 27);    // P: images × output pixels
  EXPECT_EQ(ks[0].n, 128);            // F: filters per group
  EXPECT_EQ(ks[0].k, 48 * 5 * 5);     // T: channels per group × window
  EXPECT_EQ(ks[0].launches, 2);       // one GEMM per group
  EXPECT_EQ(ks[0].weight_bytes, 128 * 48 * 25);  // int8
  EXPECT_EQ(ks[0].data_type, DataType::Int8);
}

TEST(Lowering, TheDataTypeSetsEveryByteCount) {
  const Network net = load_network(test::shared_model("bvlc_alexnet"), NetworkOptions::with_batch(1));
  Lowering fp16;
  fp16.data_type = DataType::Fp16;
  const auto half = lower_layer(layer_named(net, "relu1"), fp16);
  const auto full = lower_layer(layer_named(net, "relu1"), Lowering{});
  EXPECT_EQ(2 * half[0].bytes_read, full[0].bytes_read);
}

TEST(Lowering, InnerProductAsGemmHasImagesAsRowsAndOutputsAsColumns) {
  const Network net = load_network(test::shared_model("bvlc_alexnet"), NetworkOptions::with_batch(1));
  Lowering gemm;
  gemm.inner_product = InnerProductLowering::Gemm;
  const auto ks = lower_layer(layer_named(net, "fc6"), gemm);
  ASSERT_EQ(ks.size(), 1u);
  EXPECT_EQ(ks[0].kind, KernelKind::Gemm);  // even at batch 1: P = batch, T = inputs, F = outputs
  EXPECT_EQ(ks[0].m, 1);
  EXPECT_EQ(ks[0].n, 4096);
  EXPECT_EQ(ks[0].k, 9216);
}

Scenario npu_board(const std::string& batch_net = "alexnet") {
  ScenarioSpec spec;
  spec.board = repo_path("hwdesc/boards/hypothetical-tx1-npu.yaml");
  spec.network = test::workload(batch_net);
  spec.network_options = NetworkOptions::with_batch(2);
  return Scenario::load(spec);
}

TEST(Simulation, OnTheNpuConvolutionsAndFullyConnectedLayersRunThereAndTheRestFallsBack) {
  const Scenario s = npu_board();
  const auto r = s.simulate("npu");
  size_t on_npu = 0;
  for (const auto& l : r.layers) {
    const Layer& layer = s.network().graph.layers()[l.layer];
    const bool gemm = layer.kind == LayerKind::Convolution || layer.kind == LayerKind::InnerProduct;
    if (gemm) {
      EXPECT_EQ(r.processors[l.processor], "npu") << layer.name;
      EXPECT_GT(l.cost().cycles, 0) << layer.name;
      ++on_npu;
    } else if (layer.kind != LayerKind::Input) {
      EXPECT_EQ(r.processors[l.processor], "cpu") << layer.name;  // the first processor that runs it
    }
  }
  EXPECT_EQ(on_npu, 8u);  // AlexNet: 5 convolutions, 3 fully connected layers
  EXPECT_GT(r.fallback_layers, 0u);
}

TEST(Simulation, AutoPlacementOverThreeProcessorsIsNoSlowerThanTheGpuAlone) {
  const Scenario s = npu_board();
  const auto r = s.simulate("auto");
  ASSERT_EQ(r.all_on_forward_seconds.size(), 3u);
  ASSERT_TRUE(r.all_on_forward_seconds[1]);    // the GPU runs every layer
  EXPECT_FALSE(r.all_on_forward_seconds[2]);   // the array cannot run ReLU, LRN, pooling
  EXPECT_LE(r.forward_seconds, *r.all_on_forward_seconds[1]);
  std::vector<std::string> used;
  for (const auto& l : r.layers) used.push_back(r.processors[l.processor]);
  EXPECT_NE(std::find(used.begin(), used.end(), "npu"), used.end());
  EXPECT_NE(std::find(used.begin(), used.end(), "gpu"), used.end());
}

TEST(Simulation, ARuntimeOfAnotherProcessorModelIsRefused) {
  ScenarioSpec spec;
  spec.board = repo_path("hwdesc/boards/jetson-tx1.yaml");
  spec.runtime_files = {{"cpu", repo_path("hwdesc/runtimes/caffe-cublas-gm20b.yaml")}};
  try {
    (void)Scenario::load(spec);
    FAIL() << "a gpu runtime was accepted for the cpu";
  } catch (const UserError& e) {
    EXPECT_NE(std::string(e.what()).find("is a gpu runtime, but it was given for processor 'cpu'"), std::string::npos)
        << e.what();
  }
}

TEST(Simulation, AProcessorTheBoardDoesNotHaveIsAnErrorListingTheOnesItHas) {
  ScenarioSpec spec;
  spec.board = repo_path("hwdesc/boards/jetson-tx1.yaml");
  spec.network = test::workload("alexnet");
  const Scenario s = Scenario::load(spec);
  try {
    (void)s.simulate("npu");
    FAIL();
  } catch (const UserError& e) {
    EXPECT_NE(std::string(e.what()).find("the board has no processor 'npu' (it has: cpu, gpu, or auto)"),
              std::string::npos) << e.what();
  }
}

Scenario tx1_alexnet(const std::vector<std::string>& overrides) {
  ScenarioSpec spec;
  spec.board = repo_path("hwdesc/boards/jetson-tx1.yaml");
  spec.network = test::workload("alexnet");
  spec.network_options = NetworkOptions::with_batch(2);
  spec.overrides = overrides;
  return Scenario::load(spec);
}

TEST(Fusion, ConvBiasReluReportsEachPairOnceUnderBothNames) {
  const auto plain = tx1_alexnet({}).simulate("gpu");
  const Scenario fused_scenario = tx1_alexnet({"gpu_runtime.lowering.fusion=conv_bias_relu"});
  const auto fused = fused_scenario.simulate("gpu");
  // AlexNet: conv1-5, fc6 and fc7 are each read only by their ReLU: 7 pairs become 7 results.
  EXPECT_EQ(plain.layers.size() - fused.layers.size(), 7u);
  const Network& net = fused_scenario.network();
  EXPECT_EQ(covered_name(net, fused.layers[1]), "conv1 + relu1");
  double shares = 0;
  for (const auto& [layer, share] : covered_layers(fused.layers[1])) shares += share;
  EXPECT_NEAR(shares, 1.0, 1e-12);
  // The bias pass and the ReLU kernels are gone, so the pass is faster.
  EXPECT_LT(fused.forward_seconds, plain.forward_seconds);
  EXPECT_EQ(fused.layers[1].kernels().size(), plain.layers[1].kernels().size() - 1);  // im2col, gemm (no bias)
}

TEST(Fusion, ALayerWithTwoReadersIsNotFused) {
  // GoogLeNet's inception branches read the same blob several times; fc-less 1x1 convs feeding a
  // ReLU are fused, but no result ever covers a layer whose output another layer also reads.
  ScenarioSpec spec;
  spec.board = repo_path("hwdesc/boards/jetson-tx1.yaml");
  spec.network = test::workload("googlenet");
  spec.overrides = {"gpu_runtime.lowering.fusion=conv_bias_relu"};
  const Scenario s = Scenario::load(spec);
  const auto r = s.simulate("gpu");
  for (const auto& l : r.layers) {
    if (l.fused.empty()) continue;
    EXPECT_EQ(s.network().graph.successors(l.layer).size(), 1u) << covered_name(s.network(), l);
  }
}

}  // namespace
}  // namespace augur
