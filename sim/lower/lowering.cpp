// Caffe's forward-pass kernels per layer kind.
#include "sim/lower/lowering.h"

#include <algorithm>

#include "sim/workload/accounting.h"

namespace augur {
namespace {

Kernel stream(const char* label, StreamOp op, std::int64_t elements, std::int64_t read,
              std::int64_t written, std::int64_t launches = 1, int gpu_kernels = 1) {
  Kernel k;
  k.gpu_kernels_per_call = gpu_kernels;
  k.kind = KernelKind::Stream;
  k.label = label;
  k.op = op;
  k.elements = elements;
  k.bytes_read = read;
  k.bytes_written = written;
  k.launches = launches;
  return k;
}

Kernel gemm(const char* label, std::int64_t m, std::int64_t n, std::int64_t k, std::int64_t launches) {
  Kernel g;
  g.kind = KernelKind::Gemm;
  g.label = label;
  g.m = m;
  g.n = n;
  g.k = k;
  g.launches = launches;
  return g;
}

// Caffe's convolution: per image, im2col and one GEMM per group, then a bias pass.
std::vector<Kernel> im2col_gemm(const Layer& layer, std::int64_t kF) {
  const auto& p = std::get<ConvolutionParams>(layer.params);
  const Shape& in = layer.bottom_shapes[0];
  const Shape& out = layer.top_shapes[0];
  const bool deconv = layer.kind == LayerKind::Deconvolution;
  const std::int64_t images = in.dims[0];
  const std::int64_t g = p.group;
  const std::int64_t kernel = static_cast<std::int64_t>(p.window.kernel_h) * p.window.kernel_w;
  std::vector<Kernel> ks;
  if (!deconv) {
    const std::int64_t spatial = out.dims[2] * out.dims[3];
    const std::int64_t kdim = in.dims[1] / g * kernel;
    if (!is_pointwise(p.window)) {
      const std::int64_t col = in.dims[1] * kernel * spatial;
      ks.push_back(stream("im2col", StreamOp::Im2col, col, in.count(1, 4) * kF, col * kF, images));
    }
    // Row-major C(Cout/g x HoWo) = W x col; the column-major library sees m = HoWo, n = Cout/g.
    ks.push_back(gemm("gemm", spatial, out.dims[1] / g, kdim, images * g));
  } else {
    // Deconvolution: GEMM into the column buffer, then col2im scatters it into the output.
    const std::int64_t spatial = in.dims[2] * in.dims[3];
    const std::int64_t kdim = out.dims[1] / g * kernel;
    ks.push_back(gemm("gemm", spatial, kdim, in.dims[1] / g, images * g));
    const std::int64_t col = out.dims[1] * kernel * spatial;
    ks.push_back(stream("col2im", StreamOp::Im2col, col, col * kF, out.count(1, 4) * kF, images));
  }
  if (p.bias_term) {
    const std::int64_t n = out.count(1, 4);
    ks.push_back(stream("bias", StreamOp::Bias, n, n * kF, n * kF, images));
  }
  return ks;
}

// One GEMM per group over the whole batch, reading the input in place (implicit GEMM): the output
// pixels of every image are the rows; the bias is added as the output is written.
std::vector<Kernel> implicit_gemm(const Layer& layer, std::int64_t kF) {
  const auto& p = std::get<ConvolutionParams>(layer.params);
  const Shape& in = layer.bottom_shapes[0];
  const Shape& out = layer.top_shapes[0];
  if (layer.kind == LayerKind::Deconvolution) return im2col_gemm(layer, kF);  // no implicit form here
  const std::int64_t g = p.group;
  const std::int64_t kernel = static_cast<std::int64_t>(p.window.kernel_h) * p.window.kernel_w;
  const std::int64_t rows = in.dims[0] * out.dims[2] * out.dims[3];
  const std::int64_t filters = out.dims[1] / g;
  const std::int64_t depth = in.dims[1] / g * kernel;
  Kernel k = gemm("gemm", rows, filters, depth, g);
  k.input_bytes = in.count() / g * kF;
  k.weight_bytes = filters * depth * kF;
  k.output_bytes = out.count() / g * kF;
  return {k};
}

// Caffe's inner product: GEMV for one row, else GEMM with the weights as a transposed A; a bias pass.
std::vector<Kernel> gemv_at_batch_one(const Layer& layer, std::int64_t kF) {
  const auto& p = std::get<InnerProductParams>(layer.params);
  const Shape& in = layer.bottom_shapes[0];
  const size_t axis = static_cast<size_t>(p.axis < 0 ? p.axis + static_cast<int>(in.rank()) : p.axis);
  const std::int64_t m = in.count(0, axis), k = in.count(axis, in.rank());
  std::vector<Kernel> ks;
  if (m == 1) {
    Kernel v;
    v.kind = KernelKind::Gemv;
    v.label = "gemv";
    v.m = p.num_output;
    v.k = k;
    ks.push_back(v);
  } else {
    // Row-major C(batch x Nout) = X W^T; the column-major library sees C^T = W X^T with the
    // weights as a transposed A: m = num_output, n = batch.
    Kernel g = gemm("gemm", p.num_output, m, k, 1);
    g.a_transposed = true;
    ks.push_back(g);
  }
  if (p.bias_term) {
    ks.push_back(stream("bias", StreamOp::Bias, m * p.num_output, m * p.num_output * kF,
                        m * p.num_output * kF));
  }
  return ks;
}

// One GEMM whatever the batch: rows are images, columns outputs; the bias folded into the write.
std::vector<Kernel> inner_product_gemm(const Layer& layer, std::int64_t kF) {
  const auto& p = std::get<InnerProductParams>(layer.params);
  const Shape& in = layer.bottom_shapes[0];
  const size_t axis = static_cast<size_t>(p.axis < 0 ? p.axis + static_cast<int>(in.rank()) : p.axis);
  const std::int64_t rows = in.count(0, axis), depth = in.count(axis, in.rank());
  Kernel k = gemm("gemm", rows, p.num_output, depth, 1);
  k.input_bytes = rows * depth * kF;
  k.weight_bytes = p.num_output * depth * kF;
  k.output_bytes = rows * p.num_output * kF;
  return {k};
}

std::vector<Kernel> lower_kinds(const Layer& layer, const Lowering& lowering, std::int64_t kF);

}  // namespace

std::vector<Kernel> lower_layer(const Layer& layer, const Lowering& lowering) {
  std::vector<Kernel> kernels = lower_kinds(layer, lowering, element_bytes(lowering.data_type));
  for (auto& k : kernels) k.data_type = lowering.data_type;
  return kernels;
}

const char* stream_op_name(StreamOp op) {
  switch (op) {
    case StreamOp::Im2col: return "im2col";
    case StreamOp::Bias: return "bias";
    case StreamOp::Relu: return "relu";
    case StreamOp::Pool: return "pool";
    case StreamOp::Lrn: return "lrn";
    case StreamOp::BatchNorm: return "batchnorm";
    case StreamOp::Scale: return "scale";
    case StreamOp::Eltwise: return "eltwise";
    case StreamOp::Softmax: return "softmax";
    case StreamOp::Transcendental: return "transcendental";
    case StreamOp::Copy: return "copy";
    case StreamOp::Dropout: return "dropout";
  }
  return "?";
}

namespace {

std::vector<Kernel> lower_kinds(const Layer& layer, const Lowering& lowering, std::int64_t kF) {
  const std::int64_t n = layer.bottom_shapes.empty() ? 0 : layer.bottom_shapes[0].count();
  const std::int64_t out = layer.top_shapes.empty() ? 0 : layer.top_shapes[0].count();
  switch (layer.kind) {
    case LayerKind::Convolution:
    case LayerKind::Deconvolution:
      return lowering.convolution == ConvolutionLowering::ImplicitGemm ? implicit_gemm(layer, kF)
                                                                       : im2col_gemm(layer, kF);
    case LayerKind::InnerProduct:
      return lowering.inner_product == InnerProductLowering::Gemm ? inner_product_gemm(layer, kF)
                                                                  : gemv_at_batch_one(layer, kF);
    case LayerKind::Pooling: {
      const auto c = count_layer(layer);
      Kernel pool = stream("pool", StreamOp::Pool, c.paper_ops, n * kF, out * kF + c.internal_elements * kF);
      pool.outputs = out;
      const auto& b = layer.bottom_shapes[0];
      const auto& t = layer.top_shapes[0];
      if (b.rank() == 4 && t.rank() == 4) {
        const auto& p = std::get<PoolingParams>(layer.params);
        const auto& bd = b.dims;
        const auto& td = t.dims;
        pool.window = p.global ? WindowAccess{bd[2], bd[3], 1, 1, bd[2], bd[3], 1, 1}
                               : WindowAccess{bd[2], bd[3], td[2], td[3], p.window.kernel_h, p.window.kernel_w,
                                              p.window.stride_h, p.window.stride_w};
      }
      return {pool};
    }
    case LayerKind::ReLU:
    case LayerKind::PReLU: return {stream("relu", StreamOp::Relu, n, n * kF, n * kF)};
    case LayerKind::Clip: return {stream("clip", StreamOp::Relu, n, n * kF, n * kF)};
    // a multiply-add and two compares per element: the Scale class of cost
    case LayerKind::HardSigmoid: return {stream("hardsigmoid", StreamOp::Scale, n, n * kF, n * kF)};
    case LayerKind::HardSwish: return {stream("hardswish", StreamOp::Scale, n, n * kF, n * kF)};
    case LayerKind::Permute: return {stream("permute", StreamOp::Copy, n, n * kF, n * kF)};
    case LayerKind::Pad: return {stream("pad", StreamOp::Copy, out, n * kF, out * kF)};
    case LayerKind::Expand: return {stream("expand", StreamOp::Copy, out, n * kF, out * kF)};
    case LayerKind::StridedSlice: return {stream("slice", StreamOp::Copy, out, out * kF, out * kF)};
    case LayerKind::Reduce: {  // a global pooling: every input element read once, one output per reduced run
      Kernel reduce = stream("reduce", StreamOp::Pool, n, n * kF, out * kF);
      reduce.outputs = out;
      return {reduce};
    }
    case LayerKind::Resize: {  // nearest: one input element copied per output; linear: 2^k blended
      if (std::get<ResizeParams>(layer.params).mode == ResizeParams::Mode::Nearest) {
        return {stream("resize", StreamOp::Copy, out, n * kF, out * kF)};
      }
      Kernel resize = stream("resize", StreamOp::Pool, checked_mul(out, std::int64_t{1} << interpolated_axes(layer), "resize reads"),
                             n * kF, out * kF);
      resize.outputs = out;
      return {resize};
    }
    case LayerKind::Unmodelled: return {};  // zero cost; the report counts these nodes
    case LayerKind::LRN:  // fill the scale blob (window sums), then compute the output
      return {stream("lrn", StreamOp::Lrn, n, 2 * n * kF + n * kF, 2 * n * kF, 1, 2)};
    case LayerKind::BatchNorm: {  // mean subtraction and variance division by broadcast GEMMs,
                                  // copies to temp_ and x_norm_: 6 kernels on the GPU; a scale
                                  // and shift runs as Caffe's Scale layer would
      std::vector<Kernel> ks{stream("batchnorm", StreamOp::BatchNorm, n, 3 * n * kF, 3 * n * kF, 1, 6)};
      const auto* p = std::get_if<BatchNormParams>(&layer.params);
      if (p != nullptr && p->scale_and_shift) ks.push_back(stream("scale", StreamOp::Scale, n, n * kF, n * kF));
      return ks;
    }
    case LayerKind::Scale:
    case LayerKind::Bias:
    case LayerKind::Power: {  // factors from a second bottom are read once more
      const std::int64_t factors = layer.bottom_shapes.size() == 2 ? layer.bottom_shapes[1].count() : 0;
      return {stream("scale", StreamOp::Scale, n, (n + factors) * kF, n * kF)};
    }
    case LayerKind::Eltwise: {  // reads every bottom once (a broadcast one is smaller than the output)
      const auto b = static_cast<std::int64_t>(layer.bottom_shapes.size());
      std::int64_t read = 0;
      for (const auto& s : layer.bottom_shapes) read += s.count();
      return {stream("eltwise", StreamOp::Eltwise, out * (b - 1), read * kF, out * kF, 1,
                     static_cast<int>(b))};
    }
    case LayerKind::Softmax:
    case LayerKind::LogSoftmax:  // copy, max, subtract, exp, sum, divide: 6 kernels on the GPU
      return {stream("softmax", StreamOp::Softmax, n, 3 * n * kF, 2 * n * kF, 1, 6)};
    case LayerKind::Sigmoid:
    case LayerKind::TanH: return {stream("activation", StreamOp::Transcendental, n, n * kF, n * kF)};
    case LayerKind::Concat:
    case LayerKind::Slice: {
      std::int64_t total = 0;
      for (const auto& s : layer.top_shapes) total += s.count();
      return {stream("copy", StreamOp::Copy, total, total * kF, total * kF, 1,
                     static_cast<int>(std::max(layer.bottoms.size(), layer.tops.size())))};
    }
    case LayerKind::Dropout:  // test phase: Caffe still passes over every element
      return {stream("dropout", StreamOp::Dropout, n, n * kF, n * kF)};
    case LayerKind::Input:
    case LayerKind::Split:    // tops share the bottom's data
    case LayerKind::Flatten:  // shares data
    case LayerKind::Reshape: return {};
  }
  return {};
}

}  // namespace

}  // namespace augur
