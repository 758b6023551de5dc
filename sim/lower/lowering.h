// Layer -> kernels, as Caffe runs them (forward pass, test phase):
//   Convolution, per image: im2col (skipped for 1x1 stride-1 unpadded kernels), one GEMM per
//   group (as the column-major library sees it: m = Ho·Wo, n = Cout/g, k = Cin/g·kh·kw), a bias
//   update.
//   InnerProduct: GEMV at batch 1, GEMM above (m = num_output, n = batch, k, A transposed),
//   plus bias.
//   Everything else: streaming kernels with their bytes and element counts.
#pragma once

#include <vector>

#include "sim/lower/kernel.h"
#include "sim/workload/layer.h"

namespace augur {

std::vector<Kernel> lower_layer(const Layer& layer);

}  // namespace augur
