// Conversion of Caffe layer messages.
#include "sim/workload/caffe/layer_conversion.h"

#include <map>
#include <set>

#include <fmt/format.h>

#include "sim/core/suggest.h"
#include "sim/workload/limits.h"

namespace augur::caffe {
namespace {

// The engine's name as caffe.proto spells it. Not ConvolutionParameter::Engine_Name: in a
// full-runtime message that looks the name up in the enum's descriptor, and building the file's
// descriptors is 3.1 M instructions that the prototxt fast path otherwise never needs.
std::string engine_name(ConvolutionParameter::Engine engine) {
  switch (engine) {
    case ConvolutionParameter::DEFAULT: return "DEFAULT";
    case ConvolutionParameter::CAFFE: return "CAFFE";
    case ConvolutionParameter::CUDNN: return "CUDNN";
  }
  return "DEFAULT";  // a closed enum holds no other value
}

// The parts of a layer message both syntaxes share, gathered for one conversion.
struct LayerView {
  std::string name;
  std::string type;  // Caffe type name
  std::vector<std::string> bottoms, tops;
  const ConvolutionParameter* convolution = nullptr;
  const InnerProductParameter* inner_product = nullptr;
  const PoolingParameter* pooling = nullptr;
  const LRNParameter* lrn = nullptr;
  const EltwiseParameter* eltwise = nullptr;
  const ConcatParameter* concat = nullptr;
  const SliceParameter* slice = nullptr;
  const SoftmaxParameter* softmax = nullptr;
  const ScaleParameter* scale = nullptr;
  const BiasParameter* bias = nullptr;
  const FlattenParameter* flatten = nullptr;
  const ReshapeParameter* reshape = nullptr;
  const PReLUParameter* prelu = nullptr;
  const InputParameter* input = nullptr;
};

const std::map<std::string, LayerKind>& kinds_by_type() {
  static const std::map<std::string, LayerKind> kinds = [] {
    std::map<std::string, LayerKind> m;
    for (int k = 0; k <= static_cast<int>(kLastCaffeKind); ++k) {
      m[caffe_type_name(static_cast<LayerKind>(k))] = static_cast<LayerKind>(k);
    }
    return m;
  }();
  return kinds;
}

// Layers that do not run in an inference forward pass.
const std::set<std::string>& not_run_at_inference() {
  static const std::set<std::string> types{
      "Accuracy",        "SoftmaxWithLoss",  "EuclideanLoss", "SigmoidCrossEntropyLoss",
      "HingeLoss",       "InfogainLoss",     "MultinomialLogisticLoss", "ContrastiveLoss",
      "Silence"};
  return types;
}

// Layers that read their data (and so their shape) from a file or database.
const std::set<std::string>& data_layers() {
  static const std::set<std::string> types{"Data", "ImageData", "HDF5Data", "MemoryData",
                                           "WindowData", "DummyData", "Python"};
  return types;
}

std::string supported_list() {
  std::string list;
  for (const auto& t : supported_layer_types()) list += (list.empty() ? "" : ", ") + t;
  return list;
}

int positive(std::int64_t value, const char* what, const LayerView& v, const SourceLocation& where) {
  if (value <= 0 || value > kMaxLayerDimension) {
    throw UserError(where, fmt::format("layer '{}': {} must be between 1 and 2^30, got {}", v.name,
                                       what, value));
  }
  return static_cast<int>(value);
}

// Caffe: either `X_size`/`X` (1 or 2 values) or `X_h` + `X_w`, not both.
template <typename Repeated>
void pick_hw(const Repeated& both, bool has_h, std::int64_t h, bool has_w, std::int64_t w,
             std::int64_t fallback, const char* what, const LayerView& v,
             const SourceLocation& where, int& out_h, int& out_w, bool allow_zero) {
  std::int64_t rh = fallback, rw = fallback;
  if (has_h || has_w) {
    if (both.size() > 0) {
      throw UserError(where, fmt::format("layer '{}': give either {} or {}_h and {}_w, not both",
                                         v.name, what, what, what));
    }
    if (has_h != has_w) {
      throw UserError(where, fmt::format("layer '{}': {}_h and {}_w go together", v.name, what, what));
    }
    rh = h;
    rw = w;
  } else if (both.size() == 1) {
    rh = rw = both.Get(0);
  } else if (both.size() == 2) {
    rh = both.Get(0);
    rw = both.Get(1);
  } else if (both.size() > 2) {
    throw UserError(where, fmt::format("layer '{}': {} has {} values; Augur models 2-D layers "
                                       "(1 or 2 values)", v.name, what, both.size()));
  }
  if (allow_zero) {
    if (rh < 0 || rw < 0 || rh > kMaxLayerDimension || rw > kMaxLayerDimension) {
      throw UserError(where, fmt::format("layer '{}': {} out of range", v.name, what));
    }
    out_h = static_cast<int>(rh);
    out_w = static_cast<int>(rw);
  } else {
    out_h = positive(rh, what, v, where);
    out_w = positive(rw, what, v, where);
  }
}

ConvolutionParams convolution_params(const LayerView& v, const SourceLocation& where) {
  if (v.convolution == nullptr || !v.convolution->has_num_output()) {
    throw UserError(where, fmt::format("layer '{}' ({}): convolution_param.num_output is required",
                                       v.name, v.type));
  }
  const auto& p = *v.convolution;
  ConvolutionParams c;
  c.num_output = positive(p.num_output(), "num_output", v, where);
  c.bias_term = p.bias_term();
  c.group = positive(p.group(), "group", v, where);
  c.engine = engine_name(p.engine());
  if (p.kernel_size_size() == 0 && !p.has_kernel_h() && !p.has_kernel_w()) {
    throw UserError(where, fmt::format("layer '{}': kernel_size (or kernel_h and kernel_w) is required",
                                       v.name));
  }
  if (p.axis() != 1) {
    throw UserError(where, fmt::format("layer '{}': convolution over axis {} is not modelled "
                                       "(only the channel axis 1)", v.name, p.axis()));
  }
  Window& w = c.window;
  pick_hw(p.kernel_size(), p.has_kernel_h(), p.kernel_h(), p.has_kernel_w(), p.kernel_w(), 1,
          "kernel_size", v, where, w.kernel_h, w.kernel_w, false);
  pick_hw(p.stride(), p.has_stride_h(), p.stride_h(), p.has_stride_w(), p.stride_w(), 1, "stride",
          v, where, w.stride_h, w.stride_w, false);
  pick_hw(p.pad(), p.has_pad_h(), p.pad_h(), p.has_pad_w(), p.pad_w(), 0, "pad", v, where,
          w.pad_h, w.pad_w, true);
  pick_hw(p.dilation(), false, 0, false, 0, 1, "dilation", v, where, w.dilation_h, w.dilation_w,
          false);
  return c;
}

PoolingParams pooling_params(const LayerView& v, const SourceLocation& where) {
  static const PoolingParameter kDefaults;
  const auto& p = v.pooling ? *v.pooling : kDefaults;
  PoolingParams out;
  out.method = p.pool() == PoolingParameter::MAX   ? PoolingParams::Method::Max
               : p.pool() == PoolingParameter::AVE ? PoolingParams::Method::Average
                                                   : PoolingParams::Method::Stochastic;
  out.global = p.global_pooling();
  out.ceil_mode = p.round_mode() == PoolingParameter::CEIL;
  Window& w = out.window;
  const bool has_kernel = p.has_kernel_size() || p.has_kernel_h() || p.has_kernel_w();
  if (out.global) {
    if (has_kernel) {
      throw UserError(where, fmt::format("layer '{}': global_pooling takes no kernel size", v.name));
    }
  } else {
    if (!has_kernel) {
      throw UserError(where, fmt::format("layer '{}': pooling needs kernel_size (or kernel_h and "
                                         "kernel_w) unless global_pooling is set", v.name));
    }
    google::protobuf::RepeatedField<uint32_t> k;
    if (p.has_kernel_size()) k.Add(p.kernel_size());
    pick_hw(k, p.has_kernel_h(), p.kernel_h(), p.has_kernel_w(), p.kernel_w(), 1, "kernel_size", v,
            where, w.kernel_h, w.kernel_w, false);
  }
  google::protobuf::RepeatedField<uint32_t> s;
  if (p.has_stride()) s.Add(p.stride());
  pick_hw(s, p.has_stride_h(), p.stride_h(), p.has_stride_w(), p.stride_w(), 1, "stride", v,
          where, w.stride_h, w.stride_w, false);
  google::protobuf::RepeatedField<uint32_t> pad;
  if (p.has_pad()) pad.Add(p.pad());
  pick_hw(pad, p.has_pad_h(), p.pad_h(), p.has_pad_w(), p.pad_w(), 0, "pad", v, where, w.pad_h,
          w.pad_w, true);
  if (w.pad_h >= w.kernel_h && !out.global) {
    throw UserError(where, fmt::format("layer '{}': pad ({}) must be smaller than the kernel ({})",
                                       v.name, w.pad_h, w.kernel_h));
  }
  return out;
}

LayerParams params_for(LayerKind kind, const LayerView& v, const SourceLocation& where) {
  switch (kind) {
    case LayerKind::Input: {
      InputParams in;
      if (v.input == nullptr || v.input->shape_size() == 0) {
        throw UserError(where, fmt::format("layer '{}' (Input): input_param.shape is required", v.name));
      }
      for (const auto& s : v.input->shape()) in.shapes.push_back(Shape{{s.dim().begin(), s.dim().end()}});
      return in;
    }
    case LayerKind::Convolution:
    case LayerKind::Deconvolution: return convolution_params(v, where);
    case LayerKind::InnerProduct: {
      if (v.inner_product == nullptr || !v.inner_product->has_num_output()) {
        throw UserError(where, fmt::format("layer '{}' (InnerProduct): inner_product_param.num_output "
                                           "is required", v.name));
      }
      const auto& p = *v.inner_product;
      return InnerProductParams{positive(p.num_output(), "num_output", v, where), p.bias_term(),
                                p.axis(), p.transpose()};
    }
    case LayerKind::Pooling: return pooling_params(v, where);
    case LayerKind::LRN: {
      static const LRNParameter kDefaults;
      const auto& p = v.lrn ? *v.lrn : kDefaults;
      if (p.local_size() % 2 == 0) {
        throw UserError(where, fmt::format("layer '{}': LRN local_size must be odd, got {}", v.name,
                                           p.local_size()));
      }
      return LrnParams{positive(p.local_size(), "local_size", v, where),
                       p.norm_region() == LRNParameter::ACROSS_CHANNELS
                           ? LrnParams::Region::AcrossChannels
                           : LrnParams::Region::WithinChannel};
    }
    case LayerKind::Eltwise: {
      static const EltwiseParameter kDefaults;
      const auto& p = v.eltwise ? *v.eltwise : kDefaults;
      return EltwiseParams{p.operation() == EltwiseParameter::SUM    ? EltwiseParams::Operation::Sum
                           : p.operation() == EltwiseParameter::PROD ? EltwiseParams::Operation::Product
                                                                     : EltwiseParams::Operation::Max};
    }
    case LayerKind::Concat: {
      static const ConcatParameter kDefaults;
      const auto& p = v.concat ? *v.concat : kDefaults;
      return AxisParams{p.has_axis() ? p.axis() : static_cast<int>(p.concat_dim())};
    }
    case LayerKind::Softmax: return AxisParams{v.softmax ? v.softmax->axis() : 1};
    case LayerKind::Slice: {
      static const SliceParameter kDefaults;
      const auto& p = v.slice ? *v.slice : kDefaults;
      return SliceParams{p.has_axis() ? p.axis() : static_cast<int>(p.slice_dim()),
                         {p.slice_point().begin(), p.slice_point().end()}};
    }
    case LayerKind::Scale: {
      static const ScaleParameter kDefaults;
      const auto& p = v.scale ? *v.scale : kDefaults;
      return ScaleBiasParams{p.axis(), p.num_axes(), p.bias_term()};
    }
    case LayerKind::Bias: {
      static const BiasParameter kDefaults;
      const auto& p = v.bias ? *v.bias : kDefaults;
      return ScaleBiasParams{p.axis(), p.num_axes(), false};
    }
    case LayerKind::Flatten: {
      static const FlattenParameter kDefaults;
      const auto& p = v.flatten ? *v.flatten : kDefaults;
      return FlattenParams{p.axis(), p.end_axis()};
    }
    case LayerKind::Reshape: {
      if (v.reshape == nullptr || !v.reshape->has_shape()) {
        throw UserError(where, fmt::format("layer '{}' (Reshape): reshape_param.shape is required", v.name));
      }
      const auto& p = *v.reshape;
      return ReshapeParams{{p.shape().dim().begin(), p.shape().dim().end()}, p.axis(), p.num_axes()};
    }
    case LayerKind::PReLU: return PReluParams{v.prelu ? v.prelu->channel_shared() : false};
    default: return std::monostate{};
  }
}

// Takes the view's strings (its name, bottoms and tops move into the layer).
std::optional<Layer> convert(LayerView&& v, const SourceLocation& where,
                             std::vector<std::string>& notes) {
  if (not_run_at_inference().count(v.type)) {
    notes.push_back(fmt::format("{}: layer '{}' ({}) does not run at inference (skipped)",
                                where.to_string(), v.name, v.type));
    return std::nullopt;
  }
  if (data_layers().count(v.type)) {
    throw UserError(where, fmt::format("layer '{}' ({}) reads its input from a file or database, so "
                                       "its shape is not in the network description; use a deploy "
                                       "prototxt with an Input layer or input_shape",
                                       v.name, v.type));
  }
  const auto it = kinds_by_type().find(v.type);
  if (it == kinds_by_type().end()) {
    std::vector<std::string> candidates = supported_layer_types();
    throw UserError(where, fmt::format("layer '{}': unsupported layer type '{}'{}; supported: {}",
                                       v.name, v.type, did_you_mean(v.type, candidates),
                                       supported_list()));
  }
  if (v.tops.empty() && it->second != LayerKind::Split) {
    throw UserError(where, fmt::format("layer '{}' ({}) has no top blob", v.name, v.type));
  }
  Layer layer;
  layer.kind = it->second;
  layer.where = where;
  layer.params = params_for(layer.kind, v, where);
  layer.name = std::move(v.name);
  layer.bottoms = std::move(v.bottoms);
  layer.tops = std::move(v.tops);
  return layer;
}

std::string v1_type_name(V1LayerParameter::LayerType type) {
  static const std::map<V1LayerParameter::LayerType, std::string> names{
      {V1LayerParameter::ACCURACY, "Accuracy"},
      {V1LayerParameter::CONCAT, "Concat"},
      {V1LayerParameter::CONVOLUTION, "Convolution"},
      {V1LayerParameter::DATA, "Data"},
      {V1LayerParameter::DECONVOLUTION, "Deconvolution"},
      {V1LayerParameter::DROPOUT, "Dropout"},
      {V1LayerParameter::DUMMY_DATA, "DummyData"},
      {V1LayerParameter::EUCLIDEAN_LOSS, "EuclideanLoss"},
      {V1LayerParameter::ELTWISE, "Eltwise"},
      {V1LayerParameter::FLATTEN, "Flatten"},
      {V1LayerParameter::HDF5_DATA, "HDF5Data"},
      {V1LayerParameter::HINGE_LOSS, "HingeLoss"},
      {V1LayerParameter::IMAGE_DATA, "ImageData"},
      {V1LayerParameter::INFOGAIN_LOSS, "InfogainLoss"},
      {V1LayerParameter::INNER_PRODUCT, "InnerProduct"},
      {V1LayerParameter::LRN, "LRN"},
      {V1LayerParameter::MEMORY_DATA, "MemoryData"},
      {V1LayerParameter::MULTINOMIAL_LOGISTIC_LOSS, "MultinomialLogisticLoss"},
      {V1LayerParameter::POOLING, "Pooling"},
      {V1LayerParameter::POWER, "Power"},
      {V1LayerParameter::RELU, "ReLU"},
      {V1LayerParameter::SIGMOID, "Sigmoid"},
      {V1LayerParameter::SIGMOID_CROSS_ENTROPY_LOSS, "SigmoidCrossEntropyLoss"},
      {V1LayerParameter::SILENCE, "Silence"},
      {V1LayerParameter::SOFTMAX, "Softmax"},
      {V1LayerParameter::SOFTMAX_LOSS, "SoftmaxWithLoss"},
      {V1LayerParameter::SPLIT, "Split"},
      {V1LayerParameter::SLICE, "Slice"},
      {V1LayerParameter::TANH, "TanH"},
      {V1LayerParameter::WINDOW_DATA, "WindowData"},
      {V1LayerParameter::CONTRASTIVE_LOSS, "ContrastiveLoss"},
  };
  const auto it = names.find(type);
  return it != names.end() ? it->second : V1LayerParameter::LayerType_Name(type);
}

}  // namespace

namespace {

// The parameter blocks both syntaxes share (V1 lacks Scale, Bias, Flatten, Reshape, PReLU and
// Input blocks).
template <typename Proto>
LayerView view_of(const Proto& p, std::string type) {
  LayerView v;
  v.name = p.name();
  v.type = std::move(type);
  v.bottoms.assign(p.bottom().begin(), p.bottom().end());
  v.tops.assign(p.top().begin(), p.top().end());
  if (p.has_convolution_param()) v.convolution = &p.convolution_param();
  if (p.has_inner_product_param()) v.inner_product = &p.inner_product_param();
  if (p.has_pooling_param()) v.pooling = &p.pooling_param();
  if (p.has_lrn_param()) v.lrn = &p.lrn_param();
  if (p.has_eltwise_param()) v.eltwise = &p.eltwise_param();
  if (p.has_concat_param()) v.concat = &p.concat_param();
  if (p.has_slice_param()) v.slice = &p.slice_param();
  if (p.has_softmax_param()) v.softmax = &p.softmax_param();
  return v;
}

template <typename Proto>
void require_type(const Proto& p, const SourceLocation& where) {
  if (!p.has_type()) throw UserError(where, fmt::format("layer '{}' has no type", p.name()));
}

}  // namespace

namespace {

// The limits every importer applies (sim/workload/limits.h).
std::optional<Layer> checked(std::optional<Layer> layer, const SourceLocation& where) {
  if (layer) {
    if (auto violation = layer_limit_violation(*layer)) throw UserError(where, fmt::format("layer '{}': {}", layer->name, *violation));
  }
  return layer;
}

}  // namespace

std::optional<Layer> convert_layer(const LayerParameter& p, const SourceLocation& where,
                                   std::vector<std::string>& notes) {
  require_type(p, where);
  LayerView v = view_of(p, p.type());
  if (p.has_scale_param()) v.scale = &p.scale_param();
  if (p.has_bias_param()) v.bias = &p.bias_param();
  if (p.has_flatten_param()) v.flatten = &p.flatten_param();
  if (p.has_reshape_param()) v.reshape = &p.reshape_param();
  if (p.has_prelu_param()) v.prelu = &p.prelu_param();
  if (p.has_input_param()) v.input = &p.input_param();
  return checked(convert(std::move(v), where, notes), where);
}

std::optional<Layer> convert_v1_layer(const V1LayerParameter& p, const SourceLocation& where,
                                      std::vector<std::string>& notes) {
  require_type(p, where);
  return checked(convert(view_of(p, v1_type_name(p.type())), where, notes), where);
}

}  // namespace augur::caffe
