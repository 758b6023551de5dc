// One layer of a network as Augur sees it: its kind, Caffe-semantics parameters, the blobs it
// reads and writes, where it was written, and (after shape inference) its blob shapes.
#pragma once

#include <cstdint>
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
};

// Caffe's type name of a kind ("Convolution", "InnerProduct", ...).
const char* caffe_type_name(LayerKind kind);

// The kinds Augur models, as Caffe type names, for error messages and `augur list`.
std::vector<std::string> supported_layer_types();

// 2-D window geometry shared by convolution and pooling (Caffe's _h/_w forms resolved).
struct Window {
  int kernel_h = 1, kernel_w = 1;
  int stride_h = 1, stride_w = 1;
  int pad_h = 0, pad_w = 0;
  int dilation_h = 1, dilation_w = 1;
};

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
};

struct LrnParams {
  enum class Region { AcrossChannels, WithinChannel };
  int local_size = 5;
  Region region = Region::AcrossChannels;
};

struct EltwiseParams {
  enum class Operation { Product, Sum, Max };
  Operation operation = Operation::Sum;
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

struct PReluParams {
  bool channel_shared = false;
};

struct InputParams {
  std::vector<Shape> shapes;  // one per top (or one for all)
};

using LayerParams =
    std::variant<std::monostate, InputParams, ConvolutionParams, InnerProductParams, PoolingParams,
                 LrnParams, EltwiseParams, AxisParams, SliceParams, ScaleBiasParams, FlattenParams,
                 ReshapeParams, PReluParams>;

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
