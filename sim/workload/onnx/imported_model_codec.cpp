// ImportedModel <-> bytes. One `put`/`get` pair per type, written field by field in declaration
// order; a struct that gains a field gains it in both functions of its pair (the round-trip test
// in tests/unit/test_imported_model_codec.cpp imports every shipped ONNX model and compares).
#include "sim/workload/onnx/imported_model_codec.h"

#include <cstring>
#include <type_traits>

#include <fmt/format.h>

#include "sim/core/error.h"

namespace augur::onnx_import {
namespace {

// Written first; a helper of another build (another layout) is refused, not misread.
constexpr char kTag[] = "augur-onnx-import v1\n";

class Writer {
 public:
  void bytes(const void* p, size_t n) { out_.append(static_cast<const char*>(p), n); }
  template <typename T>
  void scalar(T v) {
    static_assert(std::is_arithmetic_v<T>);
    bytes(&v, sizeof v);
  }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

class Reader {
 public:
  explicit Reader(const std::string& in) : in_(in) {}
  void bytes(void* p, size_t n) {
    if (n > in_.size() - at_) fail("it ends early");
    std::memcpy(p, in_.data() + at_, n);
    at_ += n;
  }
  template <typename T>
  T scalar() {
    T v{};
    bytes(&v, sizeof v);
    return v;
  }
  size_t count() {  // a list length: at most the bytes left, so a corrupt one cannot allocate much
    const auto n = scalar<std::uint64_t>();
    if (n > in_.size() - at_) fail("a length exceeds the bytes left");
    return static_cast<size_t>(n);
  }
  bool at_end() const { return at_ == in_.size(); }
  [[noreturn]] void fail(const std::string& why) const {
    throw InternalError(fmt::format("the reply of augur-onnx-import is malformed at byte {} of {}: {}", at_,
                                    in_.size(), why));
  }

 private:
  const std::string& in_;
  size_t at_ = 0;
};

// Scalars, enums, strings, lists, optionals, maps.
template <typename T>
  requires std::is_arithmetic_v<T>
void put(Writer& w, T v) { w.scalar(v); }
template <typename T>
  requires std::is_arithmetic_v<T>
void get(Reader& r, T& v) { v = r.scalar<T>(); }

template <typename E>
  requires std::is_enum_v<E>
void put(Writer& w, E e) { w.scalar(static_cast<std::int32_t>(e)); }
// `last` is the enum's last value: anything outside [0, last] is refused.
template <typename E>
void get_enum(Reader& r, E& e, E last) {
  const auto v = r.scalar<std::int32_t>();
  if (v < 0 || v > static_cast<std::int32_t>(last)) r.fail(fmt::format("enum value {} is out of range", v));
  e = static_cast<E>(v);
}

void put(Writer& w, const std::string& s) {
  w.scalar(static_cast<std::uint64_t>(s.size()));
  w.bytes(s.data(), s.size());
}
void get(Reader& r, std::string& s) {
  s.resize(r.count());
  r.bytes(s.data(), s.size());
}

void put(Writer& w, bool b) { w.scalar(static_cast<std::uint8_t>(b ? 1 : 0)); }
void get(Reader& r, bool& b) {
  const auto v = r.scalar<std::uint8_t>();
  if (v > 1) r.fail("a flag is neither 0 nor 1");
  b = v == 1;
}

template <typename T>
void put(Writer& w, const std::vector<T>& list) {
  w.scalar(static_cast<std::uint64_t>(list.size()));
  for (const auto& x : list) put(w, x);
}
template <typename T>
void get(Reader& r, std::vector<T>& list) {
  list.resize(r.count());
  for (auto& x : list) get(r, x);
}

template <typename T>
void put(Writer& w, const std::optional<T>& o) {
  put(w, o.has_value());
  if (o) put(w, *o);
}
template <typename T>
void get(Reader& r, std::optional<T>& o) {
  bool has = false;
  get(r, has);
  o.reset();
  if (has) get(r, o.emplace());
}

template <typename V>
void put(Writer& w, const std::map<std::string, V>& m) {
  w.scalar(static_cast<std::uint64_t>(m.size()));
  for (const auto& [k, v] : m) {
    put(w, k);
    put(w, v);
  }
}
template <typename V>
void get(Reader& r, std::map<std::string, V>& m) {
  m.clear();
  const size_t n = r.count();
  for (size_t i = 0; i < n; ++i) {
    std::string k;
    get(r, k);
    get(r, m[k]);
  }
}

// The structs of layer.h and shape.h.
void put(Writer& w, const Shape& s) { put(w, s.dims); }
void get(Reader& r, Shape& s) { get(r, s.dims); }

void put(Writer& w, const SourceLocation& s) {
  put(w, s.file);
  put(w, s.line);
  put(w, s.column);
}
void get(Reader& r, SourceLocation& s) {
  get(r, s.file);
  get(r, s.line);
  get(r, s.column);
}

void put(Writer& w, const Window& x) {
  for (int v : {x.kernel_h, x.kernel_w, x.stride_h, x.stride_w, x.pad_h, x.pad_w, x.dilation_h, x.dilation_w}) put(w, v);
  put(w, x.pad_bottom);
  put(w, x.pad_right);
}
void get(Reader& r, Window& x) {
  for (int* v : {&x.kernel_h, &x.kernel_w, &x.stride_h, &x.stride_w, &x.pad_h, &x.pad_w, &x.dilation_h, &x.dilation_w}) {
    get(r, *v);
  }
  get(r, x.pad_bottom);
  get(r, x.pad_right);
}

void put(Writer&, const std::monostate&) {}
void get(Reader&, std::monostate&) {}

void put(Writer& w, const InputParams& p) { put(w, p.shapes); }
void get(Reader& r, InputParams& p) { get(r, p.shapes); }

void put(Writer& w, const ConvolutionParams& p) {
  put(w, p.num_output);
  put(w, p.bias_term);
  put(w, p.group);
  put(w, p.window);
  put(w, p.engine);
}
void get(Reader& r, ConvolutionParams& p) {
  get(r, p.num_output);
  get(r, p.bias_term);
  get(r, p.group);
  get(r, p.window);
  get(r, p.engine);
}

void put(Writer& w, const InnerProductParams& p) {
  put(w, p.num_output);
  put(w, p.bias_term);
  put(w, p.axis);
  put(w, p.transpose);
}
void get(Reader& r, InnerProductParams& p) {
  get(r, p.num_output);
  get(r, p.bias_term);
  get(r, p.axis);
  get(r, p.transpose);
}

void put(Writer& w, const PoolingParams& p) {
  put(w, p.method);
  put(w, p.window);
  put(w, p.global);
  put(w, p.ceil_mode);
  put(w, p.clip_last_window);
}
void get(Reader& r, PoolingParams& p) {
  get_enum(r, p.method, PoolingParams::Method::Stochastic);
  get(r, p.window);
  get(r, p.global);
  get(r, p.ceil_mode);
  get(r, p.clip_last_window);
}

void put(Writer& w, const LrnParams& p) {
  put(w, p.local_size);
  put(w, p.region);
}
void get(Reader& r, LrnParams& p) {
  get(r, p.local_size);
  get_enum(r, p.region, LrnParams::Region::WithinChannel);
}

void put(Writer& w, const EltwiseParams& p) {
  put(w, p.operation);
  put(w, p.broadcast);
}
void get(Reader& r, EltwiseParams& p) {
  get_enum(r, p.operation, EltwiseParams::Operation::Max);
  get(r, p.broadcast);
}

void put(Writer& w, const AxisParams& p) { put(w, p.axis); }
void get(Reader& r, AxisParams& p) { get(r, p.axis); }

void put(Writer& w, const SliceParams& p) {
  put(w, p.axis);
  put(w, p.slice_points);
}
void get(Reader& r, SliceParams& p) {
  get(r, p.axis);
  get(r, p.slice_points);
}

void put(Writer& w, const ScaleBiasParams& p) {
  put(w, p.axis);
  put(w, p.num_axes);
  put(w, p.bias_term);
}
void get(Reader& r, ScaleBiasParams& p) {
  get(r, p.axis);
  get(r, p.num_axes);
  get(r, p.bias_term);
}

void put(Writer& w, const FlattenParams& p) {
  put(w, p.axis);
  put(w, p.end_axis);
}
void get(Reader& r, FlattenParams& p) {
  get(r, p.axis);
  get(r, p.end_axis);
}

void put(Writer& w, const ReshapeParams& p) {
  put(w, p.dims);
  put(w, p.axis);
  put(w, p.num_axes);
}
void get(Reader& r, ReshapeParams& p) {
  get(r, p.dims);
  get(r, p.axis);
  get(r, p.num_axes);
}

void put(Writer& w, const PReluParams& p) { put(w, p.channel_shared); }
void get(Reader& r, PReluParams& p) { get(r, p.channel_shared); }

void put(Writer& w, const BatchNormParams& p) {
  put(w, p.scale_and_shift);
  put(w, p.moving_average_factor);
}
void get(Reader& r, BatchNormParams& p) {
  get(r, p.scale_and_shift);
  get(r, p.moving_average_factor);
}

void put(Writer& w, const ClipParams& p) {
  put(w, p.min);
  put(w, p.max);
}
void get(Reader& r, ClipParams& p) {
  get(r, p.min);
  get(r, p.max);
}

void put(Writer& w, const PermuteParams& p) { put(w, p.order); }
void get(Reader& r, PermuteParams& p) { get(r, p.order); }

void put(Writer& w, const PadParams& p) {
  put(w, p.begin);
  put(w, p.end);
}
void get(Reader& r, PadParams& p) {
  get(r, p.begin);
  get(r, p.end);
}

void put(Writer& w, const UnmodelledParams& p) {
  put(w, p.op_type);
  put(w, p.output_shapes);
}
void get(Reader& r, UnmodelledParams& p) {
  get(r, p.op_type);
  get(r, p.output_shapes);
}

void put(Writer& w, const ReduceParams& p) {
  put(w, p.method);
  put(w, p.axes);
  put(w, p.keepdims);
}
void get(Reader& r, ReduceParams& p) {
  get_enum(r, p.method, ReduceParams::Method::Sum);
  get(r, p.axes);
  get(r, p.keepdims);
}

void put(Writer& w, const ResizeParams& p) {
  put(w, p.mode);
  put(w, p.scales);
  put(w, p.sizes);
}
void get(Reader& r, ResizeParams& p) {
  get_enum(r, p.mode, ResizeParams::Mode::Linear);
  get(r, p.scales);
  get(r, p.sizes);
}

void put(Writer& w, const ExpandParams& p) { put(w, p.dims); }
void get(Reader& r, ExpandParams& p) { get(r, p.dims); }

void put(Writer& w, const StridedSliceParams& p) {
  put(w, p.starts);
  put(w, p.ends);
  put(w, p.steps);
}
void get(Reader& r, StridedSliceParams& p) {
  get(r, p.starts);
  get(r, p.ends);
  get(r, p.steps);
}

// The variant: its index, then the alternative.
void put(Writer& w, const LayerParams& p) {
  w.scalar(static_cast<std::uint32_t>(p.index()));
  std::visit([&](const auto& alternative) { put(w, alternative); }, p);
}

template <size_t I>
void get_alternative(Reader& r, LayerParams& p, size_t index) {
  if constexpr (I < std::variant_size_v<LayerParams>) {
    if (index == I) {
      get(r, p.emplace<I>());
      return;
    }
    get_alternative<I + 1>(r, p, index);
  } else {
    r.fail(fmt::format("layer parameters of kind {} do not exist", index));
  }
}
void get(Reader& r, LayerParams& p) { get_alternative<0>(r, p, r.scalar<std::uint32_t>()); }

void put(Writer& w, const Layer& l) {
  put(w, l.name);
  put(w, l.kind);
  put(w, l.bottoms);
  put(w, l.tops);
  put(w, l.written_bottoms);
  put(w, l.params);
  put(w, l.where);
  put(w, l.implicit);
  put(w, l.bottom_shapes);
  put(w, l.top_shapes);
}
void get(Reader& r, Layer& l) {
  get(r, l.name);
  get_enum(r, l.kind, LayerKind::Unmodelled);
  get(r, l.bottoms);
  get(r, l.tops);
  get(r, l.written_bottoms);
  get(r, l.params);
  get(r, l.where);
  get(r, l.implicit);
  get(r, l.bottom_shapes);
  get(r, l.top_shapes);
}

}  // namespace

std::string encode_imported_model(const ImportedModel& model) {
  Writer w;
  w.bytes(kTag, sizeof kTag - 1);
  put(w, model.name);
  put(w, model.layers);
  put(w, model.notes);
  put(w, model.unmodelled);
  put(w, model.folded_nodes);
  put(w, model.onnx_shapes);
  put(w, model.weight_elements);
  return w.take();
}

ImportedModel decode_imported_model(const std::string& bytes) {
  Reader r(bytes);
  char tag[sizeof kTag - 1];
  r.bytes(tag, sizeof tag);
  if (std::memcmp(tag, kTag, sizeof tag) != 0) r.fail("it does not start with the tag of this build");
  ImportedModel model;
  get(r, model.name);
  get(r, model.layers);
  get(r, model.notes);
  get(r, model.unmodelled);
  get(r, model.folded_nodes);
  get(r, model.onnx_shapes);
  get(r, model.weight_elements);
  if (!r.at_end()) r.fail("bytes follow the model");
  return model;
}

}  // namespace augur::onnx_import
