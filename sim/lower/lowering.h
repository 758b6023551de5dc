// Layer -> kernels, as Caffe runs them (forward pass, test phase):
//   Convolution, per image: im2col (skipped for 1x1 stride-1 unpadded kernels), one GEMM per
//   group (M = Cout/g, N = Ho·Wo, K = Cin/g·kh·kw), a bias GEMM with K = 1.
//   InnerProduct: GEMV at batch 1, GEMM (M = batch, N = num_output, K) above, plus bias.
//   Everything else: streaming kernels with their bytes and element counts.
#pragma once

#include <vector>

#include "sim/lower/kernel.h"
#include "sim/workload/layer.h"

namespace augur {

std::vector<Kernel> lower_layer(const Layer& layer);

}  // namespace augur
