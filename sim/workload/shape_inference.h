// Shape inference with Caffe's exact rules (convolution floor, pooling ceil with Caffe's
// clipping, global pooling, groups, dilation, Concat/Slice/Flatten/Reshape axes).
#pragma once

#include "sim/workload/layer_graph.h"

namespace augur {

// Fills bottom_shapes/top_shapes of every layer in execution order. Throws UserError naming the
// layer and its line when shapes do not fit (Eltwise of different shapes, Concat mismatch, a
// kernel larger than its padded input, channels not divisible by group, ...).
void infer_shapes(LayerGraph& graph);

// One output dimension of a convolution, padded by pad_begin before and pad_end after the input
// (Caffe: both = pad): (in + pad_begin + pad_end - (dilation (k - 1) + 1)) / stride + 1, rounded
// down. May be <= 0 when the kernel does not fit.
std::int64_t conv_output_dim(std::int64_t in, int kernel, int stride, int pad_begin, int pad_end, int dilation);

// One output dimension of pooling: ceil (Caffe's CEIL mode, ONNX ceil_mode = 1) or floor of
// (in + pad_begin + pad_end - k) / stride, plus 1; with `clip_last_window` and leading padding, the
// last window must start inside the input + leading pad (else one less), as in Caffe and PyTorch.
std::int64_t pool_output_dim(std::int64_t in, int kernel, int stride, int pad_begin, int pad_end, bool ceil_mode,
                             bool clip_last_window = true);

// One output dimension of a deconvolution: stride (in - 1) + dilation (k - 1) + 1 - pad_begin - pad_end.
std::int64_t deconv_output_dim(std::int64_t in, int kernel, int stride, int pad_begin, int pad_end, int dilation);

}  // namespace augur
