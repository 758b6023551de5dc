// ONNX import: each operator becomes the Augur layer with ONNX's semantics (shapes checked
// against ONNX's own shape inference on every load), dimensions are bound by --batch and --dim,
// and bad models fail with one message naming the node.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "sim/workload/accounting.h"
#include "tests/onnx_builder.h"

namespace augur {
inline void PrintTo(const Shape& s, std::ostream* os) { *os << s.to_string(); }
}  // namespace augur

namespace augur::test {
namespace {

const Layer& layer(const Network& net, const std::string& name) {
  for (const auto& l : net.graph.layers()) {
    if (l.name == name) return l;
  }
  throw std::runtime_error("no layer " + name);
}

Shape shape(std::vector<std::int64_t> dims) { return Shape{std::move(dims)}; }

// 1x3x224x224 image input and a conv node "c" with weight w.
OnnxBuilder conv_model(const std::vector<std::int64_t>& w_dims, int opset = 13) {
  OnnxBuilder b(opset);
  b.input("x", {std::int64_t{1}, std::int64_t{3}, std::int64_t{224}, std::int64_t{224}}).weight("w", w_dims);
  return b;
}

std::string error_of(const OnnxBuilder& b, const NetworkOptions& options = {}) {
  try {
    b.load(options);
  } catch (const UserError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(OnnxConv, SameUpperPadsTheOddPixelAfterTheInput) {
  auto b = conv_model({8, 3, 3, 3});
  auto& n = b.node("Conv", {"x", "w"}, {"c"});
  attr(n, "strides", std::vector<std::int64_t>{2, 2});
  attr(n, "auto_pad", std::string("SAME_UPPER"));
  b.output("c");
  const Network net = b.load();
  const Layer& c = layer(net, "c");
  EXPECT_EQ(c.top_shapes[0], shape({1, 8, 112, 112}));  // ceil(224 / 2)
  const auto& w = std::get<ConvolutionParams>(c.params).window;
  EXPECT_EQ(w.pad_h, 0);  // total (112 - 1) * 2 + 3 - 224 = 1, all of it after
  EXPECT_EQ(w.pad_h_end(), 1);
  EXPECT_FALSE(std::get<ConvolutionParams>(c.params).bias_term);
  EXPECT_EQ(count_layer(c).params, 8 * 3 * 9);
}

TEST(OnnxConv, SameLowerPadsTheOddPixelBeforeTheInput) {
  auto b = conv_model({8, 3, 3, 3});
  auto& n = b.node("Conv", {"x", "w"}, {"c"});
  attr(n, "strides", std::vector<std::int64_t>{2, 2});
  attr(n, "auto_pad", std::string("SAME_LOWER"));
  b.output("c");
  const Network net = b.load();
  const auto& w = std::get<ConvolutionParams>(layer(net, "c").params).window;
  EXPECT_EQ(w.pad_h, 1);
  EXPECT_EQ(w.pad_h_end(), 0);
}

TEST(OnnxConv, ExplicitAsymmetricPadsGiveTheOnnxShape) {
  auto b = conv_model({8, 3, 3, 3});
  auto& n = b.node("Conv", {"x", "w"}, {"c"});
  attr(n, "strides", std::vector<std::int64_t>{2, 2});
  attr(n, "pads", std::vector<std::int64_t>{0, 1, 1, 0});  // top, left, bottom, right
  b.output("c");
  EXPECT_EQ(layer(b.load(), "c").top_shapes[0], shape({1, 8, 112, 112}));
}

TEST(OnnxConv, DepthwiseDilatedConvolutionCountsOneInputChannelPerGroup) {
  OnnxBuilder b;
  b.input("x", {std::int64_t{1}, std::int64_t{32}, std::int64_t{56}, std::int64_t{56}})
      .weight("w", {32, 1, 3, 3})
      .weight("bias", {32});
  auto& n = b.node("Conv", {"x", "w", "bias"}, {"dw"});
  attr(n, "group", std::int64_t{32});
  attr(n, "dilations", std::vector<std::int64_t>{2, 2});
  attr(n, "pads", std::vector<std::int64_t>{2, 2, 2, 2});
  b.output("dw");
  const Network net = b.load();
  const Layer& dw = layer(net, "dw");
  EXPECT_EQ(dw.top_shapes[0], shape({1, 32, 56, 56}));
  EXPECT_EQ(count_layer(dw).macs, 32 * 56 * 56 * 9);
  EXPECT_EQ(count_layer(dw).params, 32 * 9 + 32);
}

TEST(OnnxConv, ConvTransposeWithStride2DoublesTheSize) {
  OnnxBuilder b;
  b.input("x", {std::int64_t{1}, std::int64_t{16}, std::int64_t{14}, std::int64_t{14}}).weight("w", {16, 8, 4, 4});
  auto& n = b.node("ConvTranspose", {"x", "w"}, {"up"});
  attr(n, "strides", std::vector<std::int64_t>{2, 2});
  attr(n, "pads", std::vector<std::int64_t>{1, 1, 1, 1});
  b.output("up");
  const Network net = b.load();
  const Layer& up = layer(net, "up");
  EXPECT_EQ(up.kind, LayerKind::Deconvolution);
  EXPECT_EQ(up.top_shapes[0], shape({1, 8, 28, 28}));  // 2 (14 - 1) + 4 - 2
  EXPECT_EQ(count_layer(up).params, 16 * 8 * 16);
}

TEST(OnnxConv, WeightsStoredInlineCountByTheirDims) {
  OnnxBuilder b;
  b.input("x", {std::int64_t{1}, std::int64_t{3}, std::int64_t{32}, std::int64_t{32}});
  auto* w = b.model().mutable_graph()->add_initializer();  // 92,928 floats inline, as exporters write
  w->set_name("w");
  w->set_data_type(::onnx::TensorProto::FLOAT);
  for (std::int64_t d : {256, 3, 11, 11}) w->add_dims(d);
  w->mutable_raw_data()->assign(256 * 3 * 11 * 11 * sizeof(float), '\0');
  b.node("Conv", {"x", "w"}, {"c"});
  b.output("c");
  const Network net = b.load();
  EXPECT_EQ(count_layer(layer(net, "c")).params, 256 * 3 * 11 * 11);
}

TEST(OnnxConv, AWeightComputedAtRunTimeIsAnError) {
  OnnxBuilder b;
  b.input("x", {std::int64_t{1}, std::int64_t{3}, std::int64_t{8}, std::int64_t{8}})
      .input("w", {std::int64_t{4}, std::int64_t{3}, std::int64_t{3}, std::int64_t{3}});
  b.node("Conv", {"x", "w"}, {"c"});
  b.output("c");
  EXPECT_NE(error_of(b).find("node 0 'c' (Conv): the weight (input 1, 'w') is computed at run time"),
            std::string::npos)
      << error_of(b);
}

// One set of limits for every importer (sim/workload/limits.h): the Caffe path refuses 0 and
// more than 2^30 outputs, and so must ONNX.
TEST(OnnxConv, OutputChannelsOutsideTheImporterLimitsAreRefused) {
  for (const std::int64_t channels : {std::int64_t{0}, std::int64_t{1} << 40}) {
    auto b = conv_model({channels, 3, 3, 3});
    b.node("Conv", {"x", "w"}, {"c"});
    b.output("c");
    EXPECT_NE(error_of(b).find("num_output (output channels) must be between 1 and 2^30, got " + std::to_string(channels)),
              std::string::npos)
        << error_of(b);
  }
}

TEST(OnnxGemm, TransBChoosesWhichWeightAxisIsTheOutput) {
  for (std::int64_t trans_b : {0, 1}) {
    OnnxBuilder b;
    b.input("x", {std::int64_t{2}, std::int64_t{512}})
        .weight("w", trans_b ? std::vector<std::int64_t>{10, 512} : std::vector<std::int64_t>{512, 10})
        .weight("bias", {10});
    attr(b.node("Gemm", {"x", "w", "bias"}, {"fc"}), "transB", trans_b);
    b.output("fc");
    const Network net = b.load();
  const Layer& fc = layer(net, "fc");
    EXPECT_EQ(fc.kind, LayerKind::InnerProduct);
    EXPECT_EQ(fc.top_shapes[0], shape({2, 10}));
    EXPECT_EQ(count_layer(fc).macs, 2 * 512 * 10);
    EXPECT_EQ(count_layer(fc).params, 512 * 10 + 10);
  }
}

TEST(OnnxMatMul, ActsOnTheLastAxis) {
  OnnxBuilder b;
  b.input("x", {std::int64_t{1}, std::int64_t{10}, std::int64_t{64}}).weight("w", {64, 32});
  b.node("MatMul", {"x", "w"}, {"y"});
  b.output("y");
  const Network net = b.load();
  const Layer& y = layer(net, "y");
  EXPECT_EQ(y.top_shapes[0], shape({1, 10, 32}));
  EXPECT_EQ(count_layer(y).macs, 10 * 64 * 32);
}

TEST(OnnxMatMul, TwoActivationsAreNotModelled) {
  OnnxBuilder b;
  b.input("a", {std::int64_t{4}, std::int64_t{8}}).input("b", {std::int64_t{8}, std::int64_t{4}});
  b.node("MatMul", {"a", "b"}, {"y"});
  b.output("y");
  EXPECT_NE(error_of(b).find("a product of two activations is not modelled"), std::string::npos);
}

OnnxBuilder pool_model(const std::string& op, std::int64_t ceil_mode, std::int64_t pad) {
  OnnxBuilder b;
  b.input("x", {std::int64_t{1}, std::int64_t{1}, std::int64_t{5}, std::int64_t{5}});
  auto& n = b.node(op, {"x"}, {"p"});
  attr(n, "kernel_shape", std::vector<std::int64_t>{2, 2});
  attr(n, "strides", std::vector<std::int64_t>{2, 2});
  attr(n, "pads", std::vector<std::int64_t>{pad, pad, pad, pad});
  attr(n, "ceil_mode", ceil_mode);
  b.output("p");
  return b;
}

TEST(OnnxPooling, CeilModeRoundsUpWithoutCaffesLastWindowCheck) {
  EXPECT_EQ(layer(pool_model("MaxPool", 0, 0).load(), "p").top_shapes[0], shape({1, 1, 2, 2}));
  EXPECT_EQ(layer(pool_model("MaxPool", 1, 0).load(), "p").top_shapes[0], shape({1, 1, 3, 3}));
  // ceil((5 + 2 - 2) / 2) + 1 = 4 in ONNX; Caffe would drop the window starting in the padding.
  EXPECT_EQ(layer(pool_model("AveragePool", 1, 1).load(), "p").top_shapes[0], shape({1, 1, 4, 4}));
}

TEST(OnnxPooling, GlobalPoolingKeepsNAndC) {
  OnnxBuilder b;
  b.input("x", {std::int64_t{2}, std::int64_t{64}, std::int64_t{7}, std::int64_t{7}});
  b.node("GlobalMaxPool", {"x"}, {"g"});
  b.output("g");
  const Network net = b.load();
  const Layer& g = layer(net, "g");
  EXPECT_EQ(g.top_shapes[0], shape({2, 64, 1, 1}));
  EXPECT_TRUE(std::get<PoolingParams>(g.params).global);
}

TEST(OnnxElementwise, ActivationsMapToTheirKinds) {
  OnnxBuilder b(14);
  b.input("x", {std::int64_t{1}, std::int64_t{4}, std::int64_t{8}, std::int64_t{8}}).weight("slope", {4, 1, 1});
  b.scalar("lo", 0.0F).scalar("hi", 6.0F);
  b.node("Relu", {"x"}, {"a"});
  b.node("LeakyRelu", {"a"}, {"b"});
  b.node("PRelu", {"b", "slope"}, {"c"});
  b.node("Clip", {"c", "lo", "hi"}, {"d"});
  b.node("Sigmoid", {"d"}, {"e"});
  b.node("HardSigmoid", {"e"}, {"f"});
  b.node("HardSwish", {"f"}, {"g"});
  b.node("Tanh", {"g"}, {"h"});
  b.output("h");
  const Network net = b.load();
  EXPECT_EQ(layer(net, "a").kind, LayerKind::ReLU);
  EXPECT_EQ(layer(net, "b").kind, LayerKind::ReLU);
  EXPECT_EQ(layer(net, "c").kind, LayerKind::PReLU);
  EXPECT_EQ(count_layer(layer(net, "c")).params, 4);
  EXPECT_EQ(layer(net, "d").kind, LayerKind::Clip);
  EXPECT_EQ(std::get<ClipParams>(layer(net, "d").params).max, 6.0F);
  EXPECT_EQ(layer(net, "e").kind, LayerKind::Sigmoid);
  EXPECT_EQ(layer(net, "f").kind, LayerKind::HardSigmoid);
  EXPECT_EQ(layer(net, "g").kind, LayerKind::HardSwish);
  EXPECT_EQ(count_layer(layer(net, "g")).flops, 5 * 4 * 64);
  EXPECT_EQ(layer(net, "h").kind, LayerKind::TanH);
}

TEST(OnnxElementwise, ClipBeforeOpset11TakesAttributes) {
  OnnxBuilder b(9);
  b.input("x", {std::int64_t{1}, std::int64_t{4}});
  auto& n = b.node("Clip", {"x"}, {"y"});
  attr(n, "min", 0.0F);
  attr(n, "max", 6.0F);
  b.output("y");
  EXPECT_EQ(std::get<ClipParams>(layer(b.load(), "y").params).max, 6.0F);
}

TEST(OnnxBatchNormalization, IsOneLayerThatScalesAndShifts) {
  OnnxBuilder b;
  b.input("x", {std::int64_t{1}, std::int64_t{16}, std::int64_t{8}, std::int64_t{8}});
  for (const char* w : {"s", "b", "m", "v"}) b.weight(w, {16});
  b.node("BatchNormalization", {"x", "s", "b", "m", "v"}, {"bn"});
  b.output("bn");
  const Network net = b.load();
  const Layer& bn = layer(net, "bn");
  EXPECT_EQ(bn.kind, LayerKind::BatchNorm);
  EXPECT_EQ(count_layer(bn).params, 4 * 16);        // gamma, beta, mean, variance
  EXPECT_EQ(count_layer(bn).flops, 4 * 16 * 8 * 8);  // subtract, divide, scale, shift
}

TEST(OnnxArithmetic, TwoActivationsAreAnEltwiseAndAConstantIsABiasOrAScale) {
  OnnxBuilder b;
  b.input("x", {std::int64_t{1}, std::int64_t{8}, std::int64_t{4}, std::int64_t{4}}).weight("per_channel", {8, 1, 1});
  b.scalar("two", 2.0F);
  b.node("Add", {"x", "per_channel"}, {"biased"});
  b.node("Mul", {"biased", "two"}, {"scaled"});
  b.node("Add", {"scaled", "x"}, {"sum"});
  b.node("Sum", {"sum", "x", "scaled"}, {"sum3"});
  b.output("sum3");
  const Network net = b.load();
  const Layer& biased = layer(net, "biased");
  EXPECT_EQ(biased.kind, LayerKind::Bias);
  EXPECT_EQ(std::get<ScaleBiasParams>(biased.params).axis, 1);
  EXPECT_EQ(std::get<ScaleBiasParams>(biased.params).num_axes, 1);
  EXPECT_EQ(count_layer(biased).params, 8);
  EXPECT_EQ(layer(net, "scaled").kind, LayerKind::Scale);
  EXPECT_EQ(count_layer(layer(net, "scaled")).params, 1);
  EXPECT_EQ(layer(net, "sum").kind, LayerKind::Eltwise);
  EXPECT_EQ(layer(net, "sum3").bottoms.size(), 3U);
}

TEST(OnnxArithmetic, AGateBroadcastOverAnActivationIsAScaleWithASecondBottom) {
  OnnxBuilder b;
  b.input("x", {std::int64_t{2}, std::int64_t{8}, std::int64_t{4}, std::int64_t{4}})
      .input("gate", {std::int64_t{2}, std::int64_t{8}, std::int64_t{1}, std::int64_t{1}});
  b.node("Mul", {"gate", "x"}, {"y"});  // squeeze-and-excitation: x * sigmoid(fc(pool(x)))
  b.output("y");
  const Network net = b.load();
  const Layer& y = layer(net, "y");
  EXPECT_EQ(y.kind, LayerKind::Scale);
  EXPECT_EQ(y.bottoms, (std::vector<std::string>{"x", "gate"}));
  EXPECT_EQ(std::get<ScaleBiasParams>(y.params).axis, 0);
  EXPECT_EQ(std::get<ScaleBiasParams>(y.params).num_axes, 2);
  EXPECT_EQ(y.top_shapes[0], shape({2, 8, 4, 4}));
  EXPECT_EQ(count_layer(y).params, 0);  // the factors are an activation, not weights
}

TEST(OnnxArithmetic, BroadcastingBothWaysIsAnEltwiseThatBroadcasts) {
  OnnxBuilder b;
  b.input("x", {std::int64_t{1}, std::int64_t{8}, std::int64_t{1}, std::int64_t{4}})
      .input("z", {std::int64_t{1}, std::int64_t{1}, std::int64_t{4}, std::int64_t{1}});
  b.node("Add", {"x", "z"}, {"y"});
  b.output("y");
  const Network net = b.load();
  const Layer& y = layer(net, "y");
  EXPECT_EQ(y.kind, LayerKind::Eltwise);
  EXPECT_TRUE(std::get<EltwiseParams>(y.params).broadcast);
  EXPECT_EQ(y.top_shapes[0], shape({1, 8, 4, 4}));
  EXPECT_EQ(count_layer(y).flops, 8 * 4 * 4);  // one add per output element
}

TEST(OnnxArithmetic, ActivationsThatDoNotBroadcastAreAnError) {
  OnnxBuilder b;
  b.input("x", {std::int64_t{1}, std::int64_t{8}}).input("z", {std::int64_t{1}, std::int64_t{3}});
  b.node("Mul", {"x", "z"}, {"y"});
  b.output("y");
  const std::string e = error_of(b);  // ONNX's shape inference says it first
  EXPECT_NE(e.find("node name: y): [ShapeInferenceError] Incompatible dimensions"), std::string::npos) << e;
}

TEST(OnnxShapes, ConcatSplitFlattenReshapeTransposePad) {
  OnnxBuilder b;
  b.input("x", {std::int64_t{1}, std::int64_t{8}, std::int64_t{4}, std::int64_t{4}}).ints("sizes", {2, 6});
  b.ints("pads", {0, 0, 1, 1, 0, 0, 1, 1});
  attr(b.node("Split", {"x", "sizes"}, {"s0", "s1"}, "split"), "axis", std::int64_t{1});
  attr(b.node("Concat", {"s1", "s0"}, {"cat"}), "axis", std::int64_t{1});
  attr(b.node("Transpose", {"cat"}, {"nhwc"}), "perm", std::vector<std::int64_t>{0, 2, 3, 1});
  b.node("Pad", {"cat", "pads"}, {"padded"});
  attr(b.node("Flatten", {"padded"}, {"flat2"}), "axis", std::int64_t{2});
  auto& shape_node = b.node("Constant", {}, {"target"});
  auto* value = shape_node.add_attribute();
  value->set_name("value");
  value->set_type(::onnx::AttributeProto::TENSOR);
  value->mutable_t()->set_data_type(::onnx::TensorProto::INT64);
  value->mutable_t()->add_dims(2);
  value->mutable_t()->add_int64_data(0);
  value->mutable_t()->add_int64_data(-1);
  b.node("Reshape", {"padded", "target"}, {"flat"});
  b.output("flat").output("flat2").output("nhwc");
  const Network net = b.load();
  EXPECT_EQ(layer(net, "split").top_shapes[1], shape({1, 6, 4, 4}));
  EXPECT_EQ(layer(net, "cat").top_shapes[0], shape({1, 8, 4, 4}));
  EXPECT_EQ(layer(net, "nhwc").top_shapes[0], shape({1, 4, 4, 8}));
  EXPECT_EQ(layer(net, "padded").top_shapes[0], shape({1, 8, 6, 6}));
  EXPECT_EQ(layer(net, "flat2").top_shapes[0], shape({8, 36}));
  EXPECT_EQ(layer(net, "flat").top_shapes[0], shape({1, 288}));
}

OnnxBuilder torch_view_model() {  // x.view(x.size(0), -1) exported with a dynamic batch
  OnnxBuilder b(13);
  b.input("x", {std::string("N"), std::int64_t{8}, std::int64_t{2}, std::int64_t{2}}).ints("zero", {0});
  b.ints("minus1", {-1}).ints("axis0", {0});
  b.model().mutable_graph()->mutable_initializer(0)->clear_dims();  // a scalar index
  b.node("Shape", {"x"}, {"s"});
  b.node("Gather", {"s", "zero"}, {"n"});
  b.node("Unsqueeze", {"n", "axis0"}, {"n1"});
  attr(b.node("Concat", {"n1", "minus1"}, {"target"}, "cat"), "axis", std::int64_t{0});
  b.node("Reshape", {"x", "target"}, {"flat"});
  b.output("flat");
  return b;
}

TEST(OnnxShapes, AShapeComputedFromTheInputShapeIsFolded) {
  NetworkOptions options;
  options.batch = 3;
  const Network net = torch_view_model().load(options);
  EXPECT_EQ(net.graph.layers().size(), 2U);  // the input and the Reshape: the rest folded
  EXPECT_EQ(layer(net, "flat").top_shapes[0], shape({3, 32}));
}

TEST(OnnxShapes, AShapeOperatorOnActivationsIsNotModelled) {
  OnnxBuilder b;
  b.input("x", {std::int64_t{4}, std::int64_t{8}}).ints("rows", {0, 2});
  b.node("Gather", {"x", "rows"}, {"picked"});
  b.output("picked");
  const std::string e = error_of(b);
  EXPECT_NE(e.find("node 0 'picked' (Gather): operator 'Gather' is modelled only when its inputs are constants (it "
                   "is folded at load time); here input 'x' is an activation"),
            std::string::npos)
      << e;
}

TEST(OnnxShapes, SoftmaxDefaultAxisFollowsTheOpset) {
  for (int opset : {11, 13}) {
    OnnxBuilder b(opset);
    b.input("x", {std::int64_t{2}, std::int64_t{10}, std::int64_t{3}});
    b.node("Softmax", {"x"}, {"p"});
    b.output("p");
    EXPECT_EQ(std::get<AxisParams>(layer(b.load(), "p").params).axis, opset < 13 ? 1 : 2);
  }
}

TEST(OnnxGraph, IdentityIsAnAliasAndDropoutsUnreadMaskIsIgnored) {
  OnnxBuilder b;
  b.input("x", {std::int64_t{1}, std::int64_t{4}});
  b.node("Identity", {"x"}, {"same"});
  b.node("Dropout", {"same"}, {"d", "mask"});
  b.node("Relu", {"d"}, {"r"});
  b.output("r");
  const Network net = b.load();
  EXPECT_EQ(net.graph.layers().size(), 3U);  // input, dropout, relu
  EXPECT_EQ(layer(net, "d").bottoms, std::vector<std::string>{"x"});
}

TEST(OnnxGraph, NodesOutOfOrderAreSorted) {
  OnnxBuilder b;
  b.input("x", {std::int64_t{1}, std::int64_t{4}});
  b.node("Relu", {"a"}, {"b"});
  b.node("Sigmoid", {"x"}, {"a"});
  b.output("b");
  const Network net = b.load();
  EXPECT_EQ(net.graph.layers()[1].name, "a");
  EXPECT_EQ(net.graph.layers()[2].name, "b");
}

TEST(OnnxGraph, ACycleIsAnErrorNamingItsNodes) {
  OnnxBuilder b;
  b.input("x", {std::int64_t{1}, std::int64_t{4}});
  b.node("Add", {"x", "b"}, {"a"});
  b.node("Relu", {"a"}, {"b"});
  b.output("b");
  const std::string e = error_of(b);
  EXPECT_NE(e.find("test.onnx: the graph has a cycle: node 0 'a' (Add), node 1 'b' (Relu)"), std::string::npos) << e;
}

TEST(OnnxGraph, AMissingInitializerIsAnErrorNamingTheNodeAndTheValue) {
  OnnxBuilder b;
  b.input("x", {std::int64_t{1}, std::int64_t{3}, std::int64_t{8}, std::int64_t{8}});
  b.node("Conv", {"x", "conv1.weight"}, {"c"});
  b.output("c");
  const std::string e = error_of(b);
  EXPECT_NE(e.find("node 0 'c' (Conv) reads 'conv1.weight', which no node, initializer or graph input provides"),
            std::string::npos)
      << e;
}

TEST(OnnxModel, AnOpsetOutsideWhatOnnx112KnowsIsAnError) {
  for (int opset : {5, 99}) {
    OnnxBuilder b(opset);
    b.input("x", {std::int64_t{1}, std::int64_t{4}});
    b.node("Relu", {"x"}, {"y"});
    b.output("y");
    EXPECT_NE(error_of(b).find(fmt::format("opset {} of the default domain: Augur reads opsets 7 to 17", opset)),
              std::string::npos)
        << error_of(b);
  }
}

TEST(OnnxModel, TruncatedBytesAreNotAModel) {
  const std::string bytes = conv_model({8, 3, 3, 3}).bytes();
  try {
    load_network_from_onnx_bytes(bytes.substr(0, bytes.size() / 2), "cut.onnx");
    FAIL() << "no error";
  } catch (const UserError& e) {
    EXPECT_NE(std::string(e.what()).find("cut.onnx: not an ONNX model"), std::string::npos) << e.what();
  }
}

TEST(OnnxOperators, AnUnknownOperatorIsAnErrorListingTheSupportedOnes) {
  OnnxBuilder b;
  b.input("x", {std::int64_t{1}, std::int64_t{4}});
  b.node("Softsign", {"x"}, {"y"});
  b.node("Relu", {"y"}, {"z"});
  b.output("z");
  const std::string e = error_of(b);
  EXPECT_NE(e.find("node 0 'y' (Softsign): operator 'Softsign' is not modelled by Augur (supported: Add, AveragePool,"),
            std::string::npos)
      << e;
  EXPECT_NE(e.find("allowing unknown operators"), std::string::npos);
}

TEST(OnnxOperators, AllowUnknownKeepsTheNodeAtZeroCostAndCountsIt) {
  OnnxBuilder b;
  b.input("x", {std::int64_t{1}, std::int64_t{4}, std::int64_t{2}, std::int64_t{2}});
  b.node("Softsign", {"x"}, {"y"});
  b.node("Softsign", {"y"}, {"y2"});
  b.node("Relu", {"y2"}, {"z"});
  b.output("z");
  NetworkOptions options;
  options.allow_unknown = true;
  const Network net = b.load(options);
  EXPECT_EQ(layer(net, "y").kind, LayerKind::Unmodelled);
  EXPECT_EQ(layer(net, "y2").top_shapes[0], shape({1, 4, 2, 2}));
  EXPECT_EQ(count_layer(layer(net, "y")).flops, 0);
  EXPECT_EQ(net.unmodelled.at("Softsign"), 2);
  EXPECT_EQ(net.unmodelled_count(), 2);
}

TEST(OnnxOperators, AnUnknownOperatorOnConstantsOnlyStartsANewBranch) {
  OnnxBuilder b;
  b.input("x", {std::int64_t{1}, std::int64_t{4}});
  attr(b.node("RandomUniform", {}, {"ones"}), "shape", std::vector<std::int64_t>{1, 4});
  b.node("Add", {"x", "ones"}, {"y"});
  b.output("y");
  NetworkOptions options;
  options.allow_unknown = true;
  const Network net = b.load(options);
  EXPECT_TRUE(layer(net, "ones").bottoms.empty());
  EXPECT_EQ(layer(net, "y").kind, LayerKind::Eltwise);
  EXPECT_EQ(layer(net, "y").top_shapes[0], shape({1, 4}));
}

TEST(OnnxOperators, AnUnknownCustomOperatorWithoutAShapeCannotBeSkipped) {
  OnnxBuilder b;
  b.input("x", {std::int64_t{1}, std::int64_t{4}});
  auto& n = b.node("FancyOp", {"x"}, {"y"});
  n.set_domain("com.example");
  auto* o = b.model().add_opset_import();
  o->set_domain("com.example");
  o->set_version(1);
  b.output("y");
  NetworkOptions options;
  options.allow_unknown = true;
  EXPECT_NE(error_of(b, options).find("not modelled: ONNX shape inference gives no static shape for its output 'y'"),
            std::string::npos)
      << error_of(b, options);
}

OnnxBuilder symbolic_model() {
  OnnxBuilder b;
  b.input("x", {std::string("batch"), std::int64_t{3}, std::string("height"), std::string("width")})
      .weight("w", {8, 3, 3, 3});
  b.node("Conv", {"x", "w"}, {"c"});
  b.output("c");
  return b;
}

TEST(OnnxDims, ADynamicBatchTakesBatchAndOtherSymbolsTakeDim) {
  NetworkOptions options;
  options.batch = 4;
  options.dims = {{"height", 32}, {"width", 48}};
  const Network net = symbolic_model().load(options);
  EXPECT_EQ(net.batch, 4);
  EXPECT_EQ(layer(net, "c").top_shapes[0], shape({4, 8, 30, 46}));
}

TEST(OnnxDims, AnUnboundSymbolIsAnErrorNamingIt) {
  NetworkOptions options;
  options.dims = {{"height", 32}};
  const std::string e = error_of(symbolic_model(), options);
  EXPECT_NE(e.find("input 'x' dimension 3 is symbolic ('width'); bind it as a named input dimension width=VALUE"), std::string::npos)
      << e;
}

TEST(OnnxDims, ADimNobodyHasIsAnError) {
  NetworkOptions options;
  options.dims = {{"height", 32}, {"width", 32}, {"hieght", 3}};
  const std::string e = error_of(symbolic_model(), options);
  EXPECT_NE(e.find("named input dimension hieght=3: no graph input of test.onnx has a dimension named 'hieght' (symbolic "
                   "dimensions: batch, height, width)"),
            std::string::npos)
      << e;
}

TEST(OnnxDims, WithoutBatchADynamicBatchIsOneWithANote) {
  NetworkOptions options;
  options.dims = {{"height", 8}, {"width", 8}};
  const Network net = symbolic_model().load(options);
  EXPECT_EQ(net.batch, 1);
  ASSERT_GE(net.notes.size(), 2U);
  EXPECT_NE(net.notes[1].find("the batch dimension 'batch' is dynamic; using 1 (set it with --batch)"),
            std::string::npos);
}

TEST(OnnxDims, BatchReplacesAFixedBatchToo) {
  auto b = conv_model({8, 3, 3, 3});
  b.node("Conv", {"x", "w"}, {"c"});
  b.output("c");
  NetworkOptions options;
  options.batch = 3;
  EXPECT_EQ(b.load(options).batch, 3);
}

}  // namespace
}  // namespace augur::test
