// Per-operator conversion of ONNX nodes (opsets 7 to 17) into Augur layers.
#include "sim/workload/onnx/node_conversion.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <variant>

#include <fmt/format.h>

#include "sim/workload/limits.h"
#include "sim/workload/onnx/constant_folding.h"
#include "sim/workload/onnx/node_attributes.h"
#include "sim/workload/onnx/onnx_importer.h"

namespace augur::onnx_import {
namespace {

constexpr std::int64_t kMaxWindow = 1 << 20;  // kernels, strides, pads, dilations

class NodeView : public NodeAttributes<NodeView> {
 public:
  NodeView(const ::onnx::NodeProto& node, const std::string& label, const GraphContext& context)
      : node_(node), label_(label), context_(context) {}

  [[noreturn]] void fail(const std::string& message) const {
    throw UserError(fmt::format("{}: {}: {}", context_.file, label_, message));
  }

  const GraphContext& context() const { return context_; }
  const ::onnx::NodeProto& node() const { return node_; }
  const std::string& op() const { return node_.op_type(); }

  // Input i's name, or "" when absent (ONNX marks skipped optional inputs with "").
  std::string input(int i) const { return i < node_.input_size() ? node_.input(i) : std::string(); }
  bool has_input(int i) const { return !input(i).empty(); }
  bool is_static(int i) const { return has_input(i) && context_.statics.count(input(i)) > 0; }
  int input_count() const { return node_.input_size(); }
  int output_count() const { return node_.output_size(); }
  const std::string& output(int i) const { return node_.output(i); }
  bool output_read(int i) const {
    return i < node_.output_size() && !node_.output(i).empty() && context_.readers.count(node_.output(i)) > 0;
  }

  // The activation (non-static) at input i.
  std::string activation(int i) const {
    if (!has_input(i)) fail(fmt::format("input {} is missing", i));
    if (is_static(i)) {
      fail(fmt::format("input {} ('{}') is a constant; Augur models this operator on activations only", i, input(i)));
    }
    return input(i);
  }

  // The static tensor at input i (an initializer or a Constant's output).
  const StaticTensor& weight(int i, const char* role) const {
    if (!has_input(i)) fail(fmt::format("the {} (input {}) is missing", role, i));
    const auto it = context_.statics.find(input(i));
    if (it == context_.statics.end()) {
      fail(fmt::format("the {} (input {}, '{}') is computed at run time; Augur needs it as an "
                       "initializer or a Constant",
                       role, i, input(i)));
    }
    return it->second;
  }

  // Values of a static input that carries numbers Augur needs (shapes, pads, split sizes).
  std::vector<std::int64_t> static_ints(int i, const char* role) const {
    const StaticTensor& t = weight(i, role);
    if (!t.values) {
      fail(fmt::format("the {} (input {}, '{}') is {}; Augur needs its values inline", role, i, input(i),
                       t.external ? "stored in an external file" : "too large or not numeric"));
    }
    std::vector<std::int64_t> out;
    for (double v : *t.values) out.push_back(checked_int(v, role));
    return out;
  }

  const Shape* shape_of(const std::string& value) const {
    const auto it = context_.shapes.find(value);
    return it == context_.shapes.end() ? nullptr : &it->second;
  }
  const Shape& known_shape(const std::string& value, const char* what) const {
    const Shape* s = shape_of(value);
    if (s == nullptr) {
      fail(fmt::format("ONNX shape inference left the shape of '{}' unknown; Augur needs it for {}", value, what));
    }
    return *s;
  }

  std::int64_t checked_int(double v, const char* what) const {
    const auto i = whole_number(v);
    if (!i) fail(fmt::format("{}: {} is not an integer", what, v));
    return *i;
  }
  int small_int(std::int64_t v, const char* what, std::int64_t low = 0) const {
    if (v < low || v > kMaxWindow) fail(fmt::format("{} {} is outside [{}, {}]", what, v, low, kMaxWindow));
    return static_cast<int>(v);
  }
  int axis_in(std::int64_t axis, size_t rank, const char* what) const {
    const auto r = static_cast<std::int64_t>(rank);
    if (axis < -r || axis >= r) fail(fmt::format("{} {} is out of range for {} axes", what, axis, rank));
    return static_cast<int>(axis < 0 ? axis + r : axis);
  }

 private:
  const ::onnx::NodeProto& node_;
  const std::string& label_;
  const GraphContext& context_;
};

// The node as one layer reading `bottoms` and writing the node's first output, with
// `weight_elements` initializer values read as its weights.
ConvertedNode layer_node(const NodeView& v, const std::string& name, LayerKind kind, std::vector<std::string> bottoms,
                         LayerParams params, std::int64_t weight_elements = 0) {
  Layer layer;
  layer.name = name;
  layer.kind = kind;
  layer.bottoms = std::move(bottoms);
  layer.tops = {v.output(0)};
  layer.params = std::move(params);
  layer.where = SourceLocation{v.context().file, 0, 0};
  if (auto violation = layer_limit_violation(layer)) v.fail(*violation);  // the limits of every importer
  ConvertedNode out;
  out.layer = std::move(layer);
  out.weight_elements = weight_elements;
  return out;
}

// Outputs after the first must not be read: Augur models only the main result (MaxPool's
// indices, Dropout's mask, BatchNormalization's training statistics).
void only_first_output(const NodeView& v) {
  for (int i = 1; i < v.output_count(); ++i) {
    if (v.output_read(i)) {
      v.fail(fmt::format("output {} ('{}') is read by another node; Augur models only the first output of {}", i,
                         v.output(i), v.op()));
    }
  }
}

// kernel_shape, strides, dilations, pads and auto_pad of a 2-D Conv / ConvTranspose / pooling node.
Window window_of(const NodeView& v, std::optional<std::vector<std::int64_t>> kernel, bool allow_same) {
  if (!kernel) kernel = v.attr_ints("kernel_shape");
  if (!kernel) v.fail("attribute 'kernel_shape' is missing");
  if (kernel->size() != 2) {
    v.fail(fmt::format("a {}-D window; Augur models 2-D convolution and pooling (N x C x H x W)", kernel->size()));
  }
  const auto strides = v.attr_ints("strides").value_or(std::vector<std::int64_t>{1, 1});
  const auto dilations = v.attr_ints("dilations").value_or(std::vector<std::int64_t>{1, 1});
  auto pads = v.attr_ints("pads").value_or(std::vector<std::int64_t>{0, 0, 0, 0});
  if (strides.size() != 2 || dilations.size() != 2 || pads.size() != 4) {
    v.fail("'strides' and 'dilations' need 2 values and 'pads' 4 for a 2-D window");
  }
  Window w;
  w.kernel_h = v.small_int((*kernel)[0], "kernel size", 1);
  w.kernel_w = v.small_int((*kernel)[1], "kernel size", 1);
  w.stride_h = v.small_int(strides[0], "stride", 1);
  w.stride_w = v.small_int(strides[1], "stride", 1);
  w.dilation_h = v.small_int(dilations[0], "dilation", 1);
  w.dilation_w = v.small_int(dilations[1], "dilation", 1);
  const std::string auto_pad = v.attr_string("auto_pad", "NOTSET");
  if (auto_pad == "VALID") {
    pads = {0, 0, 0, 0};
  } else if (auto_pad == "SAME_UPPER" || auto_pad == "SAME_LOWER") {
    if (!allow_same) v.fail(fmt::format("auto_pad {} is not modelled for {}", auto_pad, v.op()));
    // ONNX: out = ceil(in / stride); the total padding makes the last window end at the input's
    // end; SAME_UPPER puts the odd pixel after the input, SAME_LOWER before.
    const Shape& in = v.known_shape(v.input(0), "auto_pad");
    if (in.rank() != 4) v.fail(fmt::format("expects an N x C x H x W input, got {}", in.to_string()));
    const int kernels[2] = {w.kernel_h, w.kernel_w}, stride[2] = {w.stride_h, w.stride_w},
              dilation[2] = {w.dilation_h, w.dilation_w};
    for (int d = 0; d < 2; ++d) {
      const std::int64_t size = in.dims[static_cast<size_t>(d) + 2];
      const std::int64_t out = (size + stride[d] - 1) / stride[d];
      const std::int64_t extent = static_cast<std::int64_t>(dilation[d]) * (kernels[d] - 1) + 1;
      const std::int64_t total = std::max<std::int64_t>(0, (out - 1) * stride[d] + extent - size);
      const std::int64_t before = auto_pad == "SAME_UPPER" ? total / 2 : total - total / 2;
      pads[static_cast<size_t>(d)] = before;
      pads[static_cast<size_t>(d) + 2] = total - before;
    }
  } else if (auto_pad != "NOTSET") {
    v.fail(fmt::format("auto_pad '{}' is not one of NOTSET, VALID, SAME_UPPER, SAME_LOWER", auto_pad));
  }
  w.pad_h = v.small_int(pads[0], "pad");
  w.pad_w = v.small_int(pads[1], "pad");
  const int bottom = v.small_int(pads[2], "pad"), right = v.small_int(pads[3], "pad");
  if (bottom != w.pad_h) w.pad_bottom = bottom;
  if (right != w.pad_w) w.pad_right = right;
  return w;
}

ConvertedNode conv(const NodeView& v, const std::string& name, bool transposed) {
  const StaticTensor& weights = v.weight(1, "weight");
  if (weights.dims.size() != 4) {
    v.fail(fmt::format("a weight of {} axes; Augur models 2-D convolutions (a 4-D weight)", weights.dims.size()));
  }
  ConvolutionParams p;
  p.group = v.attr_int("group", 1);
  if (p.group < 1 || p.group > (std::int64_t{1} << 30)) v.fail(fmt::format("group {} is not positive", p.group));
  p.num_output = transposed ? checked_mul(weights.dims[1], p.group, "ConvTranspose outputs") : weights.dims[0];
  p.bias_term = v.has_input(2);
  p.window = window_of(v, std::vector<std::int64_t>{weights.dims[2], weights.dims[3]}, !transposed);
  if (const auto kernel = v.attr_ints("kernel_shape");
      kernel && (kernel->size() != 2 || (*kernel)[0] != weights.dims[2] || (*kernel)[1] != weights.dims[3])) {
    v.fail("'kernel_shape' disagrees with the weight's spatial dims");
  }
  if (transposed) {
    const auto output_padding = v.attr_ints("output_padding");
    if (output_padding && std::any_of(output_padding->begin(), output_padding->end(), [](auto x) { return x != 0; })) {
      v.fail("a non-zero 'output_padding' is not modelled");
    }
    if (v.attribute("output_shape") != nullptr) v.fail("'output_shape' is not modelled; give 'pads'");
  }
  return layer_node(v, name, transposed ? LayerKind::Deconvolution : LayerKind::Convolution, {v.activation(0)}, p,
                    weights.count() + (p.bias_term ? v.weight(2, "bias").count() : 0));
}

// Gemm: Y = alpha op(A) op(B) + beta C with B a weight: Caffe's InnerProduct on a 2-D input.
ConvertedNode gemm(const NodeView& v, const std::string& name) {
  if (v.attr_int("transA", 0) != 0) v.fail("transA = 1 (a transposed activation) is not modelled");
  const StaticTensor& b = v.weight(1, "weight B");
  if (b.dims.size() != 2) v.fail(fmt::format("weight B has {} axes, expected 2", b.dims.size()));
  const bool trans_b = v.attr_int("transB", 0) != 0;
  InnerProductParams p;
  p.num_output = trans_b ? b.dims[0] : b.dims[1];
  p.transpose = !trans_b;  // Caffe's `transpose`: weights stored K x N
  p.bias_term = v.has_input(2);
  std::int64_t weight_elements = b.count();
  if (p.bias_term) {
    const StaticTensor& c = v.weight(2, "bias C");
    if (c.count() != p.num_output) {
      v.fail(fmt::format("bias C has {} values for {} outputs; only a per-output bias is modelled", c.count(),
                         p.num_output));
    }
    weight_elements += c.count();
  }
  return layer_node(v, name, LayerKind::InnerProduct, {v.activation(0)}, p, weight_elements);
}

// MatMul of an activation (..., K) by a K x N weight: InnerProduct on the last axis.
ConvertedNode matmul(const NodeView& v, const std::string& name) {
  const std::string a = v.activation(0);
  if (!v.is_static(1)) v.fail("a product of two activations is not modelled (the second input must be a weight)");
  const StaticTensor& b = v.weight(1, "weight");
  if (b.dims.size() != 2) v.fail(fmt::format("the weight has {} axes; only a 2-D (K x N) weight is modelled", b.dims.size()));
  const Shape& in = v.known_shape(a, "MatMul");
  if (in.rank() < 2) v.fail("the activation needs at least 2 axes");
  InnerProductParams p;
  p.num_output = b.dims[1];
  p.bias_term = false;
  p.transpose = true;
  p.axis = static_cast<int>(in.rank()) - 1;
  return layer_node(v, name, LayerKind::InnerProduct, {a}, p, b.count());
}

ConvertedNode pool(const NodeView& v, const std::string& name, PoolingParams::Method method, bool global) {
  only_first_output(v);
  PoolingParams p;
  p.method = method;
  p.global = global;
  p.ceil_mode = false;
  p.clip_last_window = false;  // ONNX's rule up to opset 17 (docs/model.md)
  if (!global) {
    if (const auto d = v.attr_ints("dilations"); d && std::any_of(d->begin(), d->end(), [](auto x) { return x != 1; })) {
      v.fail("dilated pooling is not modelled");
    }
    p.window = window_of(v, std::nullopt, true);
    p.ceil_mode = v.attr_int("ceil_mode", 0) != 0;
  }
  return layer_node(v, name, LayerKind::Pooling, {v.activation(0)}, p);
}

ConvertedNode unary(const NodeView& v, const std::string& name, LayerKind kind, LayerParams params = {}) {
  return layer_node(v, name, kind, {v.activation(0)}, std::move(params));
}

ConvertedNode prelu(const NodeView& v, const std::string& name) {
  const StaticTensor& slope = v.weight(1, "slope");
  const Shape& in = v.known_shape(v.input(0), "PRelu");
  const std::int64_t channels = in.rank() >= 2 ? in.dims[1] : 1;
  if (slope.count() != 1 && slope.count() != channels) {
    v.fail(fmt::format("a slope of {} values for {} channels; one per channel or one shared is modelled",
                       slope.count(), channels));
  }
  return layer_node(v, name, LayerKind::PReLU, {v.activation(0)}, PReluParams{slope.count() == 1}, slope.count());
}

ConvertedNode clip(const NodeView& v, const std::string& name) {
  ClipParams p{-std::numeric_limits<float>::max(), std::numeric_limits<float>::max()};
  if (v.context().opset < 11) {
    p.min = static_cast<float>(v.attr_float("min", p.min));
    p.max = static_cast<float>(v.attr_float("max", p.max));
  } else {
    for (int i : {1, 2}) {
      if (!v.has_input(i)) continue;
      const StaticTensor& t = v.weight(i, i == 1 ? "min" : "max");
      if (t.values && t.values->size() == 1) (i == 1 ? p.min : p.max) = static_cast<float>(t.values->front());
    }
  }
  return unary(v, name, LayerKind::Clip, p);
}

ConvertedNode batch_normalization(const NodeView& v, const std::string& name) {
  only_first_output(v);
  if (v.attr_int("spatial", 1) != 1) v.fail("spatial = 0 (per-activation statistics) is not modelled");
  if (v.attr_int("training_mode", 0) != 0) v.fail("training_mode = 1 is not modelled (inference only)");
  const Shape& in = v.known_shape(v.input(0), "BatchNormalization");
  if (in.rank() < 2) v.fail("expects at least N x C");
  std::int64_t weight_elements = 0;
  const char* roles[] = {"scale", "bias B", "mean", "variance"};
  for (int i = 1; i <= 4; ++i) {
    const StaticTensor& t = v.weight(i, roles[i - 1]);
    if (t.count() != in.dims[1]) {
      v.fail(fmt::format("the {} has {} values for {} channels", roles[i - 1], t.count(), in.dims[1]));
    }
    weight_elements += t.count();
  }
  return layer_node(v, name, LayerKind::BatchNorm, {v.activation(0)}, BatchNormParams{true, false}, weight_elements);
}

// Right-aligns `dims` with `full` (numpy broadcasting); the run of non-1 dims must equal `full`'s
// there: Caffe's Scale/Bias axis and num_axes. All ones: a scalar (num_axes 0). Otherwise a
// message saying why not.
std::variant<ScaleBiasParams, std::string> broadcast_run(const std::vector<std::int64_t>& dims_in, const Shape& full,
                                                        const char* what) {
  if (dims_in.size() > full.rank()) {
    return fmt::format("{} ({} axes) has more axes than {}", what, dims_in.size(), full.to_string());
  }
  std::vector<std::int64_t> dims(full.rank() - dims_in.size(), 1);
  dims.insert(dims.end(), dims_in.begin(), dims_in.end());
  int first = -1, last = -1;
  for (size_t i = 0; i < dims.size(); ++i) {
    if (dims[i] != 1) {
      if (first < 0) first = static_cast<int>(i);
      last = static_cast<int>(i);
    }
  }
  for (int i = std::max(first, 0); first >= 0 && i <= last; ++i) {
    if (dims[static_cast<size_t>(i)] != full.dims[static_cast<size_t>(i)]) {
      return fmt::format("{} broadcasts against {} in a way Caffe's Scale/Bias cannot express (axis {}: {} vs {})",
                         what, full.to_string(), i, dims[static_cast<size_t>(i)], full.dims[static_cast<size_t>(i)]);
    }
  }
  ScaleBiasParams p;
  p.axis = first < 0 ? 0 : first;
  p.num_axes = first < 0 ? 0 : last - first + 1;
  return p;
}

// Add, Sub, Mul, Div. Two activations of one shape: Caffe's Eltwise. An activation and a
// constant (an initializer or a folded constant: BatchNormalization written as Mul/Add of
// unsqueezed vectors), or a smaller activation, that broadcasts along a run of its axes: Caffe's
// Bias (Add, Sub) or Scale (Mul, Div), with learned factors or the smaller activation as a second
// bottom. Two activations that broadcast otherwise: an Eltwise with numpy broadcasting.
ConvertedNode binary(const NodeView& v, const std::string& name) {
  const bool additive = v.op() == "Add" || v.op() == "Sub";
  if (v.input_count() != 2 || !v.has_input(0) || !v.has_input(1)) v.fail("expects 2 inputs");
  const bool s0 = v.is_static(0), s1 = v.is_static(1);
  if (s0 && s1) v.fail("both inputs are constants that could not be folded (folding stops after 16 rounds)");
  const LayerKind scale_kind = additive ? LayerKind::Bias : LayerKind::Scale;
  const EltwiseParams::Operation operation = additive ? EltwiseParams::Operation::Sum : EltwiseParams::Operation::Product;
  if (!s0 && !s1) {
    const Shape& a = v.known_shape(v.input(0), v.op().c_str());
    const Shape& b = v.known_shape(v.input(1), v.op().c_str());
    if (a == b) return layer_node(v, name, LayerKind::Eltwise, {v.input(0), v.input(1)}, EltwiseParams{operation});
    const auto out = broadcast_dims(a.dims, b.dims);
    if (!out) v.fail(fmt::format("the inputs {} and {} do not broadcast", a.to_string(), b.to_string()));
    // One activation broadcast over the other (a squeeze-and-excitation gate N x C x 1 x 1 times
    // N x C x H x W): Caffe's Scale (Bias) with the factors as a second bottom.
    for (int big : {0, 1}) {
      const Shape& full = big == 0 ? a : b;
      const Shape& small = big == 0 ? b : a;
      if (full.dims != *out) continue;
      const auto run = broadcast_run(small.dims, full, "the smaller activation");
      if (const auto* p = std::get_if<ScaleBiasParams>(&run)) {
        return layer_node(v, name, scale_kind, {v.input(big), v.input(1 - big)}, *p);
      }
    }
    return layer_node(v, name, LayerKind::Eltwise, {v.input(0), v.input(1)}, EltwiseParams{operation, true});
  }
  const int act = s0 ? 1 : 0;
  const StaticTensor& constant = v.weight(s0 ? 0 : 1, "constant operand");
  const Shape& in = v.known_shape(v.input(act), v.op().c_str());
  const auto run = broadcast_run(constant.dims, in, "the constant");
  if (const auto* message = std::get_if<std::string>(&run)) v.fail(*message);
  return layer_node(v, name, scale_kind, {v.input(act)}, std::get<ScaleBiasParams>(run), constant.count());
}

ConvertedNode sum(const NodeView& v, const std::string& name) {
  std::vector<std::string> inputs;
  for (int i = 0; i < v.input_count(); ++i) inputs.push_back(v.activation(i));
  if (inputs.size() == 1) {
    ConvertedNode out;
    out.aliases.emplace_back(v.output(0), inputs[0]);
    return out;
  }
  if (inputs.empty()) v.fail("expects at least one input");
  return layer_node(v, name, LayerKind::Eltwise, inputs, EltwiseParams{EltwiseParams::Operation::Sum});
}

ConvertedNode concat(const NodeView& v, const std::string& name) {
  std::vector<std::string> inputs;
  for (int i = 0; i < v.input_count(); ++i) {
    if (v.is_static(i)) {
      // Concats whose inputs are all constants or folded shapes were folded before conversion.
      v.fail(fmt::format("concatenates the constant '{}' with values Augur could not fold (a shape computation "
                         "whose other inputs are not constants or input shapes); export with constant folding "
                         "or a fixed batch, or use Flatten",
                         v.input(i)));
    }
    inputs.push_back(v.activation(i));
  }
  if (inputs.empty()) v.fail("expects at least one input");
  const auto axis = v.attr_int("axis", std::numeric_limits<std::int64_t>::min());
  if (axis == std::numeric_limits<std::int64_t>::min()) v.fail("attribute 'axis' is missing");
  const AxisParams p{v.axis_in(axis, v.known_shape(inputs[0], "Concat").rank(), "axis")};
  return layer_node(v, name, LayerKind::Concat, inputs, p);
}

ConvertedNode split(const NodeView& v, const std::string& name) {
  const std::string x = v.activation(0);
  const Shape& in = v.known_shape(x, "Split");
  SliceParams p;
  p.axis = v.axis_in(v.attr_int("axis", 0), in.rank(), "axis");
  std::optional<std::vector<std::int64_t>> sizes;
  if (v.context().opset < 13) {
    sizes = v.attr_ints("split");
  } else if (v.has_input(1)) {
    sizes = v.static_ints(1, "split sizes");
  }
  if (sizes) {
    if (sizes->size() != static_cast<size_t>(v.output_count())) {
      v.fail(fmt::format("{} split sizes for {} outputs", sizes->size(), v.output_count()));
    }
    std::int64_t at = 0;
    for (size_t i = 0; i + 1 < sizes->size(); ++i) {
      if ((*sizes)[i] <= 0 || (*sizes)[i] > (std::int64_t{1} << 40)) v.fail("split sizes must be positive");
      at += (*sizes)[i];
      p.slice_points.push_back(at);
    }
  }
  ConvertedNode out = layer_node(v, name, LayerKind::Slice, {x}, p);
  out.layer->tops.clear();
  for (int i = 0; i < v.output_count(); ++i) {
    if (v.output(i).empty()) v.fail(fmt::format("output {} has no name", i));
    out.layer->tops.push_back(v.output(i));
  }
  return out;
}

// ONNX Flatten gives 2 axes: (d0 ... d(axis-1), d(axis) ... dn). Axis 1 is Caffe's Flatten; the
// others are a Reshape.
ConvertedNode flatten(const NodeView& v, const std::string& name) {
  const std::string x = v.activation(0);
  const Shape& in = v.known_shape(x, "Flatten");
  const auto rank = static_cast<std::int64_t>(in.rank());
  std::int64_t axis = v.attr_int("axis", 1);
  if (axis < -rank || axis > rank) v.fail(fmt::format("axis {} is out of range for {} axes", axis, rank));
  if (axis < 0) axis += rank;
  if (axis == 1 && rank >= 2) return layer_node(v, name, LayerKind::Flatten, {x}, FlattenParams{1, -1});
  ReshapeParams p;
  p.dims = axis == 0 ? std::vector<std::int64_t>{1, -1}
                     : std::vector<std::int64_t>{-1, in.count(static_cast<size_t>(axis), in.rank())};
  return layer_node(v, name, LayerKind::Reshape, {x}, p);
}

ConvertedNode reshape(const NodeView& v, const std::string& name) {
  const std::string x = v.activation(0);
  ReshapeParams p;
  if (v.is_static(1)) {
    p.dims = v.static_ints(1, "shape");
    if (v.attr_int("allowzero", 0) != 0 && std::count(p.dims.begin(), p.dims.end(), 0) > 0) {
      v.fail("allowzero = 1 with a 0 in the shape (an empty tensor) is not modelled");
    }
  } else if (const Shape* out = v.shape_of(v.output(0))) {
    p.dims = out->dims;  // ONNX inferred the result although the shape input is computed
  } else {
    v.fail(fmt::format("the shape (input 1, '{}') is computed at run time (e.g. Shape -> Gather -> Concat, as "
                       "torch's x.view(x.size(0), -1) exports) and ONNX infers no static result; export with "
                       "constant folding or a fixed batch, or use Flatten",
                       v.input(1)));
  }
  return layer_node(v, name, LayerKind::Reshape, {x}, p);
}

ConvertedNode transpose(const NodeView& v, const std::string& name) {
  const std::string x = v.activation(0);
  const Shape& in = v.known_shape(x, "Transpose");
  PermuteParams p;
  if (const auto perm = v.attr_ints("perm")) {
    for (auto a : *perm) p.order.push_back(v.small_int(a, "perm axis"));
  } else {
    for (size_t i = in.rank(); i-- > 0;) p.order.push_back(static_cast<int>(i));
  }
  return unary(v, name, LayerKind::Permute, p);
}

ConvertedNode pad(const NodeView& v, const std::string& name) {
  const std::string x = v.activation(0);
  const Shape& in = v.known_shape(x, "Pad");
  const auto pads = v.context().opset < 11 ? v.attr_ints("pads").value_or(std::vector<std::int64_t>{})
                                           : v.static_ints(1, "pads");
  if (pads.size() != 2 * in.rank()) {
    v.fail(fmt::format("{} pads for an input of {} axes (expected {})", pads.size(), in.rank(), 2 * in.rank()));
  }
  PadParams p;
  p.begin.assign(pads.begin(), pads.begin() + static_cast<long>(in.rank()));
  p.end.assign(pads.begin() + static_cast<long>(in.rank()), pads.end());
  const std::string mode = v.attr_string("mode", "constant");
  if (mode != "constant" && mode != "reflect" && mode != "edge") {
    v.fail(fmt::format("mode '{}' is not one of constant, reflect, edge", mode));
  }
  return unary(v, name, LayerKind::Pad, p);
}

ConvertedNode softmax(const NodeView& v, const std::string& name) {
  const std::string x = v.activation(0);
  const Shape& in = v.known_shape(x, "Softmax");
  // Opsets before 13 default to axis 1 and normalise over all axes from it; 13 defaults to -1.
  const auto axis = v.attr_int("axis", v.context().opset < 13 ? 1 : -1);
  return unary(v, name, LayerKind::Softmax, AxisParams{v.axis_in(axis, in.rank(), "axis")});
}

// ReduceMean / ReduceMax / ReduceSum: axes from the attribute (ReduceSum: input 1 from opset
// 13), all axes when none are given (unless noop_with_empty_axes), keepdims 1 by default.
ConvertedNode reduce(const NodeView& v, const std::string& name) {
  const std::string x = v.activation(0);
  const Shape& in = v.known_shape(x, v.op().c_str());
  ReduceParams p;
  p.method = v.op() == "ReduceMean" ? ReduceParams::Method::Mean
             : v.op() == "ReduceMax" ? ReduceParams::Method::Max
                                     : ReduceParams::Method::Sum;
  p.keepdims = v.attr_int("keepdims", 1) != 0;
  std::optional<std::vector<std::int64_t>> axes = v.attr_ints("axes");
  if (!axes && v.has_input(1)) axes = v.static_ints(1, "axes");
  if (axes && axes->empty()) axes.reset();
  if (!axes && v.attr_int("noop_with_empty_axes", 0) != 0) {
    ConvertedNode out;  // reduces nothing: the input itself
    out.aliases.emplace_back(v.output(0), x);
    return out;
  }
  if (axes) {
    for (auto a : *axes) p.axes.push_back(v.axis_in(a, in.rank(), "axis"));
  }
  return layer_node(v, name, LayerKind::Reduce, {x}, p);
}

// Resize (opset 10: X, scales; 11+: X, roi, scales, sizes) and Upsample (opset 7-8: a 'scales'
// attribute; 9: X, scales): nearest or (bi/tri)linear; sizes win over scales.
ConvertedNode resize(const NodeView& v, const std::string& name) {
  const std::string x = v.activation(0);
  const Shape& in = v.known_shape(x, v.op().c_str());
  const std::string mode = v.attr_string("mode", "nearest");
  ResizeParams p;
  if (mode == "nearest") {
    p.mode = ResizeParams::Mode::Nearest;
  } else if (mode == "linear" || mode == "bilinear") {
    p.mode = ResizeParams::Mode::Linear;
  } else {
    v.fail(fmt::format("mode '{}' is not modelled (nearest, linear)", mode));
  }
  if (v.attr_string("coordinate_transformation_mode", "") == "tf_crop_and_resize") {
    v.fail("coordinate_transformation_mode tf_crop_and_resize (a region of interest) is not modelled");
  }
  std::vector<double> scales;
  const bool resize = v.op() == "Resize";
  const int scales_input = resize ? (v.context().opset < 11 ? 1 : 2) : 1;
  if (resize && v.context().opset >= 11 && v.has_input(3)) {
    p.sizes = v.static_ints(3, "sizes");
  } else if (!resize && v.context().opset < 9) {
    const auto* a = v.attribute("scales");
    if (a == nullptr || a->type() != ::onnx::AttributeProto::FLOATS) v.fail("attribute 'scales' (floats) is missing");
    scales.assign(a->floats().begin(), a->floats().end());
  } else {
    const StaticTensor& t = v.weight(scales_input, "scales");
    if (!t.values) v.fail(fmt::format("the scales (input {}) must be inline values", scales_input));
    scales = *t.values;
  }
  if (p.sizes.empty()) {
    for (double s : scales) {
      if (!(s > 0 && s <= 1 << 20)) v.fail(fmt::format("scale {} is outside (0, 2^20]", s));
    }
    p.scales = std::move(scales);
  }
  const size_t given = p.sizes.empty() ? p.scales.size() : p.sizes.size();
  if (given != in.rank()) v.fail(fmt::format("{} scales or sizes for an input of {} axes", given, in.rank()));
  return layer_node(v, name, LayerKind::Resize, {x}, p);
}

// Slice of an activation (opset < 10: attributes; 10+: inputs starts, ends, axes, steps).
ConvertedNode strided_slice(const NodeView& v, const std::string& name) {
  const std::string x = v.activation(0);
  const Shape& in = v.known_shape(x, "Slice");
  std::vector<std::int64_t> starts, ends, axes, steps;
  if (v.context().opset < 10) {
    starts = v.attr_ints("starts").value_or(std::vector<std::int64_t>{});
    ends = v.attr_ints("ends").value_or(std::vector<std::int64_t>{});
    axes = v.attr_ints("axes").value_or(std::vector<std::int64_t>{});
  } else {
    starts = v.static_ints(1, "starts");
    ends = v.static_ints(2, "ends");
    if (v.has_input(3)) axes = v.static_ints(3, "axes");
    if (v.has_input(4)) steps = v.static_ints(4, "steps");
  }
  if (axes.empty()) {
    for (size_t i = 0; i < starts.size(); ++i) axes.push_back(static_cast<std::int64_t>(i));
  }
  if (steps.empty()) steps.assign(starts.size(), 1);
  if (ends.size() != starts.size() || axes.size() != starts.size() || steps.size() != starts.size()) {
    v.fail("starts, ends, axes and steps differ in length");
  }
  StridedSliceParams p;
  p.starts.assign(in.rank(), 0);
  p.ends = in.dims;
  p.steps.assign(in.rank(), 1);
  std::vector<bool> seen(in.rank(), false);
  for (size_t i = 0; i < starts.size(); ++i) {
    const auto a = static_cast<size_t>(v.axis_in(axes[i], in.rank(), "axis"));
    if (seen[a]) v.fail(fmt::format("axis {} is sliced twice", a));
    if (steps[i] == 0) v.fail("a step is 0");
    seen[a] = true;
    p.starts[a] = starts[i];
    p.ends[a] = ends[i];
    p.steps[a] = steps[i];
  }
  return layer_node(v, name, LayerKind::StridedSlice, {x}, p);
}

// Squeeze / Unsqueeze of an activation: a Reshape to the dims the axes give.
ConvertedNode squeeze(const NodeView& v, const std::string& name, bool unsqueeze) {
  const std::string x = v.activation(0);
  const Shape& in = v.known_shape(x, v.op().c_str());
  std::optional<std::vector<std::int64_t>> axes = v.attr_ints("axes");
  if (!axes && v.has_input(1)) axes = v.static_ints(1, "axes");
  if (unsqueeze && !axes) v.fail("the axes are missing");
  const DimsOrError r = unsqueeze ? unsqueeze_dims(in.dims, *axes) : squeeze_dims(in.dims, axes);
  if (!r.error.empty()) v.fail(r.error);
  ReshapeParams p;
  p.dims = r.dims;
  return layer_node(v, name, LayerKind::Reshape, {x}, p);
}

ConvertedNode constant(const NodeView& v, const ::onnx::NodeProto& node) {
  ConvertedNode out;
  if (node.attribute_size() != 1) v.fail("expects exactly one attribute (the value)");
  const auto& a = node.attribute(0);
  StaticTensor t;
  if (a.name() == "value" && a.type() == ::onnx::AttributeProto::TENSOR) {
    t = static_tensor(a.t(), v.context().file + ": Constant '" + node.output(0) + "'");
  } else if (a.name() == "value_float" && a.type() == ::onnx::AttributeProto::FLOAT) {
    t.values = std::vector<double>{a.f()};
  } else if (a.name() == "value_int" && a.type() == ::onnx::AttributeProto::INT) {
    t.data_type = ::onnx::TensorProto::INT64;
    t.values = std::vector<double>{static_cast<double>(a.i())};
  } else if (a.name() == "value_floats" && a.type() == ::onnx::AttributeProto::FLOATS) {
    t.dims = {a.floats_size()};
    t.values = std::vector<double>(a.floats().begin(), a.floats().end());
  } else if (a.name() == "value_ints" && a.type() == ::onnx::AttributeProto::INTS) {
    t.data_type = ::onnx::TensorProto::INT64;
    t.dims = {a.ints_size()};
    t.values.emplace();
    for (auto i : a.ints()) t.values->push_back(static_cast<double>(i));
  } else {
    v.fail(fmt::format("a constant given as '{}' is not modelled", a.name()));
  }
  out.constant = std::make_pair(v.output(0), std::move(t));
  return out;
}

}  // namespace

std::vector<std::string> supported_operators() {
  std::vector<std::string> ops{
      "Add", "AveragePool", "BatchNormalization", "Cast", "Clip", "Concat", "Constant", "Conv", "ConvTranspose",
      "Div", "Dropout", "Expand", "Flatten", "Gemm", "GlobalAveragePool", "GlobalMaxPool", "HardSigmoid",
      "HardSwish", "Identity", "LeakyRelu", "LogSoftmax", "LRN", "MatMul", "MaxPool", "Mul", "Pad", "PRelu",
      "ReduceMax", "ReduceMean", "ReduceSum", "Relu", "Reshape", "Resize", "Sigmoid", "Slice", "Softmax",
      "Split", "Squeeze", "Sub", "Sum", "Tanh", "Transpose", "Unsqueeze", "Upsample"};
  std::sort(ops.begin(), ops.end());
  return ops;
}

std::optional<std::int64_t> whole_number(double value) {
  if (!(std::abs(value) <= 9.0e15) || value != std::floor(value)) return std::nullopt;
  return static_cast<std::int64_t>(value);
}

std::int64_t StaticTensor::count() const {
  std::int64_t n = 1;
  for (auto d : dims) n = checked_mul(n, d, "tensor elements");
  return n;
}

StaticTensor static_tensor(const ::onnx::TensorProto& tensor, const std::string& where, std::int64_t max_values) {
  StaticTensor t;
  for (auto d : tensor.dims()) {
    if (d < 0) throw UserError(fmt::format("{}: dimension {} is negative", where, d));
    t.dims.push_back(d);
  }
  const std::int64_t n = t.count();
  t.data_type = tensor.data_type();
  if (tensor.data_location() == ::onnx::TensorProto::EXTERNAL) {
    t.external = true;
    return t;
  }
  if (n > max_values) return t;
  using TP = ::onnx::TensorProto;
  std::vector<double> values;
  const auto type = tensor.data_type();
  const auto& raw = tensor.raw_data();
  auto from_raw = [&](size_t width, auto decode) {
    if (raw.size() != static_cast<size_t>(n) * width) {
      throw UserError(fmt::format("{}: raw_data holds {} bytes for {} values of {} bytes", where, raw.size(), n, width));
    }
    for (std::int64_t i = 0; i < n; ++i) values.push_back(decode(raw.data() + static_cast<size_t>(i) * width));
  };
  if (type == TP::INT64) {
    if (!raw.empty()) {
      from_raw(8, [](const char* p) { std::int64_t x; std::memcpy(&x, p, 8); return static_cast<double>(x); });
    } else {
      for (auto x : tensor.int64_data()) values.push_back(static_cast<double>(x));
    }
  } else if (type == TP::INT32 || type == TP::INT8 || type == TP::INT16 || type == TP::UINT8 || type == TP::UINT16 ||
             type == TP::BOOL) {
    if (!raw.empty()) {
      if (type == TP::INT32) {
        from_raw(4, [](const char* p) { std::int32_t x; std::memcpy(&x, p, 4); return static_cast<double>(x); });
      } else {
        return t;  // narrow integer types: dims only
      }
    } else {
      for (auto x : tensor.int32_data()) values.push_back(static_cast<double>(x));
    }
  } else if (type == TP::FLOAT) {
    if (!raw.empty()) {
      from_raw(4, [](const char* p) { float x; std::memcpy(&x, p, 4); return static_cast<double>(x); });
    } else {
      for (auto x : tensor.float_data()) values.push_back(static_cast<double>(x));
    }
  } else if (type == TP::DOUBLE) {
    if (!raw.empty()) {
      from_raw(8, [](const char* p) { double x; std::memcpy(&x, p, 8); return x; });
    } else {
      for (auto x : tensor.double_data()) values.push_back(x);
    }
  } else {
    return t;  // other types: dims only
  }
  if (static_cast<std::int64_t>(values.size()) == n) t.values = std::move(values);
  return t;
}

ConvertedNode convert_node(const ::onnx::NodeProto& node, const std::string& label, const std::string& name,
                           const GraphContext& context) {
  const NodeView v(node, label, context);
  const std::string& op = node.op_type();
  if (op == "Constant") return constant(v, node);
  if (node.output_size() < 1 || node.output(0).empty()) v.fail("has no output");
  if (op == "Conv") return conv(v, name, false);
  if (op == "ConvTranspose") return conv(v, name, true);
  if (op == "Gemm") return gemm(v, name);
  if (op == "MatMul") return matmul(v, name);
  if (op == "MaxPool") return pool(v, name, PoolingParams::Method::Max, false);
  if (op == "AveragePool") return pool(v, name, PoolingParams::Method::Average, false);
  if (op == "GlobalAveragePool") return pool(v, name, PoolingParams::Method::Average, true);
  if (op == "GlobalMaxPool") return pool(v, name, PoolingParams::Method::Max, true);
  if (op == "Relu" || op == "LeakyRelu") return unary(v, name, LayerKind::ReLU);
  if (op == "PRelu") return prelu(v, name);
  if (op == "Clip") return clip(v, name);
  if (op == "Sigmoid") return unary(v, name, LayerKind::Sigmoid);
  if (op == "HardSigmoid") return unary(v, name, LayerKind::HardSigmoid);
  if (op == "HardSwish") return unary(v, name, LayerKind::HardSwish);
  if (op == "Tanh") return unary(v, name, LayerKind::TanH);
  if (op == "LRN") {
    const auto size = v.attr_int("size", 0);
    return unary(v, name, LayerKind::LRN, LrnParams{v.small_int(size, "size", 1), LrnParams::Region::AcrossChannels});
  }
  if (op == "BatchNormalization") return batch_normalization(v, name);
  if (op == "Add" || op == "Sub" || op == "Mul" || op == "Div") return binary(v, name);
  if (op == "Sum") return sum(v, name);
  if (op == "Concat") return concat(v, name);
  if (op == "Split") return split(v, name);
  if (op == "Flatten") return flatten(v, name);
  if (op == "Reshape") return reshape(v, name);
  if (op == "Transpose") return transpose(v, name);
  if (op == "Softmax") return softmax(v, name);
  if (op == "LogSoftmax") {
    ConvertedNode out = softmax(v, name);
    out.layer->kind = LayerKind::LogSoftmax;
    return out;
  }
  if (op == "ReduceMean" || op == "ReduceMax" || op == "ReduceSum") return reduce(v, name);
  if (op == "Resize" || op == "Upsample") return resize(v, name);
  if (op == "Slice") return strided_slice(v, name);
  if (op == "Squeeze") return squeeze(v, name, false);
  if (op == "Unsqueeze") return squeeze(v, name, true);
  if (op == "Expand") {
    ExpandParams p;
    p.dims = v.static_ints(1, "shape");
    return unary(v, name, LayerKind::Expand, p);
  }
  if (op == "Cast") {  // a conversion between number types: no work Augur models on fp32 data
    ConvertedNode out;
    out.aliases.emplace_back(v.output(0), v.activation(0));
    return out;
  }
  if (op == "Dropout") {
    only_first_output(v);
    return unary(v, name, LayerKind::Dropout);
  }
  if (op == "Identity") {
    ConvertedNode out;
    if (!v.has_input(0)) v.fail("input 0 is missing");
    out.aliases.emplace_back(v.output(0), v.input(0));
    return out;
  }
  if (op == "Pad") return pad(v, name);
  throw InternalError("convert_node called for an unsupported operator " + op);
}

}  // namespace augur::onnx_import
