// How Caffe network descriptions are read: both syntaxes, every input style, phase rules,
// in-place layers, the Split layers Caffe inserts, and the batch override.
#include <gtest/gtest.h>

#include "tests/test_networks.h"

namespace augur::test {
namespace {

const Layer* find_layer(const Network& net, const std::string& name) {
  for (const auto& l : net.graph.layers()) {
    if (l.name == name) return &l;
  }
  return nullptr;
}

class SharedModel : public ::testing::TestWithParam<const char*> {};

TEST_P(SharedModel, ImportsAtBatch1And10) {
  for (std::int64_t batch : {1, 10}) {
    const Network net = load_network(shared_model(GetParam()), NetworkOptions::with_batch(batch));
    EXPECT_EQ(net.batch, batch);
    EXPECT_GT(net.graph.layers().size(), 10u);
    for (const auto& layer : net.graph.layers()) {
      for (const auto& s : layer.top_shapes) EXPECT_EQ(s.dims[0], batch) << layer.name;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(All, SharedModel,
                         ::testing::Values("bvlc_alexnet", "bvlc_googlenet",
                                           "bvlc_reference_caffenet", "resnet_50", "resnet_101",
                                           "resnet_152", "squeezenet_v1.0", "squeezenet_v1.1",
                                           "mobilenet_v1", "mobilenet_v2"),
                         [](const auto& info) { return network_test_name(info.param); });

TEST(CaffeImport, LegacySyntaxWithInputDimsAndEnumTypes) {
  const Network net = load_network(repo_path("tests/data/nets/legacy_v1.prototxt"));
  EXPECT_EQ(net.name, "LegacyNet");
  ASSERT_NE(find_layer(net, "input"), nullptr);  // net-level input upgraded to an Input layer
  const Layer* conv = find_layer(net, "conv1");
  ASSERT_NE(conv, nullptr);
  EXPECT_EQ(conv->kind, LayerKind::Convolution);
  EXPECT_EQ(conv->top_shapes[0], (Shape{{1, 16, 32, 32}}));
  EXPECT_EQ(find_layer(net, "pool1")->top_shapes[0], (Shape{{1, 16, 16, 16}}));
  EXPECT_EQ(find_layer(net, "ip1")->top_shapes[0], (Shape{{1, 10}}));
  EXPECT_EQ(find_layer(net, "loss"), nullptr);  // a loss layer does not run at inference
}

TEST(CaffeImport, TestPhaseRulesAndSkippedLayersLeaveNotes) {
  const Network net = load_network(repo_path("tests/data/nets/train_val.prototxt"));
  EXPECT_EQ(find_layer(net, "train_only"), nullptr);
  EXPECT_EQ(find_layer(net, "excluded"), nullptr);
  EXPECT_EQ(find_layer(net, "accuracy"), nullptr);
  EXPECT_EQ(find_layer(net, "loss"), nullptr);
  EXPECT_NE(find_layer(net, "fork"), nullptr);
  EXPECT_EQ(std::get<ConvolutionParams>(find_layer(net, "conv1")->params).engine, "CAFFE");
  std::string notes;
  for (const auto& n : net.notes) notes += n + "\n";
  EXPECT_NE(notes.find("'train_only' is not in the TEST phase"), std::string::npos) << notes;
  EXPECT_NE(notes.find("'accuracy' (Accuracy) does not run at inference"), std::string::npos);
  EXPECT_NE(notes.find("'some_fork_param' is not a BVLC Caffe parameter block"), std::string::npos);
}

TEST(CaffeImport, AllInputStylesGiveTheSameShape) {
  const std::string layers =
      "layer { name: \"c\" type: \"Convolution\" bottom: \"data\" top: \"c\" "
      "convolution_param { num_output: 2 kernel_size: 3 } }\n";
  const auto a = load_network_from_prototxt_text(
      "input: \"data\" input_dim: 2 input_dim: 3 input_dim: 9 input_dim: 9\n" + layers, "a");
  const auto b = load_network_from_prototxt_text(
      "input: \"data\" input_shape { dim: 2 dim: 3 dim: 9 dim: 9 }\n" + layers, "b");
  const auto c = load_network_from_prototxt_text(
      "layer { name: \"input\" type: \"Input\" top: \"data\" input_param { shape { dim: 2 dim: 3 "
      "dim: 9 dim: 9 } } }\n" + layers, "c");
  for (const auto* net : {&a, &b, &c}) {
    EXPECT_EQ(net->graph.layers().back().top_shapes[0], (Shape{{2, 2, 7, 7}}));
  }
}

TEST(CaffeImport, BatchOverrideReplacesTheFilesBatch) {
  const Network net = load_network(shared_model("bvlc_alexnet"), NetworkOptions::with_batch(3));
  EXPECT_EQ(net.batch, 3);
  EXPECT_EQ(find_layer(net, "fc8")->top_shapes[0], (Shape{{3, 1000}}));
  EXPECT_EQ(load_network(shared_model("bvlc_alexnet")).batch, 10);  // the file says 10
}

TEST(CaffeImport, InPlaceLayersReadTheirPredecessorsOutput) {
  const Network net = load_network(shared_model("bvlc_alexnet"));
  const auto& layers = net.graph.layers();
  size_t relu1 = 0, norm1 = 0, conv1 = 0;
  for (size_t i = 0; i < layers.size(); ++i) {
    if (layers[i].name == "relu1") relu1 = i;
    if (layers[i].name == "norm1") norm1 = i;
    if (layers[i].name == "conv1") conv1 = i;
  }
  EXPECT_TRUE(layers[relu1].in_place());
  EXPECT_EQ(net.graph.predecessors(relu1), std::vector<size_t>{conv1});
  EXPECT_EQ(net.graph.predecessors(norm1), std::vector<size_t>{relu1});  // not conv1
}

TEST(CaffeImport, BlobsReadByManyLayersGetCaffesSplitLayers) {
  const Network net = load_network(shared_model("bvlc_googlenet"), NetworkOptions::with_batch(1));
  const Layer* split = find_layer(net, "pool2/3x3_s2_pool2/3x3_s2_0_split");
  ASSERT_NE(split, nullptr);
  EXPECT_TRUE(split->implicit);
  EXPECT_EQ(split->kind, LayerKind::Split);
  ASSERT_EQ(split->tops.size(), 4u);  // the four branches of inception_3a
  EXPECT_EQ(split->tops[0], "pool2/3x3_s2_pool2/3x3_s2_0_split_0");
  EXPECT_EQ(find_layer(net, "inception_3a/1x1")->bottoms[0], "pool2/3x3_s2_pool2/3x3_s2_0_split_0");
}

}  // namespace
}  // namespace augur::test
