// One ONNX node -> one Augur layer (or an alias, for Identity and one-input Sum), given what the
// importer knows about the graph: static tensors (initializers, Constant outputs), the shapes ONNX
// inferred, the opset and which values are read.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <onnx/onnx_pb.h>

#include "sim/workload/layer.h"

namespace augur::onnx_import {

// An initializer or Constant output: its dims always, its values when stored inline and small.
struct StaticTensor {
  std::vector<std::int64_t> dims;
  std::optional<std::vector<double>> values;  // numeric values (ints and floats)
  bool external = false;                      // data in an external file (not read)
  int data_type = 1;                          // ONNX TensorProto::DataType (1 = FLOAT)

  std::int64_t count() const;
};

struct GraphContext {
  std::string file;
  int opset = 0;
  std::map<std::string, StaticTensor> statics;  // by value name
  std::map<std::string, Shape> shapes;          // static shapes from ONNX shape inference
  std::map<std::string, int> readers;           // value -> nodes (and graph outputs) that read it
};

struct ConvertedNode {
  std::optional<Layer> layer;
  std::vector<std::pair<std::string, std::string>> aliases;  // output value -> existing value
  std::optional<std::pair<std::string, StaticTensor>> constant;  // Constant: output value -> tensor
  std::int64_t weight_elements = 0;  // initializer elements read as weights
};

// `label` names the node in messages ("node 12 'conv1' (Conv)"); `layer_name` is the unique name
// of its layer. Inputs are already resolved through aliases. Throws UserError for attributes and
// inputs Augur cannot model. The node's op_type must be one of supported_operators().
ConvertedNode convert_node(const ::onnx::NodeProto& node, const std::string& label,
                           const std::string& layer_name, const GraphContext& context);

// `value` as an integer when it is a whole number within +-9e15 (exact in a double), else nothing.
std::optional<std::int64_t> whole_number(double value);

// Reads a TensorProto's dims and, when inline and at most `max_values` long, its values.
StaticTensor static_tensor(const ::onnx::TensorProto& tensor, const std::string& where,
                           std::int64_t max_values = 1 << 16);

}  // namespace augur::onnx_import
