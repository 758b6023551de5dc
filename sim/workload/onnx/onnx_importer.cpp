// Reading ONNX models: parse, bind dimensions, check, sort, infer shapes, convert.
#include "sim/workload/onnx/onnx_importer.h"

#include <algorithm>
#include <fstream>
#include <queue>
#include <set>
#include <sstream>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>

#include <fmt/format.h>
#include <onnx/checker.h>
#include <onnx/defs/schema.h>
#include <onnx/shape_inference/implementation.h>

#include "sim/core/file_input.h"
#include "sim/workload/onnx/node_conversion.h"
#include "sim/workload/onnx/constant_folding.h"

namespace augur::onnx_import {
namespace {

constexpr int kMaxFoldPasses = 16;  // folding and ONNX's inference alternate at most this often
constexpr int kMinOpset = 7;                       // older opsets changed BatchNormalization, Dropout, ...
constexpr std::int64_t kMaxDim = std::int64_t{1} << 30;  // one input dimension
constexpr std::int64_t kMaxFileBytes = std::int64_t{1} << 31;  // protobuf's limit

int max_opset() {
  return ::onnx::OpSchemaRegistry::DomainToVersionRange::Instance().Map().at(::onnx::ONNX_DOMAIN).second;
}

bool default_domain(const std::string& domain) { return domain.empty() || domain == "ai.onnx"; }

std::string first_line(const std::string& text) {
  const auto end = text.find('\n');
  return end == std::string::npos ? text : text.substr(0, end);
}

std::string node_label(const ::onnx::NodeProto& node, size_t index) {
  return fmt::format("node {} '{}' ({})", index, node.name().empty() ? std::string("<unnamed>") : node.name(),
                     node.op_type());
}

::onnx::ModelProto parse_model(const std::string& bytes, const std::string& file) {
  ::onnx::ModelProto model;
  if (bytes.empty()) throw UserError(file + ": empty file (an ONNX model was expected)");
  if (!model.ParseFromString(bytes)) {
    throw UserError(file + ": not an ONNX model: its protobuf data could not be parsed (a truncated file, or not a "
                           ".onnx file)");
  }
  if (!model.has_graph()) throw UserError(file + ": the model has no graph");
  return model;
}

int check_opset(const ::onnx::ModelProto& model, const std::string& file) {
  if (model.ir_version() > ::onnx::IR_VERSION) {
    throw UserError(fmt::format("{}: IR version {} is newer than the ONNX library Augur uses reads (IR {}, ONNX 1.12)",
                                file, model.ir_version(), static_cast<int>(::onnx::IR_VERSION)));
  }
  std::optional<std::int64_t> opset;
  for (const auto& o : model.opset_import()) {
    if (default_domain(o.domain())) opset = o.version();
  }
  if (!opset) throw UserError(file + ": the model imports no opset of the default ONNX domain");
  if (*opset < kMinOpset || *opset > max_opset()) {
    throw UserError(fmt::format("{}: opset {} of the default domain: Augur reads opsets {} to {} (ONNX 1.12); "
                                "convert the model with onnx.version_converter",
                                file, *opset, kMinOpset, max_opset()));
  }
  return static_cast<int>(*opset);
}

// Replaces every symbolic or unknown dimension of the graph inputs with a value: dimension 0 is
// the batch (--batch, else 1), named ones come from --dim. Fixed dims stay, except dim 0 under
// --batch (as Caffe's --batch replaces the file's).
void bind_input_dims(::onnx::GraphProto& graph, const std::set<std::string>& initializers, const ImportOptions& options,
                     const std::string& file, std::vector<std::string>& notes) {
  std::set<std::string> used;
  std::vector<std::string> unbound;
  std::set<std::string> symbols;
  for (auto& input : *graph.mutable_input()) {
    if (initializers.count(input.name()) > 0) continue;
    if (!input.type().has_tensor_type()) {
      throw UserError(fmt::format("{}: graph input '{}' is not a tensor", file, input.name()));
    }
    auto* tensor = input.mutable_type()->mutable_tensor_type();
    if (!tensor->has_shape()) {
      throw UserError(fmt::format("{}: graph input '{}' has no shape; Augur needs its dimensions", file, input.name()));
    }
    for (int i = 0; i < tensor->shape().dim_size(); ++i) {
      auto* dim = tensor->mutable_shape()->mutable_dim(i);
      std::optional<std::int64_t> value;
      const std::string symbol = dim->has_dim_param() ? dim->dim_param() : std::string();
      if (!symbol.empty()) symbols.insert(symbol);
      if (!symbol.empty() && options.dims.count(symbol) > 0) {
        value = options.dims.at(symbol);
        used.insert(symbol);
      } else if (i == 0 && options.batch) {
        value = *options.batch;
      } else if (dim->has_dim_value() && dim->dim_value() > 0) {
        value = dim->dim_value();
      } else if (i == 0) {
        value = 1;
        notes.push_back(fmt::format("input '{}': the batch dimension{} is dynamic; using 1 (set it with --batch)",
                                    input.name(), symbol.empty() ? "" : " '" + symbol + "'"));
      } else {
        unbound.push_back(symbol.empty() ? fmt::format("input '{}' dimension {} has no value (give the model fixed "
                                                       "dimensions)",
                                                       input.name(), i)
                                         : fmt::format("input '{}' dimension {} is symbolic ('{}'); bind it as a named "
                                                       "input dimension {}=VALUE",
                                                       input.name(), i, symbol, symbol));
        continue;
      }
      if (*value < 1 || *value > kMaxDim) {
        throw UserError(fmt::format("{}: input '{}' dimension {} = {} is outside [1, {}]", file, input.name(), i,
                                    *value, kMaxDim));
      }
      dim->set_dim_value(*value);
    }
  }
  if (!unbound.empty()) {
    std::string message = file + ": ";
    for (size_t i = 0; i < unbound.size(); ++i) message += (i ? "; " : "") + unbound[i];
    throw UserError(message);
  }
  for (const auto& [name, value] : options.dims) {
    if (used.count(name) == 0) {
      std::string known;
      for (const auto& s : symbols) known += (known.empty() ? "" : ", ") + s;
      throw UserError(fmt::format("named input dimension {}={}: no graph input of {} has a dimension named '{}' (symbolic "
                                  "dimensions: {})",
                                  name, value, file, name, known.empty() ? "none" : known));
    }
  }
}

// Puts the nodes in topological order (keeping the file's order where it is one). Throws for a
// value written twice, an input nobody provides, and a cycle.
void sort_nodes(::onnx::GraphProto& graph, const std::set<std::string>& provided, const std::string& file) {
  const int n = graph.node_size();
  std::map<std::string, int> producer;
  for (int i = 0; i < n; ++i) {
    for (const auto& out : graph.node(i).output()) {
      if (out.empty()) continue;
      if (provided.count(out) > 0 || producer.count(out) > 0) {
        throw UserError(fmt::format("{}: {} writes '{}', which {} already provides", file,
                                    node_label(graph.node(i), static_cast<size_t>(i)), out,
                                    provided.count(out) > 0 ? "an initializer or graph input"
                                                            : node_label(graph.node(producer[out]),
                                                                         static_cast<size_t>(producer[out]))));
      }
      producer[out] = i;
    }
  }
  std::vector<std::vector<int>> successors(static_cast<size_t>(n));
  std::vector<int> waiting(static_cast<size_t>(n), 0);
  for (int i = 0; i < n; ++i) {
    std::set<int> from;
    for (const auto& in : graph.node(i).input()) {
      if (in.empty() || provided.count(in) > 0) continue;
      const auto it = producer.find(in);
      if (it == producer.end()) {
        throw UserError(fmt::format("{}: {} reads '{}', which no node, initializer or graph input provides (a "
                                    "missing initializer?)",
                                    file, node_label(graph.node(i), static_cast<size_t>(i)), in));
      }
      from.insert(it->second);
    }
    for (int f : from) successors[static_cast<size_t>(f)].push_back(i);
    waiting[static_cast<size_t>(i)] = static_cast<int>(from.size());
  }
  std::priority_queue<int, std::vector<int>, std::greater<>> ready;
  for (int i = 0; i < n; ++i) {
    if (waiting[static_cast<size_t>(i)] == 0) ready.push(i);
  }
  std::vector<int> order;
  while (!ready.empty()) {
    const int i = ready.top();
    ready.pop();
    order.push_back(i);
    for (int s : successors[static_cast<size_t>(i)]) {
      if (--waiting[static_cast<size_t>(s)] == 0) ready.push(s);
    }
  }
  if (static_cast<int>(order.size()) < n) {
    std::string stuck;
    int listed = 0;
    for (int i = 0; i < n && listed < 5; ++i) {
      if (waiting[static_cast<size_t>(i)] > 0) {
        stuck += (listed++ ? ", " : "") + node_label(graph.node(i), static_cast<size_t>(i));
      }
    }
    throw UserError(fmt::format("{}: the graph has a cycle: {} wait on each other's outputs", file, stuck));
  }
  ::google::protobuf::RepeatedPtrField<::onnx::NodeProto> sorted;
  for (int i : order) *sorted.Add() = graph.node(i);
  graph.mutable_node()->Swap(&sorted);
}

// Attributes that ONNX 1.12's shape-inference functions divide by or index with, checked before
// they run (a stride of 0 reaches a division in convPoolShapeInference; found by fuzz_onnx).
// Applied to every node, unknown operators included, since inference runs on all of them.
void check_inference_attributes(const ::onnx::NodeProto& node, const std::string& label, const std::string& file) {
  for (const auto& a : node.attribute()) {
    const std::string& name = a.name();
    const bool positive_list = name == "strides" || name == "dilations" || name == "kernel_shape";
    if (positive_list && a.type() == ::onnx::AttributeProto::INTS) {
      for (auto v : a.ints()) {
        if (v < 1) throw UserError(fmt::format("{}: {}: attribute '{}' holds {}; it must be positive", file, label, name, v));
      }
    }
    if (name == "group" && a.type() == ::onnx::AttributeProto::INT && a.i() < 1) {
      throw UserError(fmt::format("{}: {}: attribute 'group' is {}; it must be positive", file, label, a.i()));
    }
    if (name == "pads" && node.op_type() != "Pad" && a.type() == ::onnx::AttributeProto::INTS) {
      for (auto v : a.ints()) {
        if (v < 0) throw UserError(fmt::format("{}: {}: attribute 'pads' holds {}; it must not be negative", file, label, v));
      }
    }
  }
}

// ONNX's shape inference (strict, with data propagation) on `model`, in this process.
void infer_shapes_here(::onnx::ModelProto& model) {
  ::onnx::ShapeInferenceOptions options(/*check_type=*/true, /*error_mode=*/1, /*data_propagation=*/true);
  ::onnx::shape_inference::InferShapes(model, ::onnx::OpSchemaRegistry::Instance(), options);
}

// ONNX's shape inference, run in a child process. libonnx 1.12's inference functions trust their
// inputs: fuzz_onnx found a division by a zero stride and a read out of bounds for a convolution
// whose input has fewer axes than its weight, and operators imported with --allow-unknown bring
// inference functions Augur cannot vet. A crash in the child becomes a UserError; the parent
// gets the inferred model back through a pipe. Replaces `model` with the inferred one.
void infer_shapes_isolated(::onnx::ModelProto& model, const std::string& file) {
  (void)::onnx::OpSchemaRegistry::Instance();  // initialised before fork, never inside the child
  int fds[2];
  if (pipe(fds) != 0) throw InternalError("pipe() failed before ONNX shape inference");
  const pid_t pid = fork();
  if (pid < 0) {
    close(fds[0]);
    close(fds[1]);
    throw InternalError("fork() failed before ONNX shape inference");
  }
  if (pid == 0) {  // the child: infer, write "O<model>" or "E<message>", exit without cleanup
    close(fds[0]);
    for (int sig : {SIGSEGV, SIGFPE, SIGBUS, SIGILL, SIGABRT}) {
      struct sigaction action {};
      action.sa_handler = SIG_DFL;
      sigaction(sig, &action, nullptr);
    }
    alarm(60);
    std::string reply;
    try {
      infer_shapes_here(model);
      reply = "O" + model.SerializeAsString();
    } catch (const std::exception& e) {
      reply = "E" + first_line(e.what());
    }
    size_t at = 0;
    while (at < reply.size()) {
      const ssize_t n = write(fds[1], reply.data() + at, reply.size() - at);
      if (n <= 0) _exit(1);
      at += static_cast<size_t>(n);
    }
    _exit(0);
  }
  close(fds[1]);
  std::string reply;
  char buffer[1 << 16];
  for (;;) {
    const ssize_t n = read(fds[0], buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    reply.append(buffer, static_cast<size_t>(n));
  }
  close(fds[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFSIGNALED(status)) {
    throw UserError(fmt::format("{}: ONNX's shape inference (libonnx 1.12) crashed on this model (signal {}); the "
                                "model is malformed in a way ONNX does not check",
                                file, WTERMSIG(status)));
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || reply.empty()) {
    throw UserError(file + ": ONNX's shape inference did not finish");
  }
  if (reply[0] == 'E') throw UserError(fmt::format("{}: ONNX shape inference rejects the model: {}", file, reply.substr(1)));
  if (reply[0] != 'O' || !model.ParseFromArray(reply.data() + 1, static_cast<int>(reply.size() - 1))) {
    throw InternalError("the model returned by ONNX shape inference does not parse");
  }
}

// ONNX's shape inference, in a child process unless this process is the isolation already
// (the augur-onnx-import helper). A UserError in the caller's process either way.
void run_shape_inference(::onnx::ModelProto& model, const ImportOptions& options, const std::string& file) {
  if (options.shape_inference_in_child) return infer_shapes_isolated(model, file);
  try {
    infer_shapes_here(model);
  } catch (const std::exception& e) {
    throw UserError(fmt::format("{}: ONNX shape inference rejects the model: {}", file, first_line(e.what())));
  }
}

bool foldable(const std::string& op) {
  static const auto list = foldable_operators();
  return std::binary_search(list.begin(), list.end(), op);
}

std::string supported_list_text(const std::set<std::string>& supported) {
  std::string list, constant_only;
  for (const auto& op : supported) list += (list.empty() ? "" : ", ") + op;
  for (const auto& op : foldable_operators()) {
    if (supported.count(op) == 0) constant_only += (constant_only.empty() ? "" : ", ") + op;
  }
  return "supported: " + list + "; folded when their inputs are constants: " + constant_only;
}

void check_nodes(const ::onnx::ModelProto& model, const std::set<std::string>& supported, bool allow_unknown,
                 const std::string& file) {
  ::onnx::checker::CheckerContext context;
  context.set_ir_version(static_cast<int>(model.ir_version()));
  std::unordered_map<std::string, int> opsets;
  for (const auto& o : model.opset_import()) opsets[o.domain()] = static_cast<int>(o.version());
  context.set_opset_imports(opsets);
  const ::onnx::checker::LexicalScopeContext scope;
  for (int i = 0; i < model.graph().node_size(); ++i) {
    const auto& node = model.graph().node(i);
    check_inference_attributes(node, node_label(node, static_cast<size_t>(i)), file);
    const bool known = default_domain(node.domain()) &&
                       (supported.count(node.op_type()) > 0 || foldable(node.op_type()));
    if (!known) {
      if (allow_unknown) continue;
      throw UserError(fmt::format("{}: {}: operator '{}'{} is not modelled by Augur ({}); allowing unknown "
                                  "operators counts such nodes as zero cost",
                                  file, node_label(node, static_cast<size_t>(i)), node.op_type(),
                                  node.domain().empty() ? "" : " of domain '" + node.domain() + "'",
                                  supported_list_text(supported)));
    }
    try {
      ::onnx::checker::check_node(node, context, scope);
    } catch (const std::exception& e) {
      throw UserError(fmt::format("{}: {}: {}", file, node_label(node, static_cast<size_t>(i)), first_line(e.what())));
    }
  }
}

std::optional<Shape> static_shape(const ::onnx::ValueInfoProto& value) {
  if (!value.type().has_tensor_type() || !value.type().tensor_type().has_shape()) return std::nullopt;
  Shape s;
  for (const auto& d : value.type().tensor_type().shape().dim()) {
    if (!d.has_dim_value() || d.dim_value() < 0) return std::nullopt;
    s.dims.push_back(d.dim_value());
  }
  return s;
}

void drop_tensor_data(::onnx::TensorProto& t) {
  t.clear_raw_data();
  t.clear_float_data();
  t.clear_int32_data();
  t.clear_int64_data();
  t.clear_double_data();
  t.clear_uint64_data();
  t.clear_string_data();
}

void read_inferred_shapes(const ::onnx::GraphProto& inferred, GraphContext& context) {
  context.shapes.clear();
  for (const auto* list : {&inferred.input(), &inferred.value_info(), &inferred.output()}) {
    for (const auto& value : *list) {
      if (auto s = static_shape(value)) context.shapes[value.name()] = *s;
    }
  }
}

// A folded constant as the value of a Constant node, for ONNX's shape inference: its values when
// Augur computed them and the type has a field for them, else its dims only (marked external).
::onnx::TensorProto constant_tensor(const StaticTensor& t, const std::string& name) {
  using TP = ::onnx::TensorProto;
  TP out;
  out.set_name(name);
  for (auto d : t.dims) out.add_dims(d);
  const int type = t.data_type == TP::UNDEFINED ? TP::FLOAT : t.data_type;
  out.set_data_type(type);
  if (t.values && (type == TP::INT64 || type == TP::INT32 || type == TP::BOOL || type == TP::FLOAT ||
                   type == TP::DOUBLE)) {
    for (double v : *t.values) {
      if (type == TP::INT64) out.add_int64_data(static_cast<std::int64_t>(v));
      else if (type == TP::FLOAT) out.add_float_data(static_cast<float>(v));
      else if (type == TP::DOUBLE) out.add_double_data(v);
      else out.add_int32_data(static_cast<std::int32_t>(v));
    }
    return out;
  }
  out.set_data_location(TP::EXTERNAL);
  auto* location = out.add_external_data();
  location->set_key("location");
  location->set_value("augur-folded-constant");
  return out;
}

std::string first_activation(const ::onnx::NodeProto& node, const GraphContext& context) {
  for (const auto& in : node.input()) {
    if (!in.empty() && context.statics.count(in) == 0) return in;
  }
  return "?";
}

std::string unique_name(std::string name, std::set<std::string>& used, size_t index) {
  if (used.count(name) > 0) name = fmt::format("{}_{}", name, index);
  while (used.count(name) > 0) name += "_";
  used.insert(name);
  return name;
}

}  // namespace

ImportedModel import_onnx_bytes(const std::string& bytes, const std::string& file, const ImportOptions& options) {
  ::onnx::ModelProto model = parse_model(bytes, file);
  ImportedModel out;
  GraphContext context;
  context.file = file;
  context.opset = check_opset(model, file);
  auto& graph = *model.mutable_graph();
  out.name = graph.name();
  out.notes.push_back(fmt::format("ONNX model from '{}{}', IR version {}, opset {}", model.producer_name(),
                                  model.producer_version().empty() ? "" : " " + model.producer_version(),
                                  model.ir_version(), context.opset));
  if (graph.node_size() == 0) throw UserError(file + ": the graph has no nodes");

  std::set<std::string> initializers;
  for (auto& t : *graph.mutable_initializer()) {
    context.statics[t.name()] = static_tensor(t, fmt::format("{}: initializer '{}'", file, t.name()));
    initializers.insert(t.name());
    // Augur reads only the dims of weights; dropping their values keeps the copy that goes to
    // ONNX's shape inference (and back) small for models that store weights inline.
    if (!context.statics[t.name()].values) drop_tensor_data(t);
  }
  for (const auto& t : graph.sparse_initializer()) {
    StaticTensor s;
    for (auto d : t.dims()) {
      if (d < 0) throw UserError(fmt::format("{}: sparse initializer '{}' has a negative dimension", file, t.values().name()));
      s.dims.push_back(d);
    }
    context.statics[t.values().name()] = s;
    initializers.insert(t.values().name());
  }
  bind_input_dims(graph, initializers, options, file, out.notes);
  std::set<std::string> provided = initializers;
  for (const auto& input : graph.input()) provided.insert(input.name());
  if (provided.size() == initializers.size()) throw UserError(file + ": the graph has no input besides its weights");

  sort_nodes(graph, provided, file);
  const auto supported_list = supported_operators();
  const std::set<std::string> supported(supported_list.begin(), supported_list.end());
  check_nodes(model, supported, options.allow_unknown, file);

  // ONNX's own shape inference, on shapes bound above (stale value_info and output shapes removed).
  graph.clear_value_info();
  for (auto& output : *graph.mutable_output()) {
    if (output.type().has_tensor_type()) output.mutable_type()->mutable_tensor_type()->clear_shape();
  }
  run_shape_inference(model, options, file);
  read_inferred_shapes(model.graph(), context);

  // Constant folding, to a fixed point: fold every node whose inputs are constants, write each as
  // a Constant node in its place (so node indices, and messages, stay those of the sorted file),
  // and let ONNX infer again, which gives shapes to what a folded shape or weight feeds (a
  // Reshape by a shape computed with Shape -> Gather -> Concat); a Shape node may fold then.
  std::set<int> folded;
  for (int pass = 0; pass < kMaxFoldPasses; ++pass) {
    auto& g = *model.mutable_graph();  // the model is replaced by each inference
    std::vector<int> now;
    for (int i = 0; i < g.node_size(); ++i) {
      const auto& node = g.node(i);
      if (folded.count(i) > 0 || !default_domain(node.domain()) || node.output_size() < 1) continue;
      const std::string label = node_label(node, static_cast<size_t>(i));
      if (node.op_type() == "Constant") {
        ConvertedNode c = convert_node(node, label, node.output(0), context);
        if (c.constant) context.statics[c.constant->first] = std::move(c.constant->second);
        continue;
      }
      if (!foldable(node.op_type())) continue;
      auto result = fold_constant_node(node, label, context);
      if (!result) continue;
      // ONNX's shape inference is the check of the folding, as of the layers
      const auto inferred_shape = context.shapes.find(node.output(0));
      if (inferred_shape != context.shapes.end() && inferred_shape->second.dims != result->dims) {
        throw UserError(fmt::format("{}: {}: folding gives '{}' the shape {}, ONNX shape inference {}; Augur would "
                                    "misread this model (please report it)",
                                    file, label, node.output(0), Shape{result->dims}.to_string(),
                                    inferred_shape->second.to_string()));
      }
      context.statics[node.output(0)] = std::move(*result);
      now.push_back(i);
    }
    if (now.empty()) break;
    for (int i : now) {
      auto* node = g.mutable_node(i);
      const std::string output = node->output(0), name = node->name();
      node->Clear();
      node->set_op_type("Constant");
      node->set_name(name);
      node->add_output(output);
      auto* value = node->add_attribute();
      value->set_name("value");
      value->set_type(::onnx::AttributeProto::TENSOR);
      *value->mutable_t() = constant_tensor(context.statics.at(output), output);
      folded.insert(i);
    }
    out.folded_nodes += static_cast<int>(now.size());
    g.clear_value_info();
    run_shape_inference(model, options, file);
    read_inferred_shapes(model.graph(), context);
  }
  const auto& inferred = model.graph();
  for (const auto& node : inferred.node()) {
    for (const auto& in : node.input()) ++context.readers[in];
  }
  for (const auto& output : inferred.output()) ++context.readers[output.name()];

  std::set<std::string> names;
  for (const auto& input : inferred.input()) {
    if (initializers.count(input.name()) > 0) continue;
    Layer layer;
    layer.name = unique_name(input.name(), names, out.layers.size());
    layer.kind = LayerKind::Input;
    layer.tops = {input.name()};
    layer.params = InputParams{{context.shapes.at(input.name())}};
    layer.where = SourceLocation{file, 0, 0};
    out.layers.push_back(std::move(layer));
  }

  std::map<std::string, std::string> aliases;
  const auto resolve = [&](std::string name) {
    for (int hops = 0; hops < inferred.node_size() + 1; ++hops) {
      const auto it = aliases.find(name);
      if (it == aliases.end()) break;
      name = it->second;
    }
    return name;
  };
  for (int i = 0; i < inferred.node_size(); ++i) {
    ::onnx::NodeProto node = inferred.node(i);
    for (auto& in : *node.mutable_input()) in = resolve(in);
    const std::string label = node_label(node, static_cast<size_t>(i));
    const std::string name =
        unique_name(node.name().empty() ? fmt::format("{}_{}", node.op_type(), i) : node.name(), names,
                    static_cast<size_t>(i));
    if (folded.count(i) > 0) continue;  // a constant now, in context.statics
    const bool known = default_domain(node.domain()) && supported.count(node.op_type()) > 0;
    if (!known && !options.allow_unknown) {
      throw UserError(fmt::format("{}: {}: operator '{}' is modelled only when its inputs are constants (it is "
                                  "folded at load time); here input '{}' is an activation ({}); --allow-unknown "
                                  "counts such nodes as zero cost",
                                  file, label, node.op_type(), first_activation(node, context),
                                  supported_list_text(supported)));
    }
    if (!known) {
      Layer layer;
      layer.name = name;
      layer.kind = LayerKind::Unmodelled;
      layer.where = SourceLocation{file, 0, 0};
      UnmodelledParams params{node.op_type(), {}};
      for (const auto& in : node.input()) {
        if (!in.empty() && context.statics.count(in) == 0) layer.bottoms.push_back(in);
      }
      for (const auto& o : node.output()) {
        if (o.empty()) continue;
        const auto it = context.shapes.find(o);
        if (it == context.shapes.end()) {
          throw UserError(fmt::format("{}: {}, not modelled: ONNX shape inference gives no static shape for its "
                                      "output '{}', which Augur needs to go on",
                                      file, label, o));
        }
        layer.tops.push_back(o);
        params.output_shapes.push_back(it->second);
      }
      layer.params = std::move(params);
      ++out.unmodelled[node.op_type()];
      out.layers.push_back(std::move(layer));
      continue;
    }
    ConvertedNode converted = convert_node(node, label, name, context);
    if (converted.constant) context.statics[converted.constant->first] = std::move(converted.constant->second);
    for (const auto& [from, to] : converted.aliases) {
      aliases[from] = to;
      if (const auto it = context.statics.find(to); it != context.statics.end()) context.statics[from] = it->second;
      if (const auto it = context.shapes.find(to); it != context.shapes.end()) context.shapes[from] = it->second;
    }
    if (converted.layer) {
      out.weight_elements[converted.layer->name] = converted.weight_elements;
      out.layers.push_back(std::move(*converted.layer));
    }
  }
  out.onnx_shapes = std::move(context.shapes);
  return out;
}

ImportedModel import_onnx(const std::filesystem::path& file, const ImportOptions& options) {
  const std::string bytes = read_input_file(file, static_cast<std::uintmax_t>(kMaxFileBytes),
                                            "an ONNX model (above 2 GiB, ONNX keeps weights in external files)");
  return import_onnx_bytes(bytes, file.string(), options);
}

}  // namespace augur::onnx_import
