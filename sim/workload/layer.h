// One layer of a network as Augur sees it: its kind, Caffe-semantics parameters, the blobs it
// reads and writes, where it was written, and (after shape inference) its blob shapes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "sim/core/error.h"
#include "sim/workload/shape.h"

namespace augur {

enum class LayerKind {
  Input,
  Convolution,
  Deconvolution,
  InnerProduct,
  Pooling,
  ReLU,
  PReLU,
  Sigmoid,
  TanH,
  LRN,
  BatchNorm,
  Scale,
  Bias,
  Eltwise,
  Concat,
  Slice,
  Split,
  Dropout,
  Softmax,
  Flatten,
  Reshape,
  Power,
  // Kinds that Caffe's core does not have; they come from other formats (ONNX).
  Clip,         // min(max(x, lo), hi): ReLU6, ONNX Clip
  HardSigmoid,  // max(0, min(1, alpha x + beta))
  HardSwish,    // x hardsigmoid(x) with alpha 1/6, beta 1/2
  Permute,      // a transposition of the axes (ONNX Transpose; SSD-Caffe's Permute)
  Pad,          // a copy into a larger (or cropped) blob (ONNX Pad)
  Reduce,       // mean, max or sum over some axes (ONNX ReduceMean/ReduceMax/ReduceSum)
  Resize,       // nearest or (multi)linear resampling (ONNX Resize, Upsample)
  LogSoftmax,   // log(softmax(x)) along an axis
  Expand,       // a broadcast of the input to a larger shape (ONNX Expand)
  StridedSlice, // start:end:step along each axis (ONNX Slice on an activation)
  Unmodelled,   // an operator Augur does not model, kept with zero cost (--allow-unknown)
};

inline constexpr LayerKind kLastCaffeKind = LayerKind::Power;

// The type name of a kind: Caffe's ("Convolution", "InnerProduct", ...) for Caffe's kinds,
// "Clip", "HardSigmoid", "HardSwish", "Permute", "Pad", "Unmodelled" for the others.
const char* caffe_type_name(LayerKind kind);

// The Caffe layer types Augur models (Input .. Power), for the Caffe importer's messages.
std::vector<std::string> supported_layer_types();

// 2-D window geometry shared by convolution and pooling (Caffe's _h/_w forms resolved).
struct Window {
  int kernel_h = 1, kernel_w = 1;
  int stride_h = 1, stride_w = 1;
  int pad_h = 0, pad_w = 0;  // before the input (top, left); Caffe pads both sides by these
  int dilation_h = 1, dilation_w = 1;
  // After the input (bottom, right), where it differs from the padding before it (ONNX `pads`,
  // auto_pad SAME_UPPER/SAME_LOWER). Unset: symmetric, as in Caffe.
  std::optional<int> pad_bottom, pad_right;

  int pad_h_end() const { return pad_bottom.value_or(pad_h); }
  int pad_w_end() const { return pad_right.value_or(pad_w); }
  bool padded() const { return pad_h != 0 || pad_w != 0 || pad_h_end() != 0 || pad_w_end() != 0; }
};

// A 1x1, stride-1, unpadded window: Caffe's convolution skips im2col for it.
bool is_pointwise(const Window& w);

struct ConvolutionParams {
  std::int64_t num_output = 0;
  bool bias_term = true;
  std::int64_t group = 1;
  Window window;
  std::string engine;  // "DEFAULT", "CAFFE", "CUDNN"
};

struct InnerProductParams {
  std::int64_t num_output = 0;
  bool bias_term = true;
  int axis = 1;
  bool transpose = false;
};

struct PoolingParams {
  enum class Method { Max, Average, Stochastic };
  Method method = Method::Max;
  Window window;
  bool global = false;
  bool ceil_mode = true;  // Caffe's default rounding (RoundMode CEIL)
  // Caffe (and PyTorch) drop a last window that would start in the trailing padding; ONNX up to
  // opset 17 does not (its spec and shape inference round up without the check).
  bool clip_last_window = true;
};

struct LrnParams {
  enum class Region { AcrossChannels, WithinChannel };
  int local_size = 5;
  Region region = Region::AcrossChannels;
};

struct EltwiseParams {
  enum class Operation { Product, Sum, Max };
  Operation operation = Operation::Sum;
  // Bottoms of different shapes broadcast against each other as numpy does (ONNX Add/Mul of two
  // activations); Caffe's Eltwise requires equal shapes.
  bool broadcast = false;
};

struct AxisParams {  // Concat, Softmax
  int axis = 1;
};

struct SliceParams {
  int axis = 1;
  std::vector<std::int64_t> slice_points;
};

struct ScaleBiasParams {  // Scale, Bias
  int axis = 1;
  int num_axes = 1;
  bool bias_term = false;  // Scale only
};

struct FlattenParams {
  int axis = 1;
  int end_axis = -1;
};

struct ReshapeParams {
  std::vector<std::int64_t> dims;  // 0 = copy, -1 = infer
  int axis = 0;
  int num_axes = -1;
};

// BatchNorm: Caffe's layer normalises only (mean, variance and a moving-average factor); ONNX's
// BatchNormalization also scales and shifts (Caffe's BatchNorm + Scale in one node).
struct BatchNormParams {
  bool scale_and_shift = false;     // learned gamma and beta per channel
  bool moving_average_factor = true;  // Caffe's third blob (one value)
};

struct ClipParams {  // the bounds, for reports (the cost does not depend on them)
  float min = 0, max = 6;
};

struct PermuteParams {
  std::vector<int> order;  // output axis i is input axis order[i]
};

struct PadParams {
  std::vector<std::int64_t> begin, end;  // per axis, may be negative (crop)
};

struct ReduceParams {
  enum class Method { Mean, Max, Sum };
  Method method = Method::Mean;
  std::vector<int> axes;  // empty: every axis
  bool keepdims = true;   // reduced axes stay as 1s, else they are removed
};

struct ResizeParams {
  enum class Mode { Nearest, Linear };
  Mode mode = Mode::Nearest;
  // Per axis: the output size, or (when `sizes` is empty) floor(input size x scale).
  std::vector<double> scales;
  std::vector<std::int64_t> sizes;
};

struct ExpandParams {
  std::vector<std::int64_t> dims;  // broadcast (numpy rules, both ways) with the input's
};

// ONNX Slice semantics per axis of the input (every axis listed): negative indices count from
// the end, bounds are clamped, a negative step walks backwards.
struct StridedSliceParams {
  std::vector<std::int64_t> starts, ends, steps;
};

// An operator Augur does not model: its shapes come from the importer (ONNX shape inference).
struct UnmodelledParams {
  std::string op_type;
  std::vector<Shape> output_shapes;
};

struct PReluParams {
  bool channel_shared = false;
};

struct InputParams {
  std::vector<Shape> shapes;  // one per top (or one for all)
};

using LayerParams =
    std::variant<std::monostate, InputParams, ConvolutionParams, InnerProductParams, PoolingParams,
                 LrnParams, EltwiseParams, AxisParams, SliceParams, ScaleBiasParams, FlattenParams,
                 ReshapeParams, PReluParams, BatchNormParams, ClipParams, PermuteParams, PadParams,
                 UnmodelledParams, ReduceParams, ResizeParams, ExpandParams, StridedSliceParams>;

struct Layer {
  std::string name;
  LayerKind kind = LayerKind::Input;
  std::vector<std::string> bottoms;
  std::vector<std::string> tops;
  // The bottom names as written in the file, where the framework renamed them (Caffe's Split
  // inserts "<blob>_<producer>_<i>_split_<k>"); empty when nothing was renamed. For messages.
  std::vector<std::string> written_bottoms;
  LayerParams params;
  SourceLocation where;    // where the layer starts in the network file
  bool implicit = false;   // inserted by the framework (Caffe's Split layers), not in the file

  // Filled by shape inference.
  std::vector<Shape> bottom_shapes;
  std::vector<Shape> top_shapes;

  // True when a top has the same name as a bottom (Caffe computes it in place).
  bool in_place() const;
  // Bottom i as the user wrote it (for messages).
  const std::string& written_bottom(size_t i) const;
};

}  // namespace augur
