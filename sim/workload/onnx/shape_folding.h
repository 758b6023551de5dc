// Shape and Size of an activation: torch's x.view(x.size(0), -1) becomes Shape -> Gather ->
// Unsqueeze -> Concat -> Reshape when the batch is dynamic. Once Augur has bound every input
// dimension the shapes are constants; constant_folding.cpp folds the rest of the computation.
#pragma once

#include <optional>

#include <onnx/onnx_pb.h>

#include "sim/workload/onnx/node_conversion.h"

namespace augur::onnx_import {

// The output of a Shape or Size node whose input is an activation of known shape, as a constant
// (an INT64 vector, or scalar for Size). Nothing otherwise.
std::optional<StaticTensor> fold_shape_node(const ::onnx::NodeProto& node, const GraphContext& context);

}  // namespace augur::onnx_import
