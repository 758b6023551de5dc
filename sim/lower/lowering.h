// Layer -> kernels, by the strategies of the runtime's `lowering` (forward pass, test phase).
// Caffe's (the defaults: im2col_gemm, gemv_at_batch_1):
//   Convolution, per image: im2col (skipped for 1x1 stride-1 unpadded kernels), one GEMM per
//   group (as the column-major library sees it: m = Ho·Wo, n = Cout/g, k = Cin/g·kh·kw), a bias
//   update.
//   InnerProduct: GEMV at batch 1, GEMM above (m = num_output, n = batch, k, A transposed),
//   plus bias.
//   Everything else: streaming kernels with their bytes and element counts.
// implicit_gemm (convolution): one GEMM per group over the whole batch (m = N·Ho·Wo,
//   n = Cout/g, k = Cin/g·kh·kw), operands read in place, bias folded into the output write;
//   it and cuDNN's other algorithms are in convolution_algorithms.h.
// cudnn layer library: LRN and Softmax as one cuDNN kernel each, a convolution's bias per group.
// gemm (inner product): one GEMM (m = batch, n = num_output, k = inputs), bias folded.
// Every byte count uses the element size of the lowering's data type.
#pragma once

#include <vector>

#include "sim/hwdesc/runtime.h"
#include "sim/lower/kernel.h"
#include "sim/workload/layer.h"

namespace augur {

std::vector<Kernel> lower_layer(const Layer& layer, const Lowering& lowering);

// The convolution algorithms to cost for a layer, of which the fastest runs: the runtime's
// candidates that the layer permits (sim/lower/convolution_algorithms.h); empty when the runtime
// lists none, the layer is no convolution or it runs Caffe's own path. When every candidate is
// refused, lower_layer runs implicit_gemm.
std::vector<ConvolutionLowering> algorithms_to_try(const Layer& layer, const Lowering& lowering);

// The layer (a convolution) lowered by `algorithm`, one of algorithms_to_try.
std::vector<Kernel> lower_layer(const Layer& layer, const Lowering& lowering, ConvolutionLowering algorithm);

}  // namespace augur
