// Constant folding of shape computations on small integer vectors.
#include "sim/workload/onnx/shape_folding.h"

#include <algorithm>

namespace augur::onnx_import {
namespace {

constexpr size_t kMaxFoldedValues = 1024;  // shapes are short; anything longer is not a shape

const StaticTensor* constant(const GraphContext& c, const std::string& name) {
  const auto it = c.statics.find(name);
  if (it == c.statics.end() || !it->second.values || it->second.values->size() > kMaxFoldedValues) return nullptr;
  return &it->second;
}

std::optional<std::int64_t> int_attr(const ::onnx::NodeProto& node, const char* name) {
  for (const auto& a : node.attribute()) {
    if (a.name() == name && a.type() == ::onnx::AttributeProto::INT) return a.i();
  }
  return std::nullopt;
}

std::optional<std::vector<std::int64_t>> ints_attr(const ::onnx::NodeProto& node, const char* name) {
  for (const auto& a : node.attribute()) {
    if (a.name() == name && a.type() == ::onnx::AttributeProto::INTS) {
      return std::vector<std::int64_t>(a.ints().begin(), a.ints().end());
    }
  }
  return std::nullopt;
}

// Integer values of a constant input, or nothing.
std::optional<std::vector<std::int64_t>> ints_of(const GraphContext& c, const ::onnx::NodeProto& node, int i) {
  if (i >= node.input_size() || node.input(i).empty()) return std::nullopt;
  const StaticTensor* t = constant(c, node.input(i));
  if (t == nullptr) return std::nullopt;
  std::vector<std::int64_t> out;
  for (double v : *t->values) {
    const auto i = whole_number(v);
    if (!i) return std::nullopt;
    out.push_back(*i);
  }
  return out;
}

StaticTensor vector_tensor(std::vector<std::int64_t> values, std::vector<std::int64_t> dims) {
  StaticTensor t;
  t.dims = std::move(dims);
  t.values.emplace();
  for (auto v : values) t.values->push_back(static_cast<double>(v));
  return t;
}

// Python-style clamped slice bounds of ONNX Slice for a positive step.
std::int64_t clamp_index(std::int64_t i, std::int64_t size) {
  if (i < 0) i += size;
  return std::clamp<std::int64_t>(i, 0, size);
}

std::optional<StaticTensor> fold_shape(const ::onnx::NodeProto& node, const GraphContext& c) {
  const auto it = c.shapes.find(node.input_size() > 0 ? node.input(0) : std::string());
  if (it == c.shapes.end()) return std::nullopt;
  const auto& dims = it->second.dims;
  const auto rank = static_cast<std::int64_t>(dims.size());
  const std::int64_t start = clamp_index(int_attr(node, "start").value_or(0), rank);
  const std::int64_t end = clamp_index(int_attr(node, "end").value_or(rank), rank);
  std::vector<std::int64_t> values;
  for (std::int64_t i = start; i < end; ++i) values.push_back(dims[static_cast<size_t>(i)]);
  const auto n = static_cast<std::int64_t>(values.size());
  return vector_tensor(std::move(values), {n});
}

std::optional<StaticTensor> fold_gather(const ::onnx::NodeProto& node, const GraphContext& c) {
  const StaticTensor* data = node.input_size() > 0 ? constant(c, node.input(0)) : nullptr;
  const auto indices = ints_of(c, node, 1);
  if (data == nullptr || !indices || data->dims.size() != 1 || int_attr(node, "axis").value_or(0) != 0) {
    return std::nullopt;
  }
  const auto size = static_cast<std::int64_t>(data->values->size());
  std::vector<std::int64_t> values;
  for (auto i : *indices) {
    if (i < -size || i >= size) return std::nullopt;
    values.push_back(static_cast<std::int64_t>((*data->values)[static_cast<size_t>(i < 0 ? i + size : i)]));
  }
  return vector_tensor(std::move(values), c.statics.at(node.input(1)).dims);
}

std::optional<StaticTensor> fold_unsqueeze_squeeze(const ::onnx::NodeProto& node, const GraphContext& c, bool unsqueeze) {
  const StaticTensor* data = node.input_size() > 0 ? constant(c, node.input(0)) : nullptr;
  if (data == nullptr) return std::nullopt;
  auto axes = ints_attr(node, "axes");
  if (!axes && node.input_size() > 1) axes = ints_of(c, node, 1);
  std::vector<std::int64_t> dims = data->dims;
  if (unsqueeze) {
    if (!axes) return std::nullopt;
    const auto out_rank = static_cast<std::int64_t>(dims.size() + axes->size());
    std::vector<std::int64_t> sorted;
    for (auto a : *axes) sorted.push_back(a < 0 ? a + out_rank : a);
    std::sort(sorted.begin(), sorted.end());
    for (auto a : sorted) {
      if (a < 0 || a > static_cast<std::int64_t>(dims.size())) return std::nullopt;
      dims.insert(dims.begin() + a, 1);
    }
  } else {
    std::vector<std::int64_t> kept;
    for (size_t i = 0; i < dims.size(); ++i) {
      const bool named = axes && std::any_of(axes->begin(), axes->end(), [&](auto a) {
        return (a < 0 ? a + static_cast<std::int64_t>(dims.size()) : a) == static_cast<std::int64_t>(i);
      });
      if (!(dims[i] == 1 && (!axes || named))) kept.push_back(dims[i]);
    }
    dims = kept;
  }
  StaticTensor out = *data;
  out.dims = dims;
  return out;
}

std::optional<StaticTensor> fold_slice(const ::onnx::NodeProto& node, const GraphContext& c) {
  const StaticTensor* data = node.input_size() > 0 ? constant(c, node.input(0)) : nullptr;
  if (data == nullptr || data->dims.size() != 1) return std::nullopt;
  auto starts = ints_attr(node, "starts"), ends = ints_attr(node, "ends");
  std::optional<std::vector<std::int64_t>> steps;
  if (!starts) {
    starts = ints_of(c, node, 1);
    ends = ints_of(c, node, 2);
    if (node.input_size() > 4 && !node.input(4).empty()) steps = ints_of(c, node, 4);
  }
  if (!starts || !ends || starts->size() != 1 || ends->size() != 1 || (steps && (*steps)[0] != 1)) return std::nullopt;
  const auto size = static_cast<std::int64_t>(data->values->size());
  const std::int64_t begin = clamp_index((*starts)[0], size), end = clamp_index((*ends)[0], size);
  std::vector<std::int64_t> values;
  for (std::int64_t i = begin; i < end; ++i) values.push_back(static_cast<std::int64_t>((*data->values)[static_cast<size_t>(i)]));
  const auto n = static_cast<std::int64_t>(values.size());
  return vector_tensor(std::move(values), {n});
}

std::optional<StaticTensor> fold_concat(const ::onnx::NodeProto& node, const GraphContext& c) {
  std::vector<double> values;
  for (int i = 0; i < node.input_size(); ++i) {
    const StaticTensor* t = constant(c, node.input(i));
    if (t == nullptr || t->dims.size() > 1) return std::nullopt;
    values.insert(values.end(), t->values->begin(), t->values->end());
  }
  if (node.input_size() == 0 || values.size() > kMaxFoldedValues) return std::nullopt;
  StaticTensor out;
  out.dims = {static_cast<std::int64_t>(values.size())};
  out.values = std::move(values);
  return out;
}

}  // namespace

bool is_shape_operator(const std::string& op) {
  return op == "Shape" || op == "Size" || op == "Gather" || op == "Unsqueeze" || op == "Squeeze" || op == "Slice" ||
         op == "Cast";
}

std::optional<StaticTensor> fold_shape_node(const ::onnx::NodeProto& node, const GraphContext& c) {
  if (node.output_size() != 1 || node.output(0).empty()) return std::nullopt;
  const std::string& op = node.op_type();
  if (op == "Shape") return fold_shape(node, c);
  if (op == "Size") {
    const auto it = c.shapes.find(node.input_size() > 0 ? node.input(0) : std::string());
    if (it == c.shapes.end()) return std::nullopt;
    return vector_tensor({it->second.count()}, {});
  }
  if (op == "Gather") return fold_gather(node, c);
  if (op == "Unsqueeze") return fold_unsqueeze_squeeze(node, c, true);
  if (op == "Squeeze") return fold_unsqueeze_squeeze(node, c, false);
  if (op == "Slice") return fold_slice(node, c);
  if (op == "Concat") return fold_concat(node, c);
  if (op == "Cast") {
    const StaticTensor* t = node.input_size() > 0 ? constant(c, node.input(0)) : nullptr;
    if (t == nullptr) return std::nullopt;
    return *t;
  }
  return std::nullopt;
}

}  // namespace augur::onnx_import
