// cuDNN 5.1's forward convolution algorithms as lowering strategies: for each, which shapes it
// accepts (the v5.1 user guide's conditions, ../shared/reference/software-stacks.md §2.2), the
// kernels it runs with their work and bytes, and the workspace it needs. Notation: batch N, input
// C x H x W, output K x P x Q, filter R x S, g groups (Cg = C/g, Kg = K/g), element bytes e.
//
//   implicit_gemm, implicit_precomp_gemm: per group one GEMM m = N·P·Q, n = Kg, k = Cg·R·S, the
//     input read in place; workspace 0 and 4·Cg·R·S bytes (the precomputed offsets).
//   gemm: per group, im2col of the whole batch (N·Cg·R·S·P·Q elements) into the workspace, then
//     the same GEMM; workspace N·Cg·R·S·P·Q·e.
//   winograd (fused F(2x2,3x3), 3x3 stride 1): T = ⌈P/2⌉·⌈Q/2⌉ tiles per image; a filter transform
//     (4·3·7 operations per filter, 16 values written), then per group one kernel doing m = N·T,
//     n = Kg, k = 16·Cg products (16 per tile per channel pair); no workspace.
//   winograd_nonfused (F(4x4,3x3) or F(2x2,5x5), stride 1): α = 6, tile m_o = α − R + 1,
//     T = ⌈P/m_o⌉·⌈Q/m_o⌉; input transform (2α³ operations per tile and channel), filter transform
//     (α·R·(R + α) per filter), α² batched GEMMs m = N·T, n = Kg, k = Cg (run as one GEMM with
//     m = α²·N·T), output transform (m_o·α·(α + m_o) per tile and output channel); workspace
//     α²·(N·T·C + K·Cg + N·T·K)·e.
//   fft (stride 1, H + 2·pad ≤ 256, filter > pad): planes of F_h × F_w (the next 2^a·3^b·5^c·7^d
//     size ≥ H + 2·pad), B = F_h·(⌊F_w/2⌋ + 1) complex bins; forward FFTs of the N·C input and
//     K·Cg filter planes, per group a complex GEMM per bin run as one real GEMM m = B·N, n = Kg,
//     k = 4·Cg (4 real products per complex one), inverse FFTs of the N·K output planes
//     (2.5·F_h·F_w·log2(F_h·F_w) operations per plane); workspace (N·C + K·Cg + N·K)·B·8 bytes.
//   fft_tiling (stride 1, filter ≤ 32x32 and > pad): the same over 32x32 tiles that overlap by the
//     filter size − 1: ⌈P/(32 − R + 1)⌉·⌈Q/(32 − S + 1)⌉ tiles per plane, B = 32·17.
// A layer with a bias adds it per group over the whole batch (cudnnAddTensor) when its runtime
// uses the cuDNN layer library; otherwise the GEMM adds it as it writes its output.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/hwdesc/runtime.h"
#include "sim/lower/kernel.h"
#include "sim/workload/layer.h"

namespace augur {

// "" when `algorithm` accepts the convolution's shape; otherwise why not.
std::string algorithm_rejects(const Layer& layer, ConvolutionLowering algorithm);

// The workspace (bytes) `algorithm` needs for the layer, with elements of `element_bytes`.
std::int64_t convolution_workspace_bytes(const Layer& layer, ConvolutionLowering algorithm,
                                         std::int64_t element_bytes);

// The kernels of `algorithm` for the layer (one of the cuDNN strategies above, or implicit_gemm).
std::vector<Kernel> lower_convolution_algorithm(const Layer& layer, ConvolutionLowering algorithm,
                                                const Lowering& lowering);

// The candidates of the runtime's `convolution_candidates` that accept the layer and whose
// workspace fits `workspace_limit_bytes`, in the runtime's order.
std::vector<ConvolutionLowering> permitted_algorithms(const Layer& layer, const Lowering& lowering);

}  // namespace augur
