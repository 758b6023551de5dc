// Shape and Size of activations as constants.
#include "sim/workload/onnx/shape_folding.h"

#include <algorithm>

namespace augur::onnx_import {
namespace {

std::optional<std::int64_t> int_attr(const ::onnx::NodeProto& node, const char* name) {
  for (const auto& a : node.attribute()) {
    if (a.name() == name && a.type() == ::onnx::AttributeProto::INT) return a.i();
  }
  return std::nullopt;
}

StaticTensor vector_tensor(const std::vector<std::int64_t>& values, std::vector<std::int64_t> dims) {
  StaticTensor t;
  t.dims = std::move(dims);
  t.data_type = ::onnx::TensorProto::INT64;
  t.values.emplace();
  for (auto v : values) t.values->push_back(static_cast<double>(v));
  return t;
}

// Shape's start and end (opset 15): negative counts from the end, then clamped to [0, rank].
std::int64_t clamp_index(std::int64_t i, std::int64_t size) {
  if (i < 0) i += size;
  return std::clamp<std::int64_t>(i, 0, size);
}

}  // namespace

std::optional<StaticTensor> fold_shape_node(const ::onnx::NodeProto& node, const GraphContext& c) {
  if (node.output_size() != 1 || node.output(0).empty() || node.input_size() < 1) return std::nullopt;
  const auto it = c.shapes.find(node.input(0));
  if (it == c.shapes.end()) return std::nullopt;
  const auto& dims = it->second.dims;
  if (node.op_type() == "Size") return vector_tensor({it->second.count()}, {});
  if (node.op_type() != "Shape") return std::nullopt;
  const auto rank = static_cast<std::int64_t>(dims.size());
  const std::int64_t start = clamp_index(int_attr(node, "start").value_or(0), rank);
  const std::int64_t end = clamp_index(int_attr(node, "end").value_or(rank), rank);
  std::vector<std::int64_t> values;
  for (std::int64_t i = start; i < end; ++i) values.push_back(dims[static_cast<size_t>(i)]);
  const auto n = static_cast<std::int64_t>(values.size());
  return vector_tensor(values, {n});
}

}  // namespace augur::onnx_import
