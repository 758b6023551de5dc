// What Caffe runs for each layer.
#include <gtest/gtest.h>

#include "sim/lower/lowering.h"
#include "tests/test_networks.h"

namespace augur::test {
namespace {

const Layer& layer(const Network& net, const std::string& name) { return layer_named(net, name); }

TEST(Lowering, GroupedConvolutionIsIm2colThenOneGemmPerGroupPerImageThenBias) {
  const Network net = load_network(shared_model("bvlc_alexnet"), NetworkOptions::with_batch(2));
  const auto ks = lower_layer(layer(net, "conv2"), Lowering{});
  ASSERT_EQ(ks.size(), 3u);
  EXPECT_EQ(ks[0].label, "im2col");
  EXPECT_EQ(ks[0].launches, 2);
  EXPECT_EQ(ks[0].elements, 96 * 25 * 27 * 27);  // Cin kh kw Ho Wo
  EXPECT_EQ(ks[1].kind, KernelKind::Gemm);
  // Column-major BLAS view: m = Ho Wo, n = Cout / g, k = Cin / g kh kw; 2 images x 2 groups.
  EXPECT_EQ(ks[1].m, 27 * 27);
  EXPECT_EQ(ks[1].n, 128);
  EXPECT_EQ(ks[1].k, 48 * 25);
  EXPECT_EQ(ks[1].launches, 4);
  EXPECT_EQ(ks[2].label, "bias");
}

TEST(Lowering, OneByOneConvolutionSkipsIm2col) {
  const Network net = load_network(shared_model("resnet_50"));
  const auto ks = lower_layer(layer(net, "res2a_branch2a"), Lowering{});
  ASSERT_EQ(ks.size(), 1u);  // no bias either: bias_term false
  EXPECT_EQ(ks[0].kind, KernelKind::Gemm);
  EXPECT_EQ(ks[0].m, 56 * 56);
  EXPECT_EQ(ks[0].n, 64);
  EXPECT_EQ(ks[0].k, 64);
}

TEST(Lowering, InnerProductIsAGemvAtBatchOneAndATransposedGemmAbove) {
  const auto one = lower_layer(layer(load_network(shared_model("bvlc_alexnet"), NetworkOptions::with_batch(1)), "fc6"), Lowering{});
  EXPECT_EQ(one[0].kind, KernelKind::Gemv);
  EXPECT_EQ(one[0].m, 4096);
  EXPECT_EQ(one[0].k, 9216);
  const auto eight = lower_layer(layer(load_network(shared_model("bvlc_alexnet"), NetworkOptions::with_batch(8)), "fc6"), Lowering{});
  EXPECT_EQ(eight[0].kind, KernelKind::Gemm);
  EXPECT_TRUE(eight[0].a_transposed);
  EXPECT_EQ(eight[0].m, 4096);
  EXPECT_EQ(eight[0].n, 8);
}

TEST(Lowering, CaffesBiasGemmReadsTheBiasMultiplierExceptAnInnerProductsAtBatchOne) {
  // Reshape refills the multiplier on the host every pass; the bias GEMM's gpu_data() copies it.
  const Network two = load_network(shared_model("bvlc_alexnet"), NetworkOptions::with_batch(2));
  const auto conv = lower_layer(layer(two, "conv2"), Lowering{});
  EXPECT_TRUE(conv.back().bias_multiplier);
  const auto fc_two = lower_layer(layer(two, "fc6"), Lowering{});
  EXPECT_TRUE(fc_two.back().bias_multiplier);
  // One row: caffe_gpu_axpy scaled by the multiplier's host value (inner_product_layer.cu).
  const Network one = load_network(shared_model("bvlc_alexnet"), NetworkOptions::with_batch(1));
  const auto fc_one = lower_layer(layer(one, "fc6"), Lowering{});
  ASSERT_EQ(fc_one.back().label, "bias");
  EXPECT_FALSE(fc_one.back().bias_multiplier);
  // No bias pass, nothing to copy (ResNet-50's convolutions: bias_term false).
  for (const auto& k : lower_layer(layer(load_network(shared_model("resnet_50")), "res2a_branch2b"), Lowering{})) {
    EXPECT_FALSE(k.bias_multiplier) << k.label;
  }
}

TEST(Lowering, TrainPhaseDropoutDrawsAMaskThenAppliesIt) {
  // caffe time times the TRAIN phase (software-stacks.md §7): dropout_layer.cu fills an
  // unsigned-int mask with cuRAND, then DropoutForward reads input and mask and writes the output.
  const Network net = load_network(shared_model("bvlc_alexnet"), NetworkOptions::with_batch(2));
  const Layer& drop6 = layer(net, "drop6");
  const std::int64_t n = 2 * 4096;
  Lowering train;
  train.dropout = DropoutLowering::Train;
  const auto ks = lower_layer(drop6, train);
  ASSERT_EQ(ks.size(), 2u);
  EXPECT_EQ(ks[0].label, "dropout_rng");
  EXPECT_EQ(ks[0].bytes_read, 0);
  EXPECT_EQ(ks[0].bytes_written, 4 * n);  // one 32-bit random number per element
  EXPECT_EQ(ks[1].label, "dropout");
  EXPECT_EQ(ks[1].bytes_read, 4 * n + 4 * n);  // fp32 input + mask
  EXPECT_EQ(ks[1].bytes_written, 4 * n);
  // The other phases: one pass over the data (test-time Caffe), or nothing (an inference engine).
  const auto pass = lower_layer(drop6, Lowering{});
  ASSERT_EQ(pass.size(), 1u);
  EXPECT_EQ(pass[0].bytes_read + pass[0].bytes_written, 8 * n);
  Lowering removed;
  removed.dropout = DropoutLowering::Removed;
  EXPECT_TRUE(lower_layer(drop6, removed).empty());
}

TEST(Lowering, CaffesInPlaceScaleCopiesItsInputFirst) {
  // scale_layer.cu: computed in place, Scale keeps its input in temp_ for the backward pass.
  const Network net = load_network(shared_model("resnet_50"));
  const Layer& scale = layer(net, "scale_conv1");
  ASSERT_TRUE(scale.in_place());
  const std::int64_t n = 64 * 112 * 112;
  const auto ks = lower_layer(scale, Lowering{});
  ASSERT_EQ(ks.size(), 2u);
  EXPECT_EQ(ks[0].label, "copy");
  EXPECT_EQ(ks[0].bytes_read, 4 * n);
  EXPECT_EQ(ks[0].bytes_written, 4 * n);
  EXPECT_EQ(ks[1].label, "scale");
  Lowering engine;
  engine.elementwise = ElementwiseLowering::SinglePass;
  EXPECT_EQ(lower_layer(scale, engine).size(), 1u);
}

TEST(Lowering, CaffesEltwiseSumZeroesTheTopThenAddsEachBottom) {
  // eltwise_layer.cu SUM: caffe_gpu_set(0), then one axpy per bottom (each reads the bottom and
  // the top and writes the top).
  const Network net = load_network(shared_model("resnet_50"));
  const Layer& sum = layer(net, "res2a");
  ASSERT_EQ(sum.bottom_shapes.size(), 2u);
  const std::int64_t n = 256 * 56 * 56, f = 4;
  const auto ks = lower_layer(sum, Lowering{});
  ASSERT_EQ(ks.size(), 2u);
  EXPECT_EQ(ks[0].label, "memset");
  EXPECT_EQ(ks[0].bytes_written, f * n);
  EXPECT_EQ(ks[1].label, "axpy");
  EXPECT_EQ(ks[1].gpu_kernels_per_call, 2);
  EXPECT_EQ(ks[1].bytes_read, 2 * 2 * n * f);
  EXPECT_EQ(ks[1].bytes_written, 2 * n * f);
  // An inference engine reads both bottoms once and writes the top once, in one kernel.
  Lowering engine;
  engine.elementwise = ElementwiseLowering::SinglePass;
  const auto one = lower_layer(sum, engine);
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(one[0].bytes_read + one[0].bytes_written, 3 * n * f);
}

TEST(Lowering, SplitFlattenAndInputRunNothing) {
  const Network net = load_network(shared_model("bvlc_googlenet"), NetworkOptions::with_batch(1));
  EXPECT_TRUE(lower_layer(layer(net, "pool2/3x3_s2_pool2/3x3_s2_0_split"), Lowering{}).empty());
  EXPECT_TRUE(lower_layer(layer(net, "data"), Lowering{}).empty());
}

TEST(Lowering, MultiKernelLayersCountTheirGpuKernels) {
  const Network net = load_network(shared_model("bvlc_alexnet"), NetworkOptions::with_batch(1));
  EXPECT_EQ(lower_layer(layer(net, "prob"), Lowering{})[0].gpu_kernels_per_call, 6);
  EXPECT_EQ(lower_layer(layer(net, "norm1"), Lowering{})[0].gpu_kernels_per_call, 2);
}

// Caffe's layer factory under USE_CUDNN (software-stacks.md §1.1): ReLU, LRN, Softmax and AVE
// pooling run cuDNN's own kernels, which stream at kernels.library_stream_factor of Caffe's
// share; MAX pooling, PReLU and an LRN window wider than CUDNN_LRN_MAX_N = 16 stay Caffe's.
TEST(Lowering, CudnnsOwnLayerKernelsAreMarkedAsTheLibrarysAndCaffesAreNot) {
  const Network alexnet = load_network(shared_model("bvlc_alexnet"), NetworkOptions::with_batch(2));
  const Network squeezenet = load_network(shared_model("squeezenet_v1.1"), NetworkOptions::with_batch(2));
  Lowering cudnn;
  cudnn.layer_library = LayerLibrary::Cudnn;
  const auto library = [](const std::vector<Kernel>& ks) {
    return ks.size() == 1 && ks[0].library_stream;
  };
  EXPECT_TRUE(library(lower_layer(layer(alexnet, "relu1"), cudnn)));
  EXPECT_TRUE(library(lower_layer(layer(alexnet, "norm1"), cudnn)));
  EXPECT_TRUE(library(lower_layer(layer(alexnet, "prob"), cudnn)));
  EXPECT_TRUE(library(lower_layer(layer(squeezenet, "pool10"), cudnn)));  // AVE, global
  EXPECT_FALSE(library(lower_layer(layer(alexnet, "pool1"), cudnn)));     // MAX: Caffe's kernel
  for (const char* name : {"relu1", "norm1", "prob", "pool1"}) {           // Caffe's layers
    for (const auto& k : lower_layer(layer(alexnet, name), Lowering{})) EXPECT_FALSE(k.library_stream) << name;
  }
  // A cross-channel window of 17 channels: Caffe's LRN (fill the scale blob, then the output).
  Layer wide = layer(alexnet, "norm1");
  std::get<LrnParams>(wide.params).local_size = 17;
  const auto caffes = lower_layer(wide, cudnn);
  ASSERT_EQ(caffes.size(), 1u);
  EXPECT_FALSE(caffes[0].library_stream);
  EXPECT_EQ(caffes[0].gpu_kernels_per_call, 2);
}

}  // namespace
}  // namespace augur::test
