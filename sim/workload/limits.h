// The limits every network importer (Caffe, ONNX) applies to layer parameters, so that a model
// is refused the same way whatever its format: counts and windows between 1 and 2^30.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "sim/workload/layer.h"

namespace augur {

inline constexpr std::int64_t kMaxLayerDimension = std::int64_t{1} << 30;

// The first parameter of `layer` outside the limits, as a message ("num_output must be between
// 1 and 2^30, got 0"); nullopt when every parameter is within them. Checked: num_output and
// group of convolutions and inner products; kernel, stride and dilation (1..2^30) and padding
// (0..2^30) of convolution and pooling windows.
std::optional<std::string> layer_limit_violation(const Layer& layer);

}  // namespace augur
