// Per-kind shape rules.
#include "sim/workload/shape_inference.h"

#include <cmath>
#include <cstdlib>
#include <string_view>
#include <unordered_map>

#include <fmt/format.h>

namespace augur {
namespace {

[[noreturn]] void fail(const Layer& layer, const std::string& message) {
  throw UserError(layer.where, fmt::format("layer '{}' ({}): {}", layer.name,
                                           caffe_type_name(layer.kind), message));
}

// Caffe's CanonicalAxisIndex: negative axes count from the end.
size_t canonical_axis(const Layer& layer, int axis, size_t rank) {
  const int r = static_cast<int>(rank);
  if (axis < -r || axis >= r) {
    fail(layer, fmt::format("axis {} out of range for a blob of {} axes", axis, rank));
  }
  return static_cast<size_t>(axis < 0 ? axis + r : axis);
}

const Shape& only_bottom(const Layer& layer) {
  if (layer.bottom_shapes.size() != 1) {
    fail(layer, fmt::format("expects 1 bottom blob, got {}", layer.bottom_shapes.size()));
  }
  return layer.bottom_shapes[0];
}

void require_4d(const Layer& layer, const Shape& s) {
  if (s.rank() != 4) fail(layer, fmt::format("expects a 4-D (NCHW) bottom, got {}", s.to_string()));
}

std::vector<Shape> convolution(const Layer& layer) {
  const auto& p = std::get<ConvolutionParams>(layer.params);
  const Shape& in = only_bottom(layer);
  require_4d(layer, in);
  const auto& w = p.window;
  const bool deconv = layer.kind == LayerKind::Deconvolution;
  if (in.dims[1] % p.group != 0 || p.num_output % p.group != 0) {
    fail(layer, fmt::format("group {} must divide both the input channels ({}) and num_output ({})",
                            p.group, in.dims[1], p.num_output));
  }
  const auto out_h =
      deconv ? deconv_output_dim(in.dims[2], w.kernel_h, w.stride_h, w.pad_h, w.pad_h_end(), w.dilation_h)
             : conv_output_dim(in.dims[2], w.kernel_h, w.stride_h, w.pad_h, w.pad_h_end(), w.dilation_h);
  const auto out_w =
      deconv ? deconv_output_dim(in.dims[3], w.kernel_w, w.stride_w, w.pad_w, w.pad_w_end(), w.dilation_w)
             : conv_output_dim(in.dims[3], w.kernel_w, w.stride_w, w.pad_w, w.pad_w_end(), w.dilation_w);
  if (out_h <= 0 || out_w <= 0) {
    fail(layer, fmt::format("negative or zero output size {}x{}: the {}x{} kernel (dilation {}) is "
                            "larger than the padded {}x{} input",
                            out_h, out_w, w.kernel_h, w.kernel_w, w.dilation_h, in.dims[2], in.dims[3]));
  }
  return {Shape{{in.dims[0], p.num_output, out_h, out_w}}};
}

std::vector<Shape> pooling(const Layer& layer) {
  const auto& p = std::get<PoolingParams>(layer.params);
  const Shape& in = only_bottom(layer);
  require_4d(layer, in);
  if (p.global) return {Shape{{in.dims[0], in.dims[1], 1, 1}}};
  const auto& w = p.window;
  if (w.kernel_h > in.dims[2] + w.pad_h + w.pad_h_end() || w.kernel_w > in.dims[3] + w.pad_w + w.pad_w_end()) {
    fail(layer, fmt::format("the {}x{} window is larger than the padded {}x{} input", w.kernel_h,
                            w.kernel_w, in.dims[2], in.dims[3]));
  }
  const auto out_h = pool_output_dim(in.dims[2], w.kernel_h, w.stride_h, w.pad_h, w.pad_h_end(), p.ceil_mode, p.clip_last_window);
  const auto out_w = pool_output_dim(in.dims[3], w.kernel_w, w.stride_w, w.pad_w, w.pad_w_end(), p.ceil_mode, p.clip_last_window);
  if (out_h <= 0 || out_w <= 0) fail(layer, "negative or zero output size");
  return {Shape{{in.dims[0], in.dims[1], out_h, out_w}}};
}

std::vector<Shape> inner_product(const Layer& layer) {
  const auto& p = std::get<InnerProductParams>(layer.params);
  const Shape& in = only_bottom(layer);
  const size_t axis = canonical_axis(layer, p.axis, in.rank());
  Shape out{{in.dims.begin(), in.dims.begin() + static_cast<long>(axis)}};
  out.dims.push_back(p.num_output);
  return {out};
}

std::vector<Shape> same_as_bottom(const Layer& layer) {
  const Shape& in = only_bottom(layer);
  return std::vector<Shape>(std::max<size_t>(layer.tops.size(), 1), in);
}

std::vector<Shape> eltwise(const Layer& layer) {
  if (layer.bottom_shapes.size() < 2) fail(layer, "needs at least 2 bottom blobs");
  if (std::get<EltwiseParams>(layer.params).broadcast) {
    Shape out = layer.bottom_shapes[0];
    for (size_t i = 1; i < layer.bottom_shapes.size(); ++i) {
      const auto dims = broadcast_dims(out.dims, layer.bottom_shapes[i].dims);
      if (!dims) {
        fail(layer, fmt::format("bottoms '{}' ({}) and '{}' ({}) do not broadcast", layer.written_bottom(0),
                                out.to_string(), layer.written_bottom(i), layer.bottom_shapes[i].to_string()));
      }
      out.dims = *dims;
    }
    return {out};
  }
  for (size_t i = 1; i < layer.bottom_shapes.size(); ++i) {
    if (layer.bottom_shapes[i] != layer.bottom_shapes[0]) {
      fail(layer, fmt::format("bottoms '{}' ({}) and '{}' ({}) have different shapes",
                              layer.written_bottom(0), layer.bottom_shapes[0].to_string(), layer.written_bottom(i),
                              layer.bottom_shapes[i].to_string()));
    }
  }
  return {layer.bottom_shapes[0]};
}

std::vector<Shape> concat(const Layer& layer) {
  if (layer.bottom_shapes.empty()) fail(layer, "needs at least 1 bottom blob");
  const Shape& first = layer.bottom_shapes[0];
  const size_t axis = canonical_axis(layer, std::get<AxisParams>(layer.params).axis, first.rank());
  Shape out = first;
  for (size_t i = 1; i < layer.bottom_shapes.size(); ++i) {
    const Shape& s = layer.bottom_shapes[i];
    bool fits = s.rank() == first.rank();
    for (size_t d = 0; fits && d < s.rank(); ++d) fits = d == axis || s.dims[d] == first.dims[d];
    if (!fits) {
      fail(layer, fmt::format("cannot concatenate '{}' ({}) and '{}' ({}) along axis {}",
                              layer.written_bottom(0), first.to_string(), layer.written_bottom(i), s.to_string(), axis));
    }
    out.dims[axis] += s.dims[axis];
  }
  return {out};
}

std::vector<Shape> slice(const Layer& layer) {
  const auto& p = std::get<SliceParams>(layer.params);
  const Shape& in = only_bottom(layer);
  const size_t axis = canonical_axis(layer, p.axis, in.rank());
  const std::int64_t total = in.dims[axis];
  std::vector<std::int64_t> bounds{0};
  if (p.slice_points.empty()) {
    const auto n = static_cast<std::int64_t>(layer.tops.size());
    if (n == 0 || total % n != 0) {
      fail(layer, fmt::format("cannot split axis of size {} evenly into {} tops", total, n));
    }
    for (std::int64_t i = 1; i < n; ++i) bounds.push_back(i * total / n);
  } else {
    if (p.slice_points.size() + 1 != layer.tops.size()) {
      fail(layer, fmt::format("{} slice points need {} tops, got {}", p.slice_points.size(),
                              p.slice_points.size() + 1, layer.tops.size()));
    }
    for (auto point : p.slice_points) {
      if (point <= bounds.back() || point >= total) fail(layer, "slice points must increase inside the axis");
      bounds.push_back(point);
    }
  }
  bounds.push_back(total);
  std::vector<Shape> out;
  for (size_t i = 0; i + 1 < bounds.size(); ++i) {
    Shape s = in;
    s.dims[axis] = bounds[i + 1] - bounds[i];
    out.push_back(s);
  }
  return out;
}

std::vector<Shape> flatten(const Layer& layer) {
  const auto& p = std::get<FlattenParams>(layer.params);
  const Shape& in = only_bottom(layer);
  const size_t begin = canonical_axis(layer, p.axis, in.rank());
  const size_t end = canonical_axis(layer, p.end_axis, in.rank());
  if (end < begin) fail(layer, "end_axis before axis");
  Shape out{{in.dims.begin(), in.dims.begin() + static_cast<long>(begin)}};
  out.dims.push_back(in.count(begin, end + 1));
  out.dims.insert(out.dims.end(), in.dims.begin() + static_cast<long>(end) + 1, in.dims.end());
  return {out};
}

// Caffe's ReshapeLayer: dims replace bottom axes [axis, axis + num_axes); 0 copies the bottom
// dim at that position, one -1 is inferred from the count.
std::vector<Shape> reshape(const Layer& layer) {
  const auto& p = std::get<ReshapeParams>(layer.params);
  const Shape& in = only_bottom(layer);
  const int rank = static_cast<int>(in.rank());
  const int start = p.axis < 0 ? p.axis + rank + 1 : p.axis;
  if (start < 0 || start > rank) fail(layer, "axis out of range");
  const int end = p.num_axes == -1 ? rank : start + p.num_axes;
  if (p.num_axes < -1 || end > rank) fail(layer, "num_axes out of range");
  Shape out{{in.dims.begin(), in.dims.begin() + start}};
  int infer = -1;
  for (size_t i = 0; i < p.dims.size(); ++i) {
    const auto d = p.dims[i];
    if (d == 0) {
      if (start + static_cast<int>(i) >= rank) fail(layer, "a 0 dim copies a bottom axis that does not exist");
      out.dims.push_back(in.dims[start + i]);
    } else if (d == -1) {
      if (infer >= 0) fail(layer, "at most one dim may be -1");
      infer = static_cast<int>(out.dims.size());
      out.dims.push_back(1);
    } else if (d < 0) {
      fail(layer, fmt::format("dim {} is negative", d));
    } else {
      out.dims.push_back(d);
    }
  }
  out.dims.insert(out.dims.end(), in.dims.begin() + end, in.dims.end());
  if (infer >= 0) {
    const auto known = out.count();
    if (known == 0 || in.count() % known != 0) fail(layer, "cannot infer the -1 dim");
    out.dims[static_cast<size_t>(infer)] = in.count() / known;
  }
  if (out.count() != in.count()) {
    fail(layer, fmt::format("reshaping {} ({} elements) to {} changes the element count",
                            in.to_string(), in.count(), out.to_string()));
  }
  return {out};
}

std::vector<Shape> input(const Layer& layer) {
  const auto& p = std::get<InputParams>(layer.params);
  if (p.shapes.size() != 1 && p.shapes.size() != layer.tops.size()) {
    fail(layer, fmt::format("{} tops but {} shapes", layer.tops.size(), p.shapes.size()));
  }
  std::vector<Shape> out;
  for (size_t i = 0; i < layer.tops.size(); ++i) {
    const Shape& s = p.shapes.size() == 1 ? p.shapes[0] : p.shapes[i];
    for (auto d : s.dims) {
      if (d <= 0) fail(layer, fmt::format("input shape {} has a dimension <= 0", s.to_string()));
    }
    (void)s.count();  // overflow check
    out.push_back(s);
  }
  return out;
}

// Scale / Bias: the factors are learned (one bottom) or come from a second bottom, as in Caffe,
// whose elements cover axes [axis, axis + num_axes) of the first (an SE block's gate).
std::vector<Shape> scale_bias(const Layer& layer) {
  if (layer.bottom_shapes.empty() || layer.bottom_shapes.size() > 2) {
    fail(layer, fmt::format("expects 1 or 2 bottoms, got {}", layer.bottom_shapes.size()));
  }
  const auto& p = std::get<ScaleBiasParams>(layer.params);
  const Shape& in = layer.bottom_shapes[0];
  const size_t axis = canonical_axis(layer, p.axis, in.rank());
  if (p.num_axes < -1 || (p.num_axes >= 0 && axis + static_cast<size_t>(p.num_axes) > in.rank())) {
    fail(layer, "num_axes out of range");
  }
  if (layer.bottom_shapes.size() == 2) {
    const size_t end = p.num_axes == -1 ? in.rank() : axis + static_cast<size_t>(p.num_axes);
    if (layer.bottom_shapes[1].count() != in.count(axis, end)) {
      fail(layer, fmt::format("the factors '{}' ({}) do not cover axes {} to {} of {}", layer.written_bottom(1),
                              layer.bottom_shapes[1].to_string(), axis, end, in.to_string()));
    }
  }
  return {in};
}

std::vector<Shape> permute(const Layer& layer) {
  const auto& p = std::get<PermuteParams>(layer.params);
  const Shape& in = only_bottom(layer);
  if (p.order.size() != in.rank()) {
    fail(layer, fmt::format("the permutation has {} axes but the bottom {} has {}", p.order.size(),
                            in.to_string(), in.rank()));
  }
  std::vector<bool> seen(in.rank(), false);
  Shape out;
  for (int axis : p.order) {
    if (axis < 0 || static_cast<size_t>(axis) >= in.rank() || seen[static_cast<size_t>(axis)]) {
      fail(layer, "the permutation must name every axis exactly once");
    }
    seen[static_cast<size_t>(axis)] = true;
    out.dims.push_back(in.dims[static_cast<size_t>(axis)]);
  }
  return {out};
}

std::vector<Shape> pad(const Layer& layer) {
  const auto& p = std::get<PadParams>(layer.params);
  const Shape& in = only_bottom(layer);
  if (p.begin.size() != in.rank() || p.end.size() != in.rank()) {
    fail(layer, fmt::format("{} pads for a bottom of {} axes ({})", p.begin.size() + p.end.size(),
                            in.rank(), in.to_string()));
  }
  Shape out = in;
  for (size_t i = 0; i < in.rank(); ++i) {
    if (std::abs(p.begin[i]) > (std::int64_t{1} << 40) || std::abs(p.end[i]) > (std::int64_t{1} << 40)) {
      fail(layer, "a pad is larger than 2^40");
    }
    out.dims[i] = in.dims[i] + p.begin[i] + p.end[i];
    if (out.dims[i] <= 0) fail(layer, fmt::format("padding {} gives a dimension <= 0", in.to_string()));
  }
  (void)out.count();  // overflow check
  return {out};
}

// Reduce: each listed axis (all when none are) becomes 1, or is removed without keepdims.
std::vector<Shape> reduce(const Layer& layer) {
  const auto& p = std::get<ReduceParams>(layer.params);
  const Shape& in = only_bottom(layer);
  std::vector<bool> reduced(in.rank(), p.axes.empty());
  for (int a : p.axes) reduced[canonical_axis(layer, a, in.rank())] = true;
  Shape out;
  for (size_t i = 0; i < in.rank(); ++i) {
    if (!reduced[i]) out.dims.push_back(in.dims[i]);
    else if (p.keepdims) out.dims.push_back(1);
  }
  return {out};
}

// Resize: per axis the given size, or floor(input x scale) (ONNX's rule without a region of interest).
std::vector<Shape> resize(const Layer& layer) {
  const auto& p = std::get<ResizeParams>(layer.params);
  const Shape& in = only_bottom(layer);
  const size_t given = p.sizes.empty() ? p.scales.size() : p.sizes.size();
  if (given != in.rank()) fail(layer, fmt::format("{} scales or sizes for a bottom of {} axes", given, in.rank()));
  Shape out;
  for (size_t i = 0; i < in.rank(); ++i) {
    double d = p.sizes.empty() ? std::floor(static_cast<double>(in.dims[i]) * p.scales[i]) : static_cast<double>(p.sizes[i]);
    if (!(d >= 1 && d <= static_cast<double>(std::int64_t{1} << 40))) {
      fail(layer, fmt::format("resizing {} gives a dimension {} outside [1, 2^40]", in.to_string(), d));
    }
    out.dims.push_back(static_cast<std::int64_t>(d));
  }
  (void)out.count();  // overflow check
  return {out};
}

std::vector<Shape> expand(const Layer& layer) {
  const auto& p = std::get<ExpandParams>(layer.params);
  const Shape& in = only_bottom(layer);
  const auto dims = broadcast_dims(in.dims, p.dims);
  if (!dims) fail(layer, fmt::format("{} does not broadcast to {}", in.to_string(), Shape{p.dims}.to_string()));
  Shape out{*dims};
  (void)out.count();  // overflow check
  return {out};
}

std::vector<Shape> strided_slice(const Layer& layer) {
  const auto& p = std::get<StridedSliceParams>(layer.params);
  const Shape& in = only_bottom(layer);
  if (p.starts.size() != in.rank() || p.ends.size() != in.rank() || p.steps.size() != in.rank()) {
    fail(layer, fmt::format("expects a start, end and step for each of the {} axes of {}", in.rank(), in.to_string()));
  }
  Shape out;
  for (size_t i = 0; i < in.rank(); ++i) {
    if (p.steps[i] == 0) fail(layer, fmt::format("the step of axis {} is 0", i));
    out.dims.push_back(slice_count(p.starts[i], p.ends[i], p.steps[i], in.dims[i]));
    if (out.dims.back() == 0) fail(layer, fmt::format("axis {} of {} keeps no element", i, in.to_string()));
  }
  return {out};
}

std::vector<Shape> unmodelled(const Layer& layer) {
  const auto& p = std::get<UnmodelledParams>(layer.params);
  for (const auto& s : p.output_shapes) (void)s.count();
  return p.output_shapes;
}

std::vector<Shape> tops_for(const Layer& layer) {
  switch (layer.kind) {
    case LayerKind::Input: return input(layer);
    case LayerKind::Convolution:
    case LayerKind::Deconvolution: return convolution(layer);
    case LayerKind::InnerProduct: return inner_product(layer);
    case LayerKind::Pooling: return pooling(layer);
    case LayerKind::LRN: {
      const Shape& in = only_bottom(layer);
      require_4d(layer, in);
      return {in};
    }
    case LayerKind::BatchNorm: {
      const Shape& in = only_bottom(layer);
      if (in.rank() < 2) fail(layer, "expects at least N x C");
      return {in};
    }
    case LayerKind::Scale:
    case LayerKind::Bias: return scale_bias(layer);
    case LayerKind::Eltwise: return eltwise(layer);
    case LayerKind::Concat: return concat(layer);
    case LayerKind::Slice: return slice(layer);
    case LayerKind::Flatten: return flatten(layer);
    case LayerKind::Reshape: return reshape(layer);
    case LayerKind::Softmax:
    case LayerKind::LogSoftmax: {
      const Shape& in = only_bottom(layer);
      canonical_axis(layer, std::get<AxisParams>(layer.params).axis, in.rank());
      return {in};
    }
    case LayerKind::ReLU:
    case LayerKind::PReLU:
    case LayerKind::Sigmoid:
    case LayerKind::TanH:
    case LayerKind::Dropout:
    case LayerKind::Power:
    case LayerKind::Clip:
    case LayerKind::HardSigmoid:
    case LayerKind::HardSwish:
    case LayerKind::Split: return same_as_bottom(layer);
    case LayerKind::Permute: return permute(layer);
    case LayerKind::Pad: return pad(layer);
    case LayerKind::Reduce: return reduce(layer);
    case LayerKind::Resize: return resize(layer);
    case LayerKind::Expand: return expand(layer);
    case LayerKind::StridedSlice: return strided_slice(layer);
    case LayerKind::Unmodelled: return unmodelled(layer);
  }
  throw InternalError("unhandled layer kind in shape inference");
}

}  // namespace

std::int64_t conv_output_dim(std::int64_t in, int kernel, int stride, int pad_begin, int pad_end, int dilation) {
  const std::int64_t extent = static_cast<std::int64_t>(dilation) * (kernel - 1) + 1;
  const std::int64_t span = in + pad_begin + pad_end - extent;
  if (span < 0) return 0;
  return span / stride + 1;
}

std::int64_t pool_output_dim(std::int64_t in, int kernel, int stride, int pad_begin, int pad_end, bool ceil_mode,
                             bool clip_last_window) {
  const std::int64_t span = in + pad_begin + pad_end - kernel;
  if (span < 0) return 0;
  std::int64_t out = (ceil_mode ? (span + stride - 1) / stride : span / stride) + 1;
  // the last window must start inside the input and the leading padding
  if (clip_last_window && pad_begin > 0 && (out - 1) * stride >= in + pad_begin) --out;
  return out;
}

std::int64_t deconv_output_dim(std::int64_t in, int kernel, int stride, int pad_begin, int pad_end, int dilation) {
  const std::int64_t extent = static_cast<std::int64_t>(dilation) * (kernel - 1) + 1;
  return static_cast<std::int64_t>(stride) * (in - 1) + extent - pad_begin - pad_end;
}

void infer_shapes(LayerGraph& graph) {
  auto& layers = graph.mutable_layers();
  // Views of the layers' top names -> the shape in their producer's top_shapes (set once per
  // layer, below, and not moved after: a pointer, not a copy of the shape).
  std::unordered_map<std::string_view, const Shape*> blobs;
  blobs.reserve(layers.size());
  for (size_t index : graph.topological_order()) {
    Layer& layer = layers[index];
    layer.bottom_shapes.clear();
    layer.bottom_shapes.reserve(layer.bottoms.size());
    for (const auto& b : layer.bottoms) {
      const auto it = blobs.find(b);
      if (it == blobs.end()) throw InternalError("blob '" + b + "' has no shape after graph build");
      layer.bottom_shapes.push_back(*it->second);
    }
    if (layer.kind != LayerKind::Input && layer.kind != LayerKind::Unmodelled && layer.bottoms.empty()) {
      fail(layer, "has no bottom blob");
    }
    layer.top_shapes = tops_for(layer);
    if (layer.top_shapes.size() != layer.tops.size()) {
      fail(layer, fmt::format("produces {} blobs but names {} tops", layer.top_shapes.size(),
                              layer.tops.size()));
    }
    for (size_t i = 0; i < layer.tops.size(); ++i) blobs[layer.tops[i]] = &layer.top_shapes[i];
  }
}

}  // namespace augur
