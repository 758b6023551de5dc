// layer_limit_violation: one check of layer parameters for every importer.
#include "sim/workload/limits.h"

#include <fmt/format.h>

namespace augur {
namespace {

std::optional<std::string> outside(std::int64_t value, std::int64_t min, const char* what) {
  if (value >= min && value <= kMaxLayerDimension) return std::nullopt;
  return fmt::format("{} must be between {} and 2^30, got {}", what, min, value);
}

std::optional<std::string> window_violation(const Window& w) {
  for (const auto& [value, min, what] : {std::tuple{w.kernel_h, 1, "kernel_h"}, std::tuple{w.kernel_w, 1, "kernel_w"},
                                         std::tuple{w.stride_h, 1, "stride_h"}, std::tuple{w.stride_w, 1, "stride_w"},
                                         std::tuple{w.dilation_h, 1, "dilation_h"}, std::tuple{w.dilation_w, 1, "dilation_w"},
                                         std::tuple{w.pad_h, 0, "pad_h"}, std::tuple{w.pad_w, 0, "pad_w"},
                                         std::tuple{w.pad_h_end(), 0, "pad_bottom"}, std::tuple{w.pad_w_end(), 0, "pad_right"}}) {
    if (auto v = outside(value, min, what)) return v;
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> layer_limit_violation(const Layer& layer) {
  if (const auto* c = std::get_if<ConvolutionParams>(&layer.params)) {
    if (auto v = outside(c->num_output, 1, "num_output (output channels)")) return v;
    if (auto v = outside(c->group, 1, "group")) return v;
    return window_violation(c->window);
  }
  if (const auto* p = std::get_if<InnerProductParams>(&layer.params)) return outside(p->num_output, 1, "num_output (outputs)");
  if (const auto* p = std::get_if<PoolingParams>(&layer.params)) {
    if (p->global) return std::nullopt;  // the window is the input's size, set by shape inference
    return window_violation(p->window);
  }
  return std::nullopt;
}

}  // namespace augur
