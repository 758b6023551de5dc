// Caffe's forward-pass kernels per layer kind.
#include "sim/lower/lowering.h"

#include <algorithm>
#include <utility>

#include "sim/lower/convolution_algorithms.h"
#include "sim/lower/kernel_builders.h"
#include "sim/workload/accounting.h"

namespace augur {
namespace {

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
      ks.push_back(stream_kernel("im2col", StreamOp::Im2col, col, in.count(1, 4) * kF, col * kF, images));
    }
    // Row-major C(Cout/g x HoWo) = W x col; the column-major library sees m = HoWo, n = Cout/g.
    ks.push_back(gemm_kernel("gemm", spatial, out.dims[1] / g, kdim, images * g));
  } else {
    // Deconvolution: GEMM into the column buffer, then col2im scatters it into the output.
    const std::int64_t spatial = in.dims[2] * in.dims[3];
    const std::int64_t kdim = out.dims[1] / g * kernel;
    ks.push_back(gemm_kernel("gemm", spatial, kdim, in.dims[1] / g, images * g));
    const std::int64_t col = out.dims[1] * kernel * spatial;
    ks.push_back(stream_kernel("col2im", StreamOp::Im2col, col, col * kF, out.count(1, 4) * kF, images));
  }
  if (p.bias_term) {
    const std::int64_t n = out.count(1, 4);
    ks.push_back(stream_kernel("bias", StreamOp::Bias, n, n * kF, n * kF, images));
    ks.back().bias_multiplier = true;
  }
  return ks;
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
    Kernel g = gemm_kernel("gemm", p.num_output, m, k, 1);
    g.a_transposed = true;
    ks.push_back(g);
  }
  if (p.bias_term) {
    ks.push_back(stream_kernel("bias", StreamOp::Bias, m * p.num_output, m * p.num_output * kF,
                        m * p.num_output * kF));
    // One row adds the bias with an axpy scaled by the multiplier's host copy (no device copy).
    ks.back().bias_multiplier = m > 1;
  }
  return ks;
}

// One GEMM whatever the batch: rows are images, columns outputs; the bias folded into the write.
std::vector<Kernel> inner_product_gemm(const Layer& layer, std::int64_t kF) {
  const auto& p = std::get<InnerProductParams>(layer.params);
  const Shape& in = layer.bottom_shapes[0];
  const size_t axis = static_cast<size_t>(p.axis < 0 ? p.axis + static_cast<int>(in.rank()) : p.axis);
  const std::int64_t rows = in.count(0, axis), depth = in.count(axis, in.rank());
  Kernel k = gemm_kernel("gemm", rows, p.num_output, depth, 1);
  k.input_bytes = rows * depth * kF;
  k.weight_bytes = p.num_output * depth * kF;
  k.output_bytes = rows * p.num_output * kF;
  return {k};
}

// Whether a convolution runs Caffe's own im2col + GEMM: always for a deconvolution; with Caffe's
// layers, when the runtime lowers convolutions so; with cuDNN's, when the layer asks for the CAFFE
// engine or is dilated (Caffe's layer factory keeps those).
bool runs_caffe_convolution(const Layer& layer, const Lowering& lowering) {
  if (layer.kind == LayerKind::Deconvolution) return true;
  const auto& p = std::get<ConvolutionParams>(layer.params);
  if (lowering.layer_library == LayerLibrary::Cudnn) {
    return p.engine == "CAFFE" || p.window.dilation_h != 1 || p.window.dilation_w != 1;
  }
  return lowering.convolution_candidates.empty() && lowering.convolution == ConvolutionLowering::Im2colGemm;
}

// The algorithm a convolution that does not run Caffe's path runs when nothing is costed: the
// runtime's strategy, or the first of its candidates the layer permits; implicit_gemm (no
// workspace, any shape) when none does, as Caffe falls back to when a workspace cannot be had.
ConvolutionLowering default_algorithm(const Layer& layer, const Lowering& lowering) {
  if (lowering.convolution_candidates.empty()) {
    return algorithm_rejects(layer, lowering.convolution).empty() ? lowering.convolution
                                                                  : ConvolutionLowering::ImplicitGemm;
  }
  const std::vector<ConvolutionLowering> permitted = permitted_algorithms(layer, lowering);
  return permitted.empty() ? ConvolutionLowering::ImplicitGemm : permitted.front();
}

std::vector<Kernel> lower_kinds(const Layer& layer, const Lowering& lowering, std::int64_t kF);

}  // namespace

std::vector<Kernel> lower_layer(const Layer& layer, const Lowering& lowering) {
  std::vector<Kernel> kernels = lower_kinds(layer, lowering, element_bytes(lowering.data_type));
  for (auto& k : kernels) k.data_type = lowering.data_type;
  return kernels;
}

std::vector<ConvolutionLowering> algorithms_to_try(const Layer& layer, const Lowering& lowering) {
  if (layer.kind != LayerKind::Convolution || lowering.convolution_candidates.empty() ||
      runs_caffe_convolution(layer, lowering)) {
    return {};
  }
  return permitted_algorithms(layer, lowering);
}

std::vector<Kernel> lower_layer(const Layer& layer, const Lowering& lowering, ConvolutionLowering algorithm) {
  std::vector<Kernel> kernels = lower_convolution_algorithm(layer, algorithm, lowering);
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
    case StreamOp::Transform: return "transform";
  }
  return "?";
}

namespace {

// Caffe's per-element masks (Dropout's random numbers, Eltwise MAX's argmax) are 32-bit integers,
// whatever the data type.
constexpr std::int64_t kMaskBytes = 4;

// Eltwise. Caffe (equal shapes; eltwise_layer.cu, eltwise_layer.cpp), n elements per bottom, F bytes each:
//   SUM:       caffe_gpu_set(0) writes n·F, then one axpy per bottom (b of them) reads bottom and
//              top and writes top: read 2·b·n·F, written b·n·F, b + 1 kernels
//   PROD, MAX: one kernel per extra bottom (b − 1), each reading two blobs and writing the top;
//              MAX also writes a 32-bit argmax mask (and reads it from the second pass on)
// An inference engine, or a broadcasting Eltwise (ONNX Add/Mul): one pass reading every bottom.
std::vector<Kernel> lower_eltwise(const Layer& layer, const Lowering& lowering, std::int64_t kF) {
  const auto b = static_cast<std::int64_t>(layer.bottom_shapes.size());
  const std::int64_t out = layer.top_shapes.empty() ? 0 : layer.top_shapes[0].count();
  const auto* p = std::get_if<EltwiseParams>(&layer.params);
  const bool broadcast = p != nullptr && p->broadcast;
  if (lowering.elementwise == ElementwiseLowering::SinglePass || broadcast || b < 2) {
    std::int64_t read = 0;
    for (const auto& s : layer.bottom_shapes) read += s.count();
    return {stream_kernel("eltwise", StreamOp::Eltwise, out * std::max<std::int64_t>(1, b - 1), read * kF, out * kF, 1,
                          static_cast<int>(std::max<std::int64_t>(1, b)))};
  }
  const auto op = p != nullptr ? p->operation : EltwiseParams::Operation::Sum;
  if (op == EltwiseParams::Operation::Sum) {
    return {stream_kernel("memset", StreamOp::Copy, out, 0, out * kF),
            stream_kernel("axpy", StreamOp::Eltwise, out * b, 2 * b * out * kF, b * out * kF, 1, static_cast<int>(b))};
  }
  const std::int64_t passes = b - 1;
  std::int64_t read = 2 * passes * out * kF, written = passes * out * kF;
  if (op == EltwiseParams::Operation::Max) {
    written += passes * out * kMaskBytes;
    read += (passes - 1) * out * kMaskBytes;
  }
  return {stream_kernel("eltwise", StreamOp::Eltwise, out * passes, read, written, 1, static_cast<int>(passes))};
}

std::vector<Kernel> lower_kinds(const Layer& layer, const Lowering& lowering, std::int64_t kF) {
  const std::int64_t n = layer.bottom_shapes.empty() ? 0 : layer.bottom_shapes[0].count();
  const std::int64_t out = layer.top_shapes.empty() ? 0 : layer.top_shapes[0].count();
  switch (layer.kind) {
    case LayerKind::Convolution:
    case LayerKind::Deconvolution: {
      if (runs_caffe_convolution(layer, lowering)) {
        std::vector<Kernel> ks = im2col_gemm(layer, kF);
        for (auto& k : ks) k.algorithm = ConvolutionLowering::Im2colGemm;
        return ks;
      }
      return lower_convolution_algorithm(layer, default_algorithm(layer, lowering), lowering);
    }
    case LayerKind::InnerProduct:
      return lowering.inner_product == InnerProductLowering::Gemm ? inner_product_gemm(layer, kF)
                                                                  : gemv_at_batch_one(layer, kF);
    case LayerKind::Pooling: {
      const auto c = count_layer(layer);
      Kernel pool = stream_kernel("pool", StreamOp::Pool, c.paper_ops, n * kF, out * kF + c.internal_elements * kF);
      pool.outputs = out;
      const auto& b = layer.bottom_shapes[0];
      const auto& t = layer.top_shapes[0];
      const auto& p = std::get<PoolingParams>(layer.params);
      // Caffe's one-thread-per-output kernel reads windows (window_traffic.h); cuDNN's average
      // pooling (the cudnn library runs AVE, Caffe keeps MAX) is modelled as a plain stream.
      const bool cudnn = lowering.layer_library == LayerLibrary::Cudnn && p.method == PoolingParams::Method::Average;
      if (b.rank() == 4 && t.rank() == 4 && !cudnn) {
        const auto& bd = b.dims;
        const auto& td = t.dims;
        pool.window = p.global ? WindowAccess{bd[2], bd[3], 1, 1, bd[2], bd[3], 1, 1}
                               : WindowAccess{bd[2], bd[3], td[2], td[3], p.window.kernel_h, p.window.kernel_w,
                                              p.window.stride_h, p.window.stride_w};
      }
      return {library_stream(std::move(pool), cudnn)};
    }
    case LayerKind::ReLU:  // with cuDNN's layers: cudnnActivationForward (Caffe's CuDNNReLULayer)
      return {library_stream(stream_kernel("relu", StreamOp::Relu, n, n * kF, n * kF),
                             lowering.layer_library == LayerLibrary::Cudnn)};
    case LayerKind::PReLU: return {stream_kernel("relu", StreamOp::Relu, n, n * kF, n * kF)};
    case LayerKind::Clip: return {stream_kernel("clip", StreamOp::Relu, n, n * kF, n * kF)};
    // a multiply-add and two compares per element: the Scale class of cost
    case LayerKind::HardSigmoid: return {stream_kernel("hardsigmoid", StreamOp::Scale, n, n * kF, n * kF)};
    case LayerKind::HardSwish: return {stream_kernel("hardswish", StreamOp::Scale, n, n * kF, n * kF)};
    case LayerKind::Permute: return {stream_kernel("permute", StreamOp::Copy, n, n * kF, n * kF)};
    case LayerKind::Pad: return {stream_kernel("pad", StreamOp::Copy, out, n * kF, out * kF)};
    case LayerKind::Expand: return {stream_kernel("expand", StreamOp::Copy, out, n * kF, out * kF)};
    case LayerKind::StridedSlice: return {stream_kernel("slice", StreamOp::Copy, out, out * kF, out * kF)};
    case LayerKind::Reduce: {  // a global pooling: every input element read once, one output per reduced run
      Kernel reduce = stream_kernel("reduce", StreamOp::Pool, n, n * kF, out * kF);
      reduce.outputs = out;
      return {reduce};
    }
    case LayerKind::Resize: {  // nearest: one input element copied per output; linear: 2^k blended
      if (std::get<ResizeParams>(layer.params).mode == ResizeParams::Mode::Nearest) {
        return {stream_kernel("resize", StreamOp::Copy, out, n * kF, out * kF)};
      }
      Kernel resize = stream_kernel("resize", StreamOp::Pool, checked_mul(out, std::int64_t{1} << interpolated_axes(layer), "resize reads"),
                             n * kF, out * kF);
      resize.outputs = out;
      return {resize};
    }
    case LayerKind::Unmodelled: return {};  // zero cost; the report counts these nodes
    case LayerKind::LRN: {
      // Caffe's factory picks CuDNNLRN (cudnnLRNCrossChannelForward: one pass) for a cross-channel
      // window of at most CUDNN_LRN_MAX_N = 16 channels, and CuDNNLCN within channels; else its own.
      const auto& p = std::get<LrnParams>(layer.params);
      if (lowering.layer_library == LayerLibrary::Cudnn &&
          (p.region == LrnParams::Region::WithinChannel || p.local_size <= 16)) {
        return {library_stream(stream_kernel("lrn", StreamOp::Lrn, n, n * kF, n * kF), true)};
      }
      // Caffe: fill the scale blob (window sums), then compute the output
      return {stream_kernel("lrn", StreamOp::Lrn, n, 2 * n * kF + n * kF, 2 * n * kF, 1, 2)};
    }
    case LayerKind::BatchNorm: {  // mean subtraction and variance division by broadcast GEMMs,
                                  // copies to temp_ and x_norm_: 6 kernels on the GPU; a scale
                                  // and shift runs as Caffe's Scale layer would
      std::vector<Kernel> ks{stream_kernel("batchnorm", StreamOp::BatchNorm, n, 3 * n * kF, 3 * n * kF, 1, 6)};
      const auto* p = std::get_if<BatchNormParams>(&layer.params);
      if (p != nullptr && p->scale_and_shift) ks.push_back(stream_kernel("scale", StreamOp::Scale, n, n * kF, n * kF));
      return ks;
    }
    case LayerKind::Scale:
    case LayerKind::Bias:
    case LayerKind::Power: {  // factors from a second bottom are read once more
      const std::int64_t factors = layer.bottom_shapes.size() == 2 ? layer.bottom_shapes[1].count() : 0;
      Kernel scale = stream_kernel("scale", StreamOp::Scale, n, (n + factors) * kF, n * kF);
      if (layer.kind == LayerKind::Scale && layer.in_place() && lowering.elementwise == ElementwiseLowering::Caffe) {
        // Caffe's ScaleLayer in place keeps its input for the backward pass: caffe_copy to temp_
        // on every forward (scale_layer.cu, scale_layer.cpp), then the scaling kernel.
        return {stream_kernel("copy", StreamOp::Copy, n, n * kF, n * kF), scale};
      }
      return {scale};
    }
    case LayerKind::Eltwise: return lower_eltwise(layer, lowering, kF);
    case LayerKind::Softmax:
    case LayerKind::LogSoftmax:
      if (lowering.layer_library == LayerLibrary::Cudnn && layer.kind == LayerKind::Softmax) {
        // cudnnSoftmaxForward: one kernel reads each row twice (max, then exp-sum) and writes it
        return {library_stream(stream_kernel("softmax", StreamOp::Softmax, n, 2 * n * kF, n * kF), true)};
      }
      // Caffe: copy, max, subtract, exp, sum, divide: 6 kernels on the GPU
      return {stream_kernel("softmax", StreamOp::Softmax, n, 3 * n * kF, 2 * n * kF, 1, 6)};
    case LayerKind::Sigmoid:
    case LayerKind::TanH:  // with cuDNN's layers: cudnnActivationForward (CuDNNSigmoid/TanHLayer)
      return {library_stream(stream_kernel("activation", StreamOp::Transcendental, n, n * kF, n * kF),
                             lowering.layer_library == LayerLibrary::Cudnn)};
    case LayerKind::Concat:
      if (lowering.concat_in_place) return {};  // the producers wrote into its buffer
      [[fallthrough]];
    case LayerKind::Slice: {
      std::int64_t total = 0;
      for (const auto& s : layer.top_shapes) total += s.count();
      return {stream_kernel("copy", StreamOp::Copy, total, total * kF, total * kF, 1,
                     static_cast<int>(std::max(layer.bottoms.size(), layer.tops.size())))};
    }
    case LayerKind::Dropout:
      switch (lowering.dropout) {
        case DropoutLowering::Removed: return {};
        case DropoutLowering::Pass: return {stream_kernel("dropout", StreamOp::Dropout, n, n * kF, n * kF)};
        case DropoutLowering::Train: {
          // Caffe's dropout_layer.cu in TRAIN: caffe_gpu_rng_uniform fills an unsigned-int mask
          // (cuRAND), then DropoutForward reads the input and the mask and writes the output.
          return {stream_kernel("dropout_rng", StreamOp::Dropout, n, 0, n * kMaskBytes),
                  stream_kernel("dropout", StreamOp::Dropout, n, n * kF + n * kMaskBytes, n * kF)};
        }
      }
      return {};
    case LayerKind::Input:
    case LayerKind::Split:    // tops share the bottom's data
    case LayerKind::Flatten:  // shares data
    case LayerKind::Reshape: return {};
  }
  return {};
}

}  // namespace

}  // namespace augur
