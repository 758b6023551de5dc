// Caffe LayerParameter / V1LayerParameter -> Layer, with Caffe's parameter rules (kernel_size vs
// kernel_h/kernel_w, defaults, required num_output).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sim/workload/caffe/caffe_subset.pb.h"
#include "sim/workload/layer.h"

namespace augur::caffe {

// nullopt for layers that do not run at inference (loss, accuracy, silence): a note says so.
// Throws UserError at `where` for unknown types (listing the supported ones), data layers, and
// missing or contradictory parameters.
std::optional<Layer> convert_layer(const LayerParameter& proto, const SourceLocation& where,
                                   std::vector<std::string>& notes);

std::optional<Layer> convert_v1_layer(const V1LayerParameter& proto, const SourceLocation& where,
                                      std::vector<std::string>& notes);

}  // namespace augur::caffe
