// Folding the small integer computations exporters emit to build shapes: torch's
// x.view(x.size(0), -1) becomes Shape -> Gather -> Unsqueeze -> Concat -> Reshape when the batch is
// dynamic. Once Augur has bound every input dimension these are constants; folding them gives the
// Reshape its static shape, and they cost nothing at run time worth modelling (a few integers).
#pragma once

#include <optional>
#include <string>

#include <onnx/onnx_pb.h>

#include "sim/workload/onnx/node_conversion.h"

namespace augur::onnx_import {

// Shape, Size, Gather, Unsqueeze, Squeeze, Slice, Cast: operators Augur models only as shape
// computations (Concat and Constant are modelled in their own right too).
bool is_shape_operator(const std::string& op_type);

// The node's single output as a constant, when the node is a shape computation whose inputs are
// all known: constants with values, or (for Shape and Size) an activation of known shape.
// Nothing when it is not (then the node is converted, or refused, as usual).
std::optional<StaticTensor> fold_shape_node(const ::onnx::NodeProto& node, const GraphContext& context);

}  // namespace augur::onnx_import
