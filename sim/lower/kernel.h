// The work a framework launches for one layer, as plain structs: GEMMs, GEMVs and streaming
// kernels with their shapes, bytes and element counts. "What work", not "how long".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/hwdesc/runtime.h"
#include "sim/lower/gemm_shape.h"

namespace augur {

enum class KernelKind { Gemm, Gemv, Stream };

// The per-element class of a streaming kernel, which selects its cost parameters.
enum class StreamOp {
  Im2col,          // elements = column-matrix elements written
  Bias,            // elements = output elements updated (Caffe adds bias with a K=1 GEMM)
  Relu,
  Pool,            // elements = window elements read
  Lrn,             // elements = input elements
  BatchNorm,
  Scale,           // Scale, Bias layers, Power
  Eltwise,         // elements = output elements × (bottoms - 1)
  Softmax,
  Transcendental,  // Sigmoid, TanH
  Copy,            // Concat, Slice
  Dropout,         // test-time Dropout (Caffe still touches every element)
  Transform,       // Winograd or FFT transforms: elements = arithmetic operations
};

const char* stream_op_name(StreamOp op);

// How a kernel that runs one thread per output reads a window of its input (Caffe's pooling
// kernels: outputs in row-major order over planes × out_h × out_w, each thread looping over its
// kernel_h × kernel_w window of one input plane). It decides how many memory sectors a warp's
// loads touch (sim/model/gpu/window_traffic.h).
struct WindowAccess {
  std::int64_t in_h = 0, in_w = 0, out_h = 0, out_w = 0;
  std::int64_t kernel_h = 1, kernel_w = 1, stride_h = 1, stride_w = 1;
  bool operator==(const WindowAccess&) const = default;
};

struct Kernel {
  KernelKind kind = KernelKind::Stream;
  DataType data_type = DataType::Fp32;  // of every operand; bytes below are already in it
  std::string label;        // "im2col", "gemm", "bias", "relu", ...
  // Every kernel of a convolution: the strategy (algorithm) that lowered it; unset otherwise.
  std::optional<ConvolutionLowering> algorithm;
  std::int64_t launches = 1;  // identical calls (Caffe loops over images and groups)
  int gpu_kernels_per_call = 1;  // GPU kernels one call issues (Caffe's Softmax: 6, LRN: 2, ...)
  // Gemm: C(m x n) = op(A)(m x k) B(k x n), per launch, in the column-major terms the BLAS
  // library sees (Caffe calls row-major GEMM, so the library computes the transpose: for a
  // convolution m = output pixels, n = output channels per group; for InnerProduct m = num_output,
  // n = batch). Gemv: y(m) = A(m x k) x(k).
  std::int64_t m = 0, n = 0, k = 0;
  bool a_transposed = false;  // op(A) = A^T: InnerProduct's weights as Caffe passes them
  // Gemm of the implicit_gemm / gemm strategies (m = output rows: pixels × images, n = output
  // channels, k = reduction): the unique bytes behind the operands, per launch, for processors
  // that stream them from DRAM themselves (a systolic array): input activations, weights, output.
  std::int64_t input_bytes = 0, weight_bytes = 0, output_bytes = 0;
  // Stream: per launch.
  StreamOp op = StreamOp::Copy;
  std::int64_t elements = 0;
  std::int64_t outputs = 0;  // elements written (pooling: outputs, whose cost differs from reads)
  std::int64_t bytes_read = 0;
  std::int64_t bytes_written = 0;
  std::optional<WindowAccess> window;  // one thread per output over a window (pooling); else unset
  // Caffe's bias pass as a GEMM with the bias multiplier (a Convolution's by im2col + GEMM, an
  // InnerProduct's at batch > 1): Reshape refills the multiplier on the host every pass, so the pass
  // first copies it to the device (GPU runtimes: kernels.bias_multiplier_copy).
  bool bias_multiplier = false;
  // Stream: the layer library's own kernel (cuDNN's activation, LRN, softmax and average pooling
  // under a runtime with layer_library: cudnn), not the framework's; GPU runtimes stream it at
  // kernels.library_stream_factor of the framework's streaming efficiency.
  bool library_stream = false;

  // Equal kernels cost the same on any processor (the cost models read nothing else).
  bool operator==(const Kernel&) const = default;
};

// GEMM multiply-accumulates of one launch.
inline std::int64_t gemm_macs(const Kernel& k) { return k.m * k.n * k.k; }

// The GEMM shape of a Gemm kernel.
inline GemmShape gemm_shape(const Kernel& k) {
  return GemmShape{k.m, k.n, k.k, k.a_transposed, element_bytes(k.data_type)};
}

}  // namespace augur
