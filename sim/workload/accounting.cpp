// Per-layer work and storage counts.
#include "sim/workload/accounting.h"

#include <algorithm>

namespace augur {
namespace {

std::int64_t mul(std::int64_t a, std::int64_t b) { return checked_mul(a, b, "layer count"); }

std::int64_t tops(const Layer& layer) {
  std::int64_t n = 0;
  for (const auto& s : layer.top_shapes) n += s.count();
  return n;
}

std::int64_t bottom_count(const Layer& layer) {
  return layer.bottom_shapes.empty() ? 0 : layer.bottom_shapes[0].count();
}

// Convolution (N, Cin, H, W) -> (N, Cout, Ho, Wo):
//   MACs = N Cout Ho Wo (Cin / g) kh kw; params = Cout (Cin / g) kh kw + Cout (bias)
//   column buffer (one image) = Cin kh kw Ho Wo, none for 1x1 stride-1 unpadded kernels.
// Deconvolution swaps the roles of input and output.
void convolution(const Layer& layer, LayerCounts& c) {
  const auto& p = std::get<ConvolutionParams>(layer.params);
  const Shape& in = layer.bottom_shapes[0];
  const Shape& out = layer.top_shapes[0];
  const bool deconv = layer.kind == LayerKind::Deconvolution;
  const Shape& gemm_out = deconv ? in : out;  // the side the GEMM produces per pixel
  const std::int64_t other_channels = deconv ? out.dims[1] : in.dims[1];
  const std::int64_t kernel = mul(p.window.kernel_h, p.window.kernel_w);
  const std::int64_t kernel_dim = mul(other_channels / p.group, kernel);  // K of the GEMM
  c.macs = mul(gemm_out.count(), kernel_dim);
  const std::int64_t bias_adds = p.bias_term ? out.count() : 0;
  c.flops = 2 * c.macs + bias_adds;
  c.paper_ops = c.macs + bias_adds;
  const std::int64_t channels = deconv ? in.dims[1] : out.dims[1];
  c.params = mul(channels, kernel_dim) + (p.bias_term ? out.dims[1] : 0);
  const std::int64_t spatial = mul(gemm_out.dims[2], gemm_out.dims[3]);
  c.column_matrix_elements = mul(kernel_dim, spatial);
  if (!is_pointwise(p.window)) {
    c.im2col_group_elements = c.column_matrix_elements;
    c.im2col_elements = mul(c.im2col_group_elements, p.group);
  }
}

// InnerProduct: M = count(0, axis), K = count(axis, end), N = num_output.
//   MACs = M K N; params = K N + N (bias).
void inner_product(const Layer& layer, LayerCounts& c) {
  const auto& p = std::get<InnerProductParams>(layer.params);
  const Shape& in = layer.bottom_shapes[0];
  const size_t axis = static_cast<size_t>(p.axis < 0 ? p.axis + static_cast<int>(in.rank()) : p.axis);
  const std::int64_t m = in.count(0, axis);
  const std::int64_t k = in.count(axis, in.rank());
  c.macs = mul(mul(m, k), p.num_output);
  const std::int64_t bias_adds = p.bias_term ? mul(m, p.num_output) : 0;
  c.flops = 2 * c.macs + bias_adds;
  c.paper_ops = c.macs + bias_adds;
  c.params = mul(k, p.num_output) + (p.bias_term ? p.num_output : 0);
}

// Pooling: each output reads a kh x kw window (H x W for global pooling).
void pooling(const Layer& layer, LayerCounts& c) {
  const auto& p = std::get<PoolingParams>(layer.params);
  const Shape& in = layer.bottom_shapes[0];
  const std::int64_t window = p.global ? mul(in.dims[2], in.dims[3])
                                       : mul(p.window.kernel_h, p.window.kernel_w);
  const std::int64_t out = tops(layer);
  c.paper_ops = mul(out, window);
  c.flops = c.paper_ops + (p.method == PoolingParams::Method::Average ? out : 0);
  // Caffe's max pooling records the argmax of every output (int32) when there is one top.
  if (p.method == PoolingParams::Method::Max && layer.tops.size() == 1) c.internal_elements = out;
}

// LRN across channels: per element a square, a sliding-window add and subtract, the scale
// k + alpha/n sum (2), a power and a multiply: 7 FLOP. The papers count local_size window
// elements read per element. Caffe keeps a scale_ blob the size of the input; within-channel
// LRN runs square, pooling and power sub-layers with three input-sized blobs.
void lrn(const Layer& layer, LayerCounts& c) {
  const auto& p = std::get<LrnParams>(layer.params);
  const std::int64_t n = bottom_count(layer);
  c.flops = mul(n, 7);
  c.paper_ops = mul(n, p.local_size);
  c.internal_elements = p.region == LrnParams::Region::AcrossChannels ? n : mul(n, 3);
}

// BatchNorm (inference, global statistics): subtract the mean, divide by sqrt(var + eps): 2 FLOP
// per element, and with a scale and shift (ONNX BatchNormalization) a multiply and an add more.
// Blobs: mean (C), variance (C), Caffe's moving-average factor (1), gamma and beta (C each) when
// scaled and shifted. Caffe's forward also fills temp_ and x_norm_ (input-sized) and the
// per-channel mean_ and variance_.
void batch_norm(const Layer& layer, LayerCounts& c) {
  const auto* p = std::get_if<BatchNormParams>(&layer.params);
  const BatchNormParams params = p != nullptr ? *p : BatchNormParams{};
  const Shape& in = layer.bottom_shapes[0];
  const std::int64_t channels = in.dims[1];
  const std::int64_t n = in.count();
  c.flops = mul(n, params.scale_and_shift ? 4 : 2);
  c.paper_ops = n;
  c.params = 2 * channels + (params.moving_average_factor ? 1 : 0) + (params.scale_and_shift ? 2 * channels : 0);
  c.internal_elements = mul(n, 2) + 2 * channels;
}

// Scale / Bias: one learned value per position of axes [axis, axis + num_axes) of the input (none
// learned when the factors come from a second bottom).
// An in-place Scale copies its input to temp_ in every forward pass (Caffe keeps it for the
// backward pass), so temp_ is allocated even at test time.
void scale_bias(const Layer& layer, LayerCounts& c) {
  const auto& p = std::get<ScaleBiasParams>(layer.params);
  const Shape& in = layer.bottom_shapes[0];
  const size_t axis = static_cast<size_t>(p.axis < 0 ? p.axis + static_cast<int>(in.rank()) : p.axis);
  const size_t end = p.num_axes == -1 ? in.rank() : axis + static_cast<size_t>(p.num_axes);
  const std::int64_t per = in.count(axis, end);
  const std::int64_t n = in.count();
  const bool with_bias = layer.kind == LayerKind::Scale && p.bias_term;
  const bool learned = layer.bottom_shapes.size() == 1;  // else the factors are a second bottom
  c.params = learned ? per + (with_bias ? per : 0) : (with_bias ? per : 0);
  c.flops = n + (with_bias ? n : 0);
  c.paper_ops = n;
  if (layer.kind == LayerKind::Scale && layer.in_place()) c.internal_elements = n;
}

}  // namespace

LayerCounts& LayerCounts::operator+=(const LayerCounts& o) {
  macs += o.macs;
  flops += o.flops;
  paper_ops += o.paper_ops;
  params += o.params;
  top_elements += o.top_elements;
  internal_elements += o.internal_elements;
  im2col_elements += o.im2col_elements;
  im2col_group_elements += o.im2col_group_elements;
  column_matrix_elements += o.column_matrix_elements;
  return *this;
}

int interpolated_axes(const Layer& layer) {
  if (layer.bottom_shapes.empty() || layer.top_shapes.empty()) return 0;
  const Shape& in = layer.bottom_shapes[0];
  const Shape& out = layer.top_shapes[0];
  int k = 0;
  for (size_t i = 0; i < in.rank() && i < out.rank(); ++i) k += in.dims[i] != out.dims[i] ? 1 : 0;
  return std::min(k, 20);  // 2^k neighbours; ranks above 20 are not images
}

LayerCounts count_layer(const Layer& layer) {
  LayerCounts c;
  c.top_elements = tops(layer);
  const std::int64_t n = bottom_count(layer);
  switch (layer.kind) {
    case LayerKind::Convolution:
    case LayerKind::Deconvolution: convolution(layer, c); break;
    case LayerKind::InnerProduct: inner_product(layer, c); break;
    case LayerKind::Pooling: pooling(layer, c); break;
    case LayerKind::LRN: lrn(layer, c); break;
    case LayerKind::BatchNorm: batch_norm(layer, c); break;
    case LayerKind::Scale:
    case LayerKind::Bias: scale_bias(layer, c); break;
    case LayerKind::ReLU:  // max(x, 0) (+ slope multiply when leaky): 1 per element
      c.flops = c.paper_ops = n;
      break;
    case LayerKind::PReLU: {  // compare and multiply; slopes: one per channel or one shared
      c.flops = mul(n, 2);
      c.paper_ops = n;
      c.params = std::get<PReluParams>(layer.params).channel_shared ? 1 : layer.bottom_shapes[0].dims[1];
      break;
    }
    case LayerKind::Sigmoid:  // 1 / (1 + exp(-x)): exp, add, divide
    case LayerKind::Power:    // (shift + scale x) ^ power: multiply, add, power
      c.flops = mul(n, 3);
      c.paper_ops = n;
      break;
    case LayerKind::TanH:
      c.flops = c.paper_ops = n;
      break;
    case LayerKind::Clip:  // max then min
      c.flops = mul(n, 2);
      c.paper_ops = n;
      break;
    case LayerKind::HardSigmoid:  // multiply, add, max, min
      c.flops = mul(n, 4);
      c.paper_ops = n;
      break;
    case LayerKind::HardSwish:  // the four of HardSigmoid, then a multiply by x
      c.flops = mul(n, 5);
      c.paper_ops = n;
      break;
    case LayerKind::Eltwise: {  // (bottoms - 1) operations per element
      const auto ops = mul(static_cast<std::int64_t>(layer.bottom_shapes.size()) - 1, tops(layer));
      c.flops = c.paper_ops = ops;
      if (std::get<EltwiseParams>(layer.params).operation == EltwiseParams::Operation::Max) {
        c.internal_elements = tops(layer);  // argmax mask (int32)
      }
      break;
    }
    case LayerKind::Reduce: {  // one add (max) per input element; Mean divides each output once
      const auto method = std::get<ReduceParams>(layer.params).method;
      c.flops = n + (method == ReduceParams::Method::Mean ? tops(layer) : 0);
      c.paper_ops = n;
      break;
    }
    case LayerKind::Resize: {  // nearest: a copy; linear: 2^k - 1 lerps of 3 FLOPs per output
      const int k = interpolated_axes(layer);
      const bool linear = std::get<ResizeParams>(layer.params).mode == ResizeParams::Mode::Linear;
      c.flops = linear ? mul(mul(3, (std::int64_t{1} << k) - 1), tops(layer)) : 0;
      c.paper_ops = tops(layer);
      break;
    }
    case LayerKind::Softmax:
    case LayerKind::LogSoftmax: {  // max, subtract, exp, sum, divide (log-sum, subtract): 5 per element
      const Shape& in = layer.bottom_shapes[0];
      const auto axis_param = std::get<AxisParams>(layer.params).axis;
      const size_t axis = static_cast<size_t>(axis_param < 0 ? axis_param + static_cast<int>(in.rank()) : axis_param);
      c.flops = mul(n, 5);
      c.paper_ops = n;
      c.internal_elements = in.count() / std::max<std::int64_t>(in.dims[axis], 1) + in.dims[axis];
      break;
    }
    case LayerKind::Input:
    case LayerKind::Concat:
    case LayerKind::Slice:
    case LayerKind::Split:
    case LayerKind::Dropout:  // a copy (or nothing, in place) at test time
    case LayerKind::Flatten:
    case LayerKind::Reshape:
    case LayerKind::Permute:     // a copy with another order
    case LayerKind::Pad:         // a copy into a larger blob
    case LayerKind::Expand:      // a copy into a larger blob
    case LayerKind::StridedSlice:  // a copy of the selected elements
    case LayerKind::Unmodelled:  // not modelled: counted as nothing, and reported as such
      break;
  }
  return c;
}

std::string paper_group(LayerKind kind) {
  switch (kind) {
    case LayerKind::Convolution: return "CONV";
    case LayerKind::Deconvolution: return "DECONV";
    case LayerKind::Pooling: return "POOL";
    case LayerKind::InnerProduct: return "FC";
    default: return caffe_type_name(kind);
  }
}

}  // namespace augur
