// Folding ONNX nodes whose inputs are all constants: dims always, values when small.
#include "sim/workload/onnx/constant_folding.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <set>

#include <fmt/format.h>

#include "sim/workload/onnx/node_attributes.h"
#include "sim/workload/onnx/shape_folding.h"

namespace augur::onnx_import {
namespace {

using TP = ::onnx::TensorProto;
using Dims = std::vector<std::int64_t>;

constexpr std::int64_t kMaxValues = 1 << 16;               // values computed up to this many elements
constexpr std::int64_t kMaxElements = std::int64_t{1} << 40;  // a folded constant (elements)
constexpr size_t kMaxRank = 32;

const std::set<std::string>& unary_ops() {
  static const std::set<std::string> ops{"Abs", "Ceil", "Exp", "Floor", "Identity", "Log", "Neg",
                                         "Not", "Reciprocal", "Relu", "Sigmoid", "Sqrt", "Tanh"};
  return ops;
}
const std::set<std::string>& broadcast_ops() {  // numpy-broadcasting element-wise, 2 or more inputs
  static const std::set<std::string> ops{"Add", "And", "Div", "Equal", "Greater", "GreaterOrEqual", "Less",
                                         "LessOrEqual", "Max", "Min", "Mod", "Mul", "Or", "Pow", "Sub", "Sum",
                                         "Where"};
  return ops;
}
const std::set<std::string>& structural_ops() {
  static const std::set<std::string> ops{"Cast", "Concat", "ConstantOfShape", "Expand", "Flatten", "Gather",
                                         "Range", "Reshape", "Shape", "Size", "Slice", "Squeeze", "Tile",
                                         "Transpose", "Unsqueeze"};
  return ops;
}

bool integer_type(int t) {
  return t == TP::INT8 || t == TP::UINT8 || t == TP::INT16 || t == TP::UINT16 || t == TP::INT32 || t == TP::INT64 ||
         t == TP::UINT32 || t == TP::UINT64 || t == TP::BOOL;
}

Dims strides_of(const Dims& dims) {
  Dims s(dims.size(), 1);
  for (size_t i = dims.size(); i-- > 1;) s[i - 1] = s[i] * dims[i];
  return s;
}

// Values of an output of `dims`, element by element: `source` maps a multi-index to a value.
std::vector<double> map_values(const Dims& dims, const std::function<double(const Dims&)>& source) {
  std::int64_t n = 1;
  for (auto d : dims) n *= d;
  std::vector<double> out;
  out.reserve(static_cast<size_t>(n));
  Dims index(dims.size(), 0);
  for (std::int64_t i = 0; i < n; ++i) {
    out.push_back(source(index));
    for (size_t a = dims.size(); a-- > 0;) {
      if (++index[a] < dims[a]) break;
      index[a] = 0;
    }
  }
  return out;
}

class Folder : public NodeAttributes<Folder> {
 public:
  Folder(const ::onnx::NodeProto& node, const std::string& label, const GraphContext& c)
      : node_(node), label_(label), c_(c) {}

  const ::onnx::NodeProto& node() const { return node_; }

  [[noreturn]] void fail(const std::string& message) const {
    throw UserError(fmt::format("{}: {}: folding constants: {}", c_.file, label_, message));
  }

  const std::string& op() const { return node_.op_type(); }
  bool has(int i) const { return i < node_.input_size() && !node_.input(i).empty(); }
  int inputs() const { return node_.input_size(); }

  const StaticTensor& in(int i, const char* role) const {
    if (!has(i)) fail(fmt::format("the {} (input {}) is missing", role, i));
    return c_.statics.at(node_.input(i));  // fold() runs only when every input is a constant
  }

  // Whole-number values of a constant input that sets a shape, axes, indices, ...
  Dims ints(int i, const char* role) const {
    const StaticTensor& t = in(i, role);
    if (!t.values) {
      fail(fmt::format("the {} (input {}, '{}') is {}; Augur needs its values inline", role, i, node_.input(i),
                       t.external ? "stored in an external file" : "too large or of a type Augur does not read"));
    }
    Dims out;
    for (double v : *t.values) {
      const auto w = whole_number(v);
      if (!w) fail(fmt::format("the {} (input {}) holds {}, not an integer", role, i, v));
      out.push_back(*w);
    }
    return out;
  }
  double scalar(int i, const char* role) const {
    const StaticTensor& t = in(i, role);
    if (!t.values || t.values->size() != 1) fail(fmt::format("the {} (input {}) must be one inline value", role, i));
    return t.values->front();
  }

  // Axes: from the attribute (older opsets) or input `i` (newer), if either is given.
  std::optional<Dims> axes(int i) const {
    if (auto a = attr_ints("axes")) return a;
    if (has(i)) return ints(i, "axes");
    return std::nullopt;
  }

  size_t axis_in(std::int64_t axis, size_t rank, const char* what) const {
    const auto r = static_cast<std::int64_t>(rank);
    if (axis < -r || axis >= r) fail(fmt::format("{} {} is out of range for {} axes", what, axis, rank));
    return static_cast<size_t>(axis < 0 ? axis + r : axis);
  }

  // A result of `dims`; `values` computed only when it is small and every input had values.
  StaticTensor make(Dims dims, int data_type, const std::function<std::vector<double>()>& values,
                    bool values_known) const {
    if (dims.size() > kMaxRank) fail(fmt::format("a result of {} axes (at most {})", dims.size(), kMaxRank));
    std::int64_t n = 1;
    for (auto d : dims) {
      if (d < 0) fail(fmt::format("a negative dimension {}", d));
      if (d > 0 && n > kMaxElements / d) fail(fmt::format("a result of more than 2^40 elements ({})", Shape{dims}.to_string()));
      n *= d;
    }
    StaticTensor t;
    t.dims = std::move(dims);
    t.data_type = data_type;
    if (values_known && n <= kMaxValues) t.values = values();
    return t;
  }

  bool all_values(std::initializer_list<int> which) const {
    for (int i : which) {
      if (has(i) && !c_.statics.at(node_.input(i)).values) return false;
    }
    return true;
  }

  StaticTensor fold() const;

 private:
  StaticTensor unary() const;
  StaticTensor broadcast() const;
  StaticTensor cast() const;
  StaticTensor reshape(const Dims& target) const;
  StaticTensor unsqueeze_squeeze(bool unsqueeze) const;
  StaticTensor flatten() const;
  StaticTensor transpose() const;
  StaticTensor concat() const;
  StaticTensor slice() const;
  StaticTensor gather() const;
  StaticTensor constant_of_shape() const;
  StaticTensor expand_or_tile(bool tile) const;
  StaticTensor range() const;

  const ::onnx::NodeProto& node_;
  const std::string& label_;
  const GraphContext& c_;
};

double apply_unary(const std::string& op, double x) {
  if (op == "Abs") return std::abs(x);
  if (op == "Ceil") return std::ceil(x);
  if (op == "Exp") return std::exp(x);
  if (op == "Floor") return std::floor(x);
  if (op == "Log") return std::log(x);
  if (op == "Neg") return -x;
  if (op == "Not") return x == 0 ? 1 : 0;
  if (op == "Reciprocal") return 1 / x;
  if (op == "Relu") return std::max(x, 0.0);
  if (op == "Sigmoid") return 1 / (1 + std::exp(-x));
  if (op == "Sqrt") return std::sqrt(x);
  if (op == "Tanh") return std::tanh(x);
  return x;  // Identity
}

StaticTensor Folder::unary() const {
  const StaticTensor& x = in(0, "input");
  return make(x.dims, x.data_type, [&] {
    std::vector<double> v;
    for (double e : *x.values) v.push_back(apply_unary(op(), e));
    return v;
  }, x.values.has_value());
}

// Element-wise operators with numpy broadcasting; integer Div and Mod truncate as C does (ONNX
// runtimes compute integer tensors in integer arithmetic).
StaticTensor Folder::broadcast() const {
  const bool where = op() == "Where";
  if (inputs() < (op() == "Sum" || op() == "Max" || op() == "Min" ? 1 : where ? 3 : 2)) fail("too few inputs");
  std::vector<const StaticTensor*> ts;
  Dims dims;
  for (int i = 0; i < inputs(); ++i) {
    const StaticTensor& t = in(i, "operand");
    const auto b = broadcast_dims(dims, t.dims);
    if (!b) {
      fail(fmt::format("operand {} ({}) does not broadcast with {}", i, Shape{t.dims}.to_string(), Shape{dims}.to_string()));
    }
    dims = *b;
    ts.push_back(&t);
  }
  const bool compare = op() == "Equal" || op() == "Less" || op() == "Greater" || op() == "LessOrEqual" ||
                       op() == "GreaterOrEqual" || op() == "And" || op() == "Or";
  const int type = compare ? TP::BOOL : ts[where ? 1 : 0]->data_type;
  const bool integer = integer_type(type);
  bool known = true;
  for (const auto* t : ts) known = known && t->values.has_value();
  return make(dims, type, [&] {
    const auto out_rank = dims.size();
    std::vector<Dims> in_strides;  // 0 along broadcast axes
    for (const auto* t : ts) {
      Dims s(out_rank, 0);
      const Dims own = strides_of(t->dims);
      for (size_t a = 0; a < t->dims.size(); ++a) {
        if (t->dims[a] != 1) s[out_rank - t->dims.size() + a] = own[a];
      }
      in_strides.push_back(s);
    }
    return map_values(dims, [&](const Dims& index) {
      auto value = [&](size_t k) {
        std::int64_t at = 0;
        for (size_t a = 0; a < out_rank; ++a) at += index[a] * in_strides[k][a];
        return (*ts[k]->values)[static_cast<size_t>(at)];
      };
      if (where) return value(0) != 0 ? value(1) : value(2);
      double acc = value(0);
      for (size_t k = 1; k < ts.size(); ++k) {
        const double b = value(k);
        const std::string& o = op();
        if (o == "Add" || o == "Sum") acc += b;
        else if (o == "Sub") acc -= b;
        else if (o == "Mul") acc *= b;
        else if (o == "Div") acc = integer ? (b == 0 ? 0 : std::trunc(acc / b)) : acc / b;
        else if (o == "Mod") acc = b == 0 ? 0 : std::fmod(acc, b);
        else if (o == "Pow") acc = std::pow(acc, b);
        else if (o == "Max") acc = std::max(acc, b);
        else if (o == "Min") acc = std::min(acc, b);
        else if (o == "Equal") acc = acc == b;
        else if (o == "Less") acc = acc < b;
        else if (o == "Greater") acc = acc > b;
        else if (o == "LessOrEqual") acc = acc <= b;
        else if (o == "GreaterOrEqual") acc = acc >= b;
        else if (o == "And") acc = acc != 0 && b != 0;
        else if (o == "Or") acc = acc != 0 || b != 0;
      }
      return acc;
    });
  }, known);
}

StaticTensor Folder::cast() const {
  const StaticTensor& x = in(0, "input");
  const int to = static_cast<int>(attr_int("to", TP::FLOAT));
  return make(x.dims, to, [&] {
    std::vector<double> v;
    for (double e : *x.values) v.push_back(to == TP::BOOL ? (e != 0) : integer_type(to) ? std::trunc(e) : e);
    return v;
  }, x.values.has_value());
}

// Reshape's rule: 0 copies the input's dim (unless allowzero), one -1 takes what is left.
StaticTensor Folder::reshape(const Dims& target) const {
  const StaticTensor& x = in(0, "data");
  const bool allow_zero = attr_int("allowzero", 0) != 0;
  Dims dims;
  int infer = -1;
  for (size_t i = 0; i < target.size(); ++i) {
    const auto d = target[i];
    if (d == 0 && !allow_zero) {
      if (i >= x.dims.size()) fail(fmt::format("shape entry {} is 0 (copy) but the data has {} axes", i, x.dims.size()));
      dims.push_back(x.dims[i]);
    } else if (d == -1) {
      if (infer >= 0) fail("the shape has more than one -1");
      infer = static_cast<int>(i);
      dims.push_back(1);
    } else if (d < 0) {
      fail(fmt::format("shape entry {} is {}", i, d));
    } else {
      dims.push_back(d);
    }
  }
  const std::int64_t n = x.count();
  std::int64_t known = 1;
  for (auto d : dims) known = checked_mul(known, d, "Reshape");
  if (infer >= 0) {
    if (known == 0 || n % known != 0) {
      fail(fmt::format("cannot reshape {} ({} elements) to {}", Shape{x.dims}.to_string(), n, Shape{target}.to_string()));
    }
    dims[static_cast<size_t>(infer)] = n / known;
  } else if (known != n) {
    fail(fmt::format("reshaping {} ({} elements) to {} ({} elements) changes the element count",
                     Shape{x.dims}.to_string(), n, Shape{dims}.to_string(), known));
  }
  return make(dims, x.data_type, [&] { return *x.values; }, x.values.has_value());
}

StaticTensor Folder::unsqueeze_squeeze(bool unsqueeze) const {
  const StaticTensor& x = in(0, "data");
  const auto a = axes(1);
  if (unsqueeze && !a) fail("the axes are missing");
  const DimsOrError r = unsqueeze ? unsqueeze_dims(x.dims, *a) : squeeze_dims(x.dims, a);
  if (!r.error.empty()) fail(r.error);
  return make(r.dims, x.data_type, [&] { return *x.values; }, x.values.has_value());
}

StaticTensor Folder::flatten() const {
  const StaticTensor& x = in(0, "input");
  const auto rank = static_cast<std::int64_t>(x.dims.size());
  std::int64_t axis = attr_int("axis", 1);
  if (axis < -rank || axis > rank) fail(fmt::format("axis {} is out of range for {} axes", axis, rank));
  if (axis < 0) axis += rank;
  const Shape s{x.dims};
  return make({s.count(0, static_cast<size_t>(axis)), s.count(static_cast<size_t>(axis), x.dims.size())}, x.data_type,
              [&] { return *x.values; }, x.values.has_value());
}

StaticTensor Folder::transpose() const {
  const StaticTensor& x = in(0, "data");
  Dims perm;
  if (auto p = attr_ints("perm")) {
    perm = *p;
  } else {
    for (size_t i = x.dims.size(); i-- > 0;) perm.push_back(static_cast<std::int64_t>(i));
  }
  if (perm.size() != x.dims.size()) fail(fmt::format("'perm' has {} axes, the data {}", perm.size(), x.dims.size()));
  std::vector<bool> seen(x.dims.size(), false);
  Dims dims;
  for (auto p : perm) {
    if (p < 0 || p >= static_cast<std::int64_t>(x.dims.size()) || seen[static_cast<size_t>(p)]) {
      fail("'perm' must name every axis exactly once");
    }
    seen[static_cast<size_t>(p)] = true;
    dims.push_back(x.dims[static_cast<size_t>(p)]);
  }
  return make(dims, x.data_type, [&] {
    const Dims in_strides = strides_of(x.dims);
    return map_values(dims, [&](const Dims& index) {
      std::int64_t at = 0;
      for (size_t a = 0; a < index.size(); ++a) at += index[a] * in_strides[static_cast<size_t>(perm[a])];
      return (*x.values)[static_cast<size_t>(at)];
    });
  }, x.values.has_value());
}

StaticTensor Folder::concat() const {
  if (inputs() < 1) fail("no inputs");
  const StaticTensor& first = in(0, "input");
  const size_t axis = axis_in(attr_int("axis", 0), first.dims.size(), "axis");
  Dims dims = first.dims;
  dims[axis] = 0;
  std::vector<const StaticTensor*> ts;
  bool known = true;
  for (int i = 0; i < inputs(); ++i) {
    const StaticTensor& t = in(i, "input");
    bool fits = t.dims.size() == first.dims.size();
    for (size_t a = 0; fits && a < t.dims.size(); ++a) fits = a == axis || t.dims[a] == first.dims[a];
    if (!fits) {
      fail(fmt::format("cannot concatenate {} and {} along axis {}", Shape{first.dims}.to_string(),
                       Shape{t.dims}.to_string(), axis));
    }
    dims[axis] += t.dims[axis];
    ts.push_back(&t);
    known = known && t.values.has_value();
  }
  return make(dims, first.data_type, [&] {
    return map_values(dims, [&](const Dims& index) {
      Dims local = index;
      size_t k = 0;
      while (local[axis] >= ts[k]->dims[axis]) local[axis] -= ts[k++]->dims[axis];
      const Dims s = strides_of(ts[k]->dims);
      std::int64_t at = 0;
      for (size_t a = 0; a < local.size(); ++a) at += local[a] * s[a];
      return (*ts[k]->values)[static_cast<size_t>(at)];
    });
  }, known);
}

StaticTensor Folder::slice() const {
  const StaticTensor& x = in(0, "data");
  Dims starts, ends, axes_list, steps;
  if (c_.opset < 10) {
    starts = attr_ints("starts").value_or(Dims{});
    ends = attr_ints("ends").value_or(Dims{});
    axes_list = attr_ints("axes").value_or(Dims{});
  } else {
    starts = ints(1, "starts");
    ends = ints(2, "ends");
    if (has(3)) axes_list = ints(3, "axes");
    if (has(4)) steps = ints(4, "steps");
  }
  if (starts.size() != ends.size()) fail(fmt::format("{} starts but {} ends", starts.size(), ends.size()));
  if (axes_list.empty()) {
    for (size_t i = 0; i < starts.size(); ++i) axes_list.push_back(static_cast<std::int64_t>(i));
  }
  if (steps.empty()) steps.assign(starts.size(), 1);
  if (axes_list.size() != starts.size() || steps.size() != starts.size()) fail("starts, ends, axes and steps differ in length");
  const size_t rank = x.dims.size();
  Dims first(rank, 0), step(rank, 1), dims = x.dims;
  std::vector<bool> seen(rank, false);
  for (size_t i = 0; i < starts.size(); ++i) {
    const size_t a = axis_in(axes_list[i], rank, "axis");
    if (seen[a]) fail(fmt::format("axis {} is sliced twice", a));
    seen[a] = true;
    if (steps[i] == 0) fail("a step is 0");
    step[a] = steps[i];
    first[a] = slice_first(starts[i], steps[i], x.dims[a]);
    dims[a] = slice_count(starts[i], ends[i], steps[i], x.dims[a]);
  }
  return make(dims, x.data_type, [&] {
    const Dims s = strides_of(x.dims);
    return map_values(dims, [&](const Dims& index) {
      std::int64_t at = 0;
      for (size_t a = 0; a < rank; ++a) at += (first[a] + index[a] * step[a]) * s[a];
      return (*x.values)[static_cast<size_t>(at)];
    });
  }, x.values.has_value());
}

// Gather: data.dims[:axis] + indices.dims + data.dims[axis+1:]; every index within
// [-size, size) of the axis.
StaticTensor Folder::gather() const {
  const StaticTensor& x = in(0, "data");
  const StaticTensor& idx = in(1, "indices");
  if (x.dims.empty()) fail("the data is a scalar (Gather needs at least one axis)");
  const size_t axis = axis_in(attr_int("axis", 0), x.dims.size(), "axis");
  const std::int64_t size = x.dims[axis];
  Dims indices;
  if (idx.values) {
    indices = ints(1, "indices");
    for (auto i : indices) {
      if (i < -size || i >= size) {
        fail(fmt::format("index {} is out of range for axis {} of {} ({} elements)", i, axis,
                         Shape{x.dims}.to_string(), size));
      }
    }
  }
  Dims dims(x.dims.begin(), x.dims.begin() + static_cast<long>(axis));
  dims.insert(dims.end(), idx.dims.begin(), idx.dims.end());
  dims.insert(dims.end(), x.dims.begin() + static_cast<long>(axis) + 1, x.dims.end());
  return make(dims, x.data_type, [&] {
    const Dims s = strides_of(x.dims);
    const size_t k = idx.dims.size();
    return map_values(dims, [&](const Dims& index) {
      std::int64_t flat_index = 0;  // position in `indices`
      for (size_t a = 0; a < k; ++a) flat_index = flat_index * idx.dims[a] + index[axis + a];
      std::int64_t i = indices[static_cast<size_t>(flat_index)];
      if (i < 0) i += size;
      std::int64_t at = 0;
      for (size_t a = 0; a < x.dims.size(); ++a) {
        const std::int64_t coordinate = a < axis ? index[a] : a == axis ? i : index[a + k - 1];
        at += coordinate * s[a];
      }
      return (*x.values)[static_cast<size_t>(at)];
    });
  }, x.values.has_value() && idx.values.has_value());
}

StaticTensor Folder::constant_of_shape() const {
  const Dims dims = ints(0, "shape");
  double value = 0;
  int type = TP::FLOAT;
  if (const auto* a = attribute("value")) {
    if (a->type() != ::onnx::AttributeProto::TENSOR) fail("attribute 'value' must be a tensor");
    const StaticTensor v = static_tensor(a->t(), c_.file + ": ConstantOfShape value");
    if (v.count() != 1) fail("attribute 'value' must hold one element");
    type = v.data_type;
    value = v.values ? v.values->front() : 0;
  }
  for (auto d : dims) {
    if (d < 0) fail(fmt::format("the shape holds {}", d));
  }
  return make(dims, type, [&] { return std::vector<double>(static_cast<size_t>(Shape{dims}.count()), value); }, true);
}

// Expand: the data broadcast with the shape (both ways). Tile: each axis repeated.
StaticTensor Folder::expand_or_tile(bool tile) const {
  const StaticTensor& x = in(0, "input");
  const Dims arg = ints(1, tile ? "repeats" : "shape");
  Dims dims;
  if (tile) {
    if (arg.size() != x.dims.size()) fail(fmt::format("{} repeats for {} axes", arg.size(), x.dims.size()));
    for (size_t a = 0; a < arg.size(); ++a) {
      if (arg[a] < 0) fail(fmt::format("repeat {} is negative", arg[a]));
      dims.push_back(checked_mul(x.dims[a], arg[a], "Tile"));
    }
  } else {
    for (auto d : arg) {
      if (d < 0) fail(fmt::format("the shape holds {}", d));
    }
    const auto b = broadcast_dims(x.dims, arg);
    if (!b) fail(fmt::format("{} does not broadcast to {}", Shape{x.dims}.to_string(), Shape{arg}.to_string()));
    dims = *b;
  }
  return make(dims, x.data_type, [&] {
    const Dims s = strides_of(x.dims);
    const size_t offset = dims.size() - x.dims.size();
    return map_values(dims, [&](const Dims& index) {
      std::int64_t at = 0;
      for (size_t a = 0; a < x.dims.size(); ++a) {
        const std::int64_t i = index[a + offset];
        at += (tile ? i % x.dims[a] : (x.dims[a] == 1 ? 0 : i)) * s[a];
      }
      return (*x.values)[static_cast<size_t>(at)];
    });
  }, x.values.has_value());
}

// Range: max(ceil((limit - start) / delta), 0) values start, start + delta, ...
StaticTensor Folder::range() const {
  const double start = scalar(0, "start"), limit = scalar(1, "limit"), delta = scalar(2, "delta");
  if (delta == 0) fail("delta is 0");
  const double n = std::max(std::ceil((limit - start) / delta), 0.0);
  if (!(n <= static_cast<double>(kMaxElements))) fail("more than 2^40 elements");
  const auto count = static_cast<std::int64_t>(n);
  return make({count}, in(0, "start").data_type, [&] {
    std::vector<double> v;
    for (std::int64_t i = 0; i < count; ++i) v.push_back(start + static_cast<double>(i) * delta);
    return v;
  }, true);
}

StaticTensor Folder::fold() const {
  const std::string& o = op();
  if (unary_ops().count(o) > 0) return unary();
  if (broadcast_ops().count(o) > 0) return broadcast();
  if (o == "Cast") return cast();
  if (o == "Reshape") return reshape(ints(1, "shape"));
  if (o == "Unsqueeze") return unsqueeze_squeeze(true);
  if (o == "Squeeze") return unsqueeze_squeeze(false);
  if (o == "Flatten") return flatten();
  if (o == "Transpose") return transpose();
  if (o == "Concat") return concat();
  if (o == "Slice") return slice();
  if (o == "Gather") return gather();
  if (o == "ConstantOfShape") return constant_of_shape();
  if (o == "Expand") return expand_or_tile(false);
  if (o == "Tile") return expand_or_tile(true);
  if (o == "Range") return range();
  if (o == "Shape" || o == "Size") {  // of a constant
    const StaticTensor& x = in(0, "data");
    if (o == "Size") return make({}, TP::INT64, [&] { return std::vector<double>{static_cast<double>(x.count())}; }, true);
    const auto rank = static_cast<std::int64_t>(x.dims.size());
    const std::int64_t start = std::clamp<std::int64_t>(attr_int("start", 0) < 0 ? attr_int("start", 0) + rank : attr_int("start", 0), 0, rank);
    const std::int64_t end = std::clamp<std::int64_t>(attr_int("end", rank) < 0 ? attr_int("end", rank) + rank : attr_int("end", rank), 0, rank);
    Dims values(x.dims.begin() + start, x.dims.begin() + std::max(start, end));
    return make({static_cast<std::int64_t>(values.size())}, TP::INT64,
                [&] { return std::vector<double>(values.begin(), values.end()); }, true);
  }
  throw InternalError("fold() called for " + o);
}

}  // namespace

std::vector<std::string> foldable_operators() {
  std::set<std::string> all(unary_ops().begin(), unary_ops().end());
  all.insert(broadcast_ops().begin(), broadcast_ops().end());
  all.insert(structural_ops().begin(), structural_ops().end());
  return {all.begin(), all.end()};
}

std::optional<StaticTensor> fold_constant_node(const ::onnx::NodeProto& node, const std::string& label,
                                               const GraphContext& context) {
  const std::string& op = node.op_type();
  if (node.output_size() != 1 || node.output(0).empty()) return std::nullopt;
  if (unary_ops().count(op) == 0 && broadcast_ops().count(op) == 0 && structural_ops().count(op) == 0) {
    return std::nullopt;
  }
  if ((op == "Shape" || op == "Size") && node.input_size() > 0 && context.statics.count(node.input(0)) == 0) {
    return fold_shape_node(node, context);  // the shape of an activation
  }
  bool any = false;
  for (const auto& in : node.input()) {
    if (in.empty()) continue;
    if (context.statics.count(in) == 0) return std::nullopt;
    any = true;
  }
  if (!any && op != "Range") return std::nullopt;
  return Folder(node, label, context).fold();
}

DimsOrError unsqueeze_dims(const Dims& dims, const Dims& axes) {
  const auto out_rank = static_cast<std::int64_t>(dims.size() + axes.size());
  std::vector<bool> inserted(static_cast<size_t>(out_rank), false);
  for (auto a : axes) {
    if (a < -out_rank || a >= out_rank) {
      return {{}, fmt::format("axis {} is out of range for a result of {} axes", a, out_rank)};
    }
    const auto i = static_cast<size_t>(a < 0 ? a + out_rank : a);
    if (inserted[i]) return {{}, fmt::format("axis {} is listed twice", i)};
    inserted[i] = true;
  }
  Dims out;
  size_t next = 0;
  for (size_t i = 0; i < inserted.size(); ++i) out.push_back(inserted[i] ? 1 : dims[next++]);
  return {out, ""};
}

DimsOrError squeeze_dims(const Dims& dims, const std::optional<Dims>& axes) {
  const auto rank = static_cast<std::int64_t>(dims.size());
  std::vector<bool> removed(dims.size(), !axes);
  if (axes) {
    for (auto a : *axes) {
      if (a < -rank || a >= rank) return {{}, fmt::format("axis {} is out of range for {} axes", a, rank)};
      const auto i = static_cast<size_t>(a < 0 ? a + rank : a);
      if (dims[i] != 1) return {{}, fmt::format("axis {} has {} elements; only axes of 1 can be squeezed", i, dims[i])};
      removed[i] = true;
    }
  }
  Dims out;
  for (size_t i = 0; i < dims.size(); ++i) {
    if (!(removed[i] && dims[i] == 1)) out.push_back(dims[i]);
  }
  return {out, ""};
}

}  // namespace augur::onnx_import
