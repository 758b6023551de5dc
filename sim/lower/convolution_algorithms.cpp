// cuDNN's forward convolution algorithms (formulas in the header and docs/model.md).
#include "sim/lower/convolution_algorithms.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "sim/core/error.h"
#include "sim/lower/kernel_builders.h"

namespace augur {
namespace {

std::int64_t ceil_div(std::int64_t a, std::int64_t b) { return (a + b - 1) / b; }

// The convolution's dimensions in the header's notation.
struct ConvDims {
  std::int64_t n, c, h, w, k, p, q, r, s, g;
  std::int64_t cg() const { return c / g; }
  std::int64_t kg() const { return k / g; }
};

ConvDims dims_of(const Layer& layer) {
  const auto& cp = std::get<ConvolutionParams>(layer.params);
  const auto& in = layer.bottom_shapes[0].dims;
  const auto& out = layer.top_shapes[0].dims;
  return ConvDims{in[0], in[1], in[2], in[3], out[1], out[2], out[3], cp.window.kernel_h, cp.window.kernel_w,
                  cp.group};
}

// The smallest size ≥ n whose only prime factors are 2, 3, 5 and 7 (cuFFT's fast sizes).
std::int64_t fft_size(std::int64_t n) {
  for (std::int64_t f = std::max<std::int64_t>(n, 1);; ++f) {
    std::int64_t r = f;
    for (std::int64_t p : {2, 3, 5, 7}) {
      while (r % p == 0) r /= p;
    }
    if (r == 1) return f;
  }
}

constexpr std::int64_t kFftTile = 32;
constexpr std::int64_t kWinogradAlpha = 6;  // the input tile of F(4x4,3x3) and F(2x2,5x5)

// FFT planes: per image (or per tile), F_h × F_w points and their complex bins.
struct FftPlanes {
  std::int64_t per_image = 1;  // planes per image and channel (tiles for fft_tiling)
  std::int64_t fh = 0, fw = 0;
  std::int64_t bins() const { return fh * (fw / 2 + 1); }
  // 2.5·F_h·F_w·log2(F_h·F_w): the operations of one real 2D FFT.
  std::int64_t ops_per_plane() const {
    const double points = static_cast<double>(fh) * static_cast<double>(fw);
    return static_cast<std::int64_t>(std::ceil(2.5 * points * std::log2(std::max(2.0, points))));
  }
};

FftPlanes fft_planes(const Layer& layer, ConvolutionLowering algorithm) {
  const auto& w = std::get<ConvolutionParams>(layer.params).window;
  const ConvDims d = dims_of(layer);
  if (algorithm == ConvolutionLowering::FftTiling) {
    return FftPlanes{ceil_div(d.p, kFftTile - d.r + 1) * ceil_div(d.q, kFftTile - d.s + 1), kFftTile, kFftTile};
  }
  return FftPlanes{1, fft_size(d.h + w.pad_h + w.pad_h_end()), fft_size(d.w + w.pad_w + w.pad_w_end())};
}

// Winograd tiles per image and the output tile edge.
struct WinogradTiles {
  std::int64_t out_edge = 0, tiles = 0;
};

WinogradTiles winograd_tiles(const ConvDims& d, ConvolutionLowering algorithm) {
  const std::int64_t edge = algorithm == ConvolutionLowering::Winograd ? 2 : kWinogradAlpha - d.r + 1;
  return WinogradTiles{edge, ceil_div(d.p, edge) * ceil_div(d.q, edge)};
}

Kernel tagged_gemm(const char* label, std::int64_t m, std::int64_t n, std::int64_t k, std::int64_t launches,
                   std::int64_t in_bytes, std::int64_t weight_bytes, std::int64_t out_bytes) {
  Kernel g = gemm_kernel(label, m, n, k, launches);
  g.input_bytes = in_bytes;
  g.weight_bytes = weight_bytes;
  g.output_bytes = out_bytes;
  return g;
}

}  // namespace

std::string algorithm_rejects(const Layer& layer, ConvolutionLowering algorithm) {
  if (layer.kind != LayerKind::Convolution) return "not a convolution";
  const auto& w = std::get<ConvolutionParams>(layer.params).window;
  const ConvDims d = dims_of(layer);
  const bool stride_one = w.stride_h == 1 && w.stride_w == 1;
  const bool dilated = w.dilation_h != 1 || w.dilation_w != 1;
  if (dilated && algorithm != ConvolutionLowering::Im2colGemm) return "dilated";
  const bool filter_over_pad = d.r > std::max(w.pad_h, w.pad_h_end()) && d.s > std::max(w.pad_w, w.pad_w_end());
  switch (algorithm) {
    case ConvolutionLowering::Im2colGemm:
    case ConvolutionLowering::ImplicitGemm:
    case ConvolutionLowering::ImplicitPrecompGemm:
    case ConvolutionLowering::Gemm: return "";
    case ConvolutionLowering::Winograd:
      return d.r == 3 && d.s == 3 && stride_one ? "" : "needs a 3x3 filter at stride 1";
    case ConvolutionLowering::WinogradNonfused:
      return d.r == d.s && (d.r == 3 || d.r == 5) && stride_one ? "" : "needs a 3x3 or 5x5 filter at stride 1";
    case ConvolutionLowering::Fft:
      if (!stride_one || !filter_over_pad) return "needs stride 1 and a filter larger than the padding";
      return d.h + w.pad_h + w.pad_h_end() <= 256 && d.w + w.pad_w + w.pad_w_end() <= 256
                 ? ""
                 : "needs a padded input of at most 256x256";
    case ConvolutionLowering::FftTiling:
      if (!stride_one || !filter_over_pad) return "needs stride 1 and a filter larger than the padding";
      return d.r <= kFftTile && d.s <= kFftTile ? "" : "needs a filter of at most 32x32";
  }
  return "unknown algorithm";
}

std::int64_t convolution_workspace_bytes(const Layer& layer, ConvolutionLowering algorithm, std::int64_t e) {
  const ConvDims d = dims_of(layer);
  switch (algorithm) {
    case ConvolutionLowering::Im2colGemm:  // Caffe's column buffer: one image
      return d.c * d.r * d.s * d.p * d.q * e;
    case ConvolutionLowering::ImplicitGemm:
    case ConvolutionLowering::Winograd: return 0;
    case ConvolutionLowering::ImplicitPrecompGemm: return 4 * d.cg() * d.r * d.s;
    case ConvolutionLowering::Gemm: return d.n * d.cg() * d.r * d.s * d.p * d.q * e;
    case ConvolutionLowering::WinogradNonfused: {
      const std::int64_t t = winograd_tiles(d, algorithm).tiles;
      return kWinogradAlpha * kWinogradAlpha * (d.n * t * d.c + d.k * d.cg() + d.n * t * d.k) * e;
    }
    case ConvolutionLowering::Fft:
    case ConvolutionLowering::FftTiling: {
      const FftPlanes f = fft_planes(layer, algorithm);
      return (d.n * f.per_image * d.c + d.k * d.cg() + d.n * f.per_image * d.k) * f.bins() * 8;
    }
  }
  return 0;
}

std::vector<Kernel> lower_convolution_algorithm(const Layer& layer, ConvolutionLowering algorithm,
                                                const Lowering& lowering) {
  const std::string why = algorithm_rejects(layer, algorithm);
  if (!why.empty()) {
    throw InternalError(fmt::format("layer '{}': {} {}", layer.name, convolution_lowering_name(algorithm), why));
  }
  const auto& cp = std::get<ConvolutionParams>(layer.params);
  const std::int64_t e = element_bytes(lowering.data_type);
  const ConvDims d = dims_of(layer);
  const std::int64_t in_bytes = d.n * d.cg() * d.h * d.w * e;  // per group
  const std::int64_t weight_bytes = d.kg() * d.cg() * d.r * d.s * e;
  const std::int64_t out_bytes = d.n * d.kg() * d.p * d.q * e;
  std::vector<Kernel> ks;
  switch (algorithm) {
    case ConvolutionLowering::Im2colGemm: break;  // Caffe's own path (lowering.cpp)
    case ConvolutionLowering::ImplicitGemm:
    case ConvolutionLowering::ImplicitPrecompGemm:
      ks.push_back(tagged_gemm("gemm", d.n * d.p * d.q, d.kg(), d.cg() * d.r * d.s, d.g, in_bytes, weight_bytes,
                               out_bytes));
      break;
    case ConvolutionLowering::Gemm: {
      const std::int64_t col = d.n * d.cg() * d.r * d.s * d.p * d.q;
      ks.push_back(stream_kernel("im2col", StreamOp::Im2col, col, in_bytes, col * e, d.g));
      ks.push_back(tagged_gemm("gemm", d.n * d.p * d.q, d.kg(), d.cg() * d.r * d.s, d.g, col * e, weight_bytes,
                               out_bytes));
      break;
    }
    case ConvolutionLowering::Winograd: {
      const std::int64_t t = winograd_tiles(d, algorithm).tiles;
      // generateWinogradTilesKernel: the filters to 4x4 tiles (G g G^T: 4·3·(3 + 4) operations each)
      ks.push_back(stream_kernel("filter_transform", StreamOp::Transform, 4 * 3 * (3 + 4) * d.k * d.cg(),
                                 d.g * weight_bytes, 16 * d.k * d.cg() * e));
      ks.push_back(tagged_gemm("winograd", d.n * t, d.kg(), 16 * d.cg(), d.g, in_bytes, weight_bytes, out_bytes));
      break;
    }
    case ConvolutionLowering::WinogradNonfused: {
      const WinogradTiles wt = winograd_tiles(d, algorithm);
      const std::int64_t a2 = kWinogradAlpha * kWinogradAlpha, t = wt.tiles;
      const std::int64_t m_o = wt.out_edge;
      ks.push_back(stream_kernel("input_transform", StreamOp::Transform,
                                 2 * kWinogradAlpha * a2 * d.n * t * d.c, d.g * in_bytes, a2 * d.n * t * d.c * e));
      ks.push_back(stream_kernel("filter_transform", StreamOp::Transform,
                                 kWinogradAlpha * d.r * (d.r + kWinogradAlpha) * d.k * d.cg(), d.g * weight_bytes,
                                 a2 * d.k * d.cg() * e));
      ks.push_back(tagged_gemm("batched_gemm", a2 * d.n * t, d.kg(), d.cg(), d.g, a2 * d.n * t * d.cg() * e,
                               a2 * d.kg() * d.cg() * e, a2 * d.n * t * d.kg() * e));
      ks.push_back(stream_kernel("output_transform", StreamOp::Transform,
                                 m_o * kWinogradAlpha * (kWinogradAlpha + m_o) * d.n * t * d.k,
                                 a2 * d.n * t * d.k * e, d.g * out_bytes));
      break;
    }
    case ConvolutionLowering::Fft:
    case ConvolutionLowering::FftTiling: {
      const FftPlanes f = fft_planes(layer, algorithm);
      const std::int64_t in_planes = d.n * f.per_image * d.c, filter_planes = d.k * d.cg();
      const std::int64_t out_planes = d.n * f.per_image * d.k, b = f.bins();
      ks.push_back(stream_kernel("input_fft", StreamOp::Transform, in_planes * f.ops_per_plane(), d.g * in_bytes,
                                 in_planes * b * 8));
      ks.push_back(stream_kernel("filter_fft", StreamOp::Transform, filter_planes * f.ops_per_plane(),
                                 d.g * weight_bytes, filter_planes * b * 8));
      ks.push_back(tagged_gemm("complex_gemm", b * d.n * f.per_image, d.kg(), 4 * d.cg(), d.g,
                               in_planes / d.g * b * 8, filter_planes / d.g * b * 8, out_planes / d.g * b * 8));
      ks.push_back(stream_kernel("inverse_fft", StreamOp::Transform, out_planes * f.ops_per_plane(), out_planes * b * 8,
                                 d.g * out_bytes));
      break;
    }
  }
  if (cp.bias_term && lowering.layer_library == LayerLibrary::Cudnn) {  // cudnnAddTensor per group
    const std::int64_t n = d.n * d.kg() * d.p * d.q;
    ks.push_back(stream_kernel("bias", StreamOp::Bias, n, n * e, n * e, d.g));
  }
  for (auto& k : ks) k.algorithm = algorithm;
  return ks;
}

std::vector<ConvolutionLowering> permitted_algorithms(const Layer& layer, const Lowering& lowering) {
  std::vector<ConvolutionLowering> out;
  if (layer.kind != LayerKind::Convolution) return out;
  for (ConvolutionLowering a : lowering.convolution_candidates) {
    if (!algorithm_rejects(layer, a).empty()) continue;
    if (lowering.workspace_limit_bytes > 0 &&
        convolution_workspace_bytes(layer, a, element_bytes(lowering.data_type)) > lowering.workspace_limit_bytes) {
      continue;
    }
    out.push_back(a);
  }
  return out;
}

}  // namespace augur
