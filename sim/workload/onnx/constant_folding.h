// Constant folding at load time, as an ONNX runtime does: a node whose inputs are all constants
// (initializers, Constant outputs, earlier folded nodes, shapes of activations Augur knows)
// becomes one constant. Exporters leave such subgraphs for weight preprocessing (Caffe2 writes
// BatchNormalization's scale as Mul(x, Unsqueeze(initializer)), older converters reshape a
// classifier's weights before Gemm) and for shapes (torch's x.view(x.size(0), -1)). Augur always
// knows a folded constant's dims and computes its values when they are small (shapes, axes);
// its elements count as the parameters of the layer that reads it, and it costs no time.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <onnx/onnx_pb.h>

#include "sim/workload/onnx/node_conversion.h"

namespace augur::onnx_import {

// Every operator fold_constant_node can fold, sorted. Those that supported_operators() does not
// list are modelled only on constants (Gather, Sqrt, ConstantOfShape, ...).
std::vector<std::string> foldable_operators();

// The node's single output as a constant when every input is one (Shape and Size also on an
// activation of known shape); nothing when an input is an activation or the operator does not
// fold. Throws UserError naming `label` when the inputs are constants that the operator cannot
// take (a Reshape to another element count, a Gather index out of range, axes out of range, a
// shape input whose values are not inline, ...).
std::optional<StaticTensor> fold_constant_node(const ::onnx::NodeProto& node, const std::string& label,
                                               const GraphContext& context);

// Unsqueeze: `axes` (of the output; negative count from its end) inserted as 1s. Squeeze: the
// listed axes (all 1s when none are listed) removed. An error message when the axes do not fit.
struct DimsOrError {
  std::vector<std::int64_t> dims;
  std::string error;  // empty when dims are valid
};
DimsOrError unsqueeze_dims(const std::vector<std::int64_t>& dims, const std::vector<std::int64_t>& axes);
DimsOrError squeeze_dims(const std::vector<std::int64_t>& dims, const std::optional<std::vector<std::int64_t>>& axes);

}  // namespace augur::onnx_import
