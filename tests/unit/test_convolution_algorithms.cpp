// cuDNN's forward convolution algorithms as lowering strategies, the fastest-candidate choice,
// and the checks that keep a trace from being compared with another stack's model.
#include <map>

#include <gtest/gtest.h>

#include "sim/hwdesc/runtime_loader.h"
#include "sim/lower/convolution_algorithms.h"
#include "sim/lower/lowering.h"
#include "sim/scenario/scenario.h"
#include "sim/validate/trace_stack.h"
#include "tests/test_networks.h"
#include "tests/test_paths.h"

namespace augur::test {
namespace {

const Layer& layer(const Network& net, const std::string& name) { return layer_named(net, name); }

std::int64_t gemm_macs_of(const std::vector<Kernel>& ks) {
  std::int64_t macs = 0;
  for (const auto& k : ks) {
    if (k.kind == KernelKind::Gemm) macs += gemm_macs(k) * k.launches;
  }
  return macs;
}

// The v5.1 user guide's conditions: Winograd needs 3x3 at stride 1 (5x5 too for the non-fused
// form), FFT stride 1; AlexNet's conv1 is 11x11 stride 4, conv2 5x5, conv3 3x3, all stride 1 after conv1.
TEST(ConvolutionAlgorithms, ShapesDecideWhichAlgorithmsApply) {
  const Network net = load_network(shared_model("bvlc_alexnet"), NetworkOptions::with_batch(2));
  const Layer& conv1 = layer(net, "conv1");
  const Layer& conv2 = layer(net, "conv2");
  const Layer& conv3 = layer(net, "conv3");
  EXPECT_EQ(algorithm_rejects(conv1, ConvolutionLowering::ImplicitGemm), "");
  EXPECT_NE(algorithm_rejects(conv1, ConvolutionLowering::Winograd), "");
  EXPECT_NE(algorithm_rejects(conv1, ConvolutionLowering::Fft), "");
  EXPECT_NE(algorithm_rejects(conv2, ConvolutionLowering::Winograd), "");
  EXPECT_EQ(algorithm_rejects(conv2, ConvolutionLowering::WinogradNonfused), "");
  EXPECT_EQ(algorithm_rejects(conv2, ConvolutionLowering::Fft), "");
  EXPECT_EQ(algorithm_rejects(conv3, ConvolutionLowering::Winograd), "");
  EXPECT_NE(algorithm_rejects(layer(net, "fc6"), ConvolutionLowering::Gemm), "");
}

// Implicit GEMM does the direct MACs over the whole batch; Winograd F(2x2,3x3) does 16 products
// per 2x2 tile instead of 36, F(4x4,3x3) 36 per 4x4 tile instead of 144 (exact for 13x13 -> 14x14
// padded tiles: conv3's output is 13x13).
TEST(ConvolutionAlgorithms, WinogradDoesFewerProductsThanTheDirectGemm) {
  const Network net = load_network(shared_model("bvlc_alexnet"), NetworkOptions::with_batch(2));
  const Layer& conv3 = layer(net, "conv3");  // 256 -> 384, 13x13, 3x3 pad 1
  Lowering l;
  l.layer_library = LayerLibrary::Cudnn;
  const std::int64_t direct = gemm_macs_of(lower_convolution_algorithm(conv3, ConvolutionLowering::ImplicitGemm, l));
  EXPECT_EQ(direct, 2LL * 13 * 13 * 384 * 256 * 9);
  const std::int64_t fused = gemm_macs_of(lower_convolution_algorithm(conv3, ConvolutionLowering::Winograd, l));
  EXPECT_EQ(fused, 2LL * 7 * 7 * 384 * 256 * 16);
  const std::int64_t nonfused =
      gemm_macs_of(lower_convolution_algorithm(conv3, ConvolutionLowering::WinogradNonfused, l));
  EXPECT_EQ(nonfused, 2LL * 4 * 4 * 384 * 256 * 36);
  // With the cuDNN layer library the bias is one cudnnAddTensor per group over the batch.
  const auto ks = lower_convolution_algorithm(conv3, ConvolutionLowering::ImplicitGemm, l);
  ASSERT_EQ(ks.back().label, "bias");
  EXPECT_EQ(ks.back().launches, 1);
  EXPECT_EQ(ks.back().elements, 2LL * 384 * 13 * 13);
  for (const auto& k : ks) EXPECT_EQ(k.algorithm, ConvolutionLowering::ImplicitGemm);
}

// Workspaces follow the formulas of convolution_algorithms.h: implicit GEMM needs none, GEMM the
// batch's im2col matrix of one group, FFT three spectra of 16x16 planes (13 + 2 = 15 -> 15 is a
// 3·5 size: 15 x 8 bins).
TEST(ConvolutionAlgorithms, WorkspacesAreThoseOfEachAlgorithm) {
  const Network net = load_network(shared_model("bvlc_alexnet"), NetworkOptions::with_batch(2));
  const Layer& conv3 = layer(net, "conv3");
  EXPECT_EQ(convolution_workspace_bytes(conv3, ConvolutionLowering::ImplicitGemm, 4), 0);
  EXPECT_EQ(convolution_workspace_bytes(conv3, ConvolutionLowering::Gemm, 4), 2LL * 256 * 9 * 13 * 13 * 4);
  EXPECT_EQ(convolution_workspace_bytes(conv3, ConvolutionLowering::Fft, 4),
            (2LL * 256 + 384 * 256 + 2LL * 384) * 15 * 8 * 8);
  // A workspace limit drops the candidates that exceed it, in the runtime's order.
  Lowering l;
  l.convolution_candidates = {ConvolutionLowering::Gemm, ConvolutionLowering::ImplicitGemm};
  EXPECT_EQ(permitted_algorithms(conv3, l).size(), 2u);
  l.workspace_limit_bytes = 1 << 20;
  EXPECT_EQ(permitted_algorithms(conv3, l), std::vector<ConvolutionLowering>{ConvolutionLowering::ImplicitGemm});
}

// The cuDNN runtime runs each convolution with the algorithm of least time among those its shape
// permits: forcing any single permitted candidate is never faster than the choice.
TEST(ConvolutionAlgorithms, EachConvolutionRunsTheFastestPermittedAlgorithm) {
  ScenarioSpec spec;
  spec.board = repo_path("hwdesc/boards/jetson-tx1.yaml");
  spec.runtime_files = {{"gpu", repo_path("hwdesc/runtimes/caffe-cudnn51-gm20b.yaml")}};
  spec.network = shared_model("bvlc_alexnet");
  spec.network_options = NetworkOptions::with_batch(8);
  const Scenario scenario = Scenario::load(spec);
  const SimulationResult chosen = scenario.simulate("gpu");
  const auto& runtime = scenario.runtime_of("gpu")->loaded;
  for (const auto& r : chosen.layers) {
    const auto algorithm = layer_algorithm(r);
    const Layer& l = scenario.network().graph.layers()[r.layer];
    if (l.kind != LayerKind::Convolution) {
      EXPECT_FALSE(algorithm.has_value()) << l.name;
      continue;
    }
    ASSERT_TRUE(algorithm.has_value()) << l.name;
    for (ConvolutionLowering a : algorithms_to_try(l, runtime.runtime.lowering)) {
      const std::string name = convolution_lowering_name(a);
      ScenarioSpec only = spec;
      only.overrides = {"gpu_runtime.lowering.convolution_candidates=" + name};
      const SimulationResult forced = Scenario::load(only).simulate("gpu");
      for (const auto& f : forced.layers) {
        if (f.layer == r.layer) {
          EXPECT_GE(f.cost().layerwise_seconds, r.cost().layerwise_seconds * (1 - 1e-12)) << l.name << " " << name;
        }
      }
    }
  }
}

// `augur memory` counts one shared workspace, the largest of the chosen algorithms' workspaces,
// instead of Caffe's column buffers.
TEST(ConvolutionAlgorithms, TheMemoryHoldsTheLargestChosenWorkspaceOnce) {
  ScenarioSpec spec;
  spec.board = repo_path("hwdesc/boards/jetson-tx1.yaml");
  spec.runtime_files = {{"gpu", repo_path("hwdesc/runtimes/caffe-cudnn51-gm20b.yaml")}};
  spec.network = shared_model("bvlc_alexnet");
  spec.network_options = NetworkOptions::with_batch(4);
  const Scenario scenario = Scenario::load(spec);
  std::int64_t largest = 0;
  for (const auto& r : scenario.simulate("gpu").layers) largest = std::max(largest, r.workspace_bytes);
  ASSERT_GT(largest, 0);
  const Footprint f = scenario.memory("gpu", MemoryPolicy::Caffe);
  EXPECT_EQ(f.workspace_bytes, largest);
}

TEST(TraceStack, ACkTraceNamesItsProcessorAndStack) {
  Trace t;
  t.format = "ck-json";
  t.file = "../shared/validation/traces/tx1_alexnet_ck-caffe-nvidia-cudnn_b16.log";
  t.setup["cmd_key"] = "time_gpu";
  const TraceIdentity id = trace_identity(t);
  EXPECT_EQ(id.processor, "gpu");
  EXPECT_EQ(id.stack, "caffe-nvidia-cudnn");
  EXPECT_TRUE(trace_mismatches(id, "gpu", "gpu", "cuDNN runtime", "caffe-nvidia-cudnn").empty());
  EXPECT_EQ(trace_mismatches(id, "gpu", "gpu", "cuBLAS runtime", "caffe-nvidia-cuda").size(), 1u);
  EXPECT_EQ(trace_mismatches(id, "cpu", "cpu", "OpenBLAS runtime", "caffe-cpu").size(), 2u);
  // What a side does not state is not a mismatch.
  EXPECT_TRUE(trace_mismatches(id, "gpu", "gpu", "a runtime", "").empty());
  Trace other;
  other.format = "caffe-log";
  other.file = "ck-caffe-cpu_b2.log";
  EXPECT_TRUE(trace_identity(other).stack.empty());
}

// Caffe's Reshape refills the bias multiplier on the host every pass: a layer whose bias GEMM reads
// it (a biased convolution by im2col + GEMM; an InnerProduct at batch > 1) pays one copy, timed
// alone exactly kernels.bias_multiplier_copy more; a layer without that pass pays nothing.
TEST(BiasMultiplierCopy, AddsItsTimeToEveryLayerWhoseBiasGemmReadsTheMultiplierAndNoOther) {
  const auto run = [](const std::string& network, int batch, const std::string& copy) {
    ScenarioSpec spec;
    spec.board = repo_path("hwdesc/boards/jetson-tx1.yaml");
    spec.runtime_files = {{"gpu", repo_path("hwdesc/runtimes/caffe-cublas-gm20b.yaml")}};
    spec.network = shared_model(network);
    spec.network_options = NetworkOptions::with_batch(batch);
    spec.overrides = {"gpu_runtime.kernels.bias_multiplier_copy=" + copy};
    const Scenario scenario = Scenario::load(spec);
    std::map<std::string, double> out;
    for (const auto& r : scenario.simulate("gpu").layers) {
      out[scenario.network().graph.layers()[r.layer].name] = r.cost().layerwise_seconds;
    }
    return out;
  };
  const auto none = run("bvlc_alexnet", 2, "0 us"), some = run("bvlc_alexnet", 2, "100 us");
  for (const std::string name : {"conv1", "conv2", "fc6", "fc8"}) {
    EXPECT_NEAR(some.at(name) - none.at(name), 100e-6, 1e-12) << name;
  }
  for (const std::string name : {"relu1", "norm1", "pool1", "prob"}) EXPECT_DOUBLE_EQ(some.at(name), none.at(name)) << name;
  // At batch 1 the InnerProduct adds its bias with an axpy of the multiplier's host value.
  const auto none1 = run("bvlc_alexnet", 1, "0 us"), some1 = run("bvlc_alexnet", 1, "100 us");
  EXPECT_DOUBLE_EQ(some1.at("fc6"), none1.at("fc6"));
  EXPECT_NEAR(some1.at("conv1") - none1.at("conv1"), 100e-6, 1e-12);
  // ResNet-50's convolutions have no bias (bias_term: false): nothing to copy.
  const auto r0 = run("resnet_50", 2, "0 us"), r1 = run("resnet_50", 2, "100 us");
  EXPECT_DOUBLE_EQ(r1.at("res2a_branch2b"), r0.at("res2a_branch2b"));
}

}  // namespace
}  // namespace augur::test
