// Parsing of Caffe nets (text_format.h) and conversion to Layer structs.
#include "sim/workload/caffe/prototxt_importer.h"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <google/protobuf/arena.h>
#include <google/protobuf/descriptor.h>

#include "sim/core/file_input.h"
#include "sim/core/suggest.h"
#include "sim/workload/caffe/caffe_subset.pb.h"
#include "sim/workload/caffe/layer_conversion.h"
#include "sim/workload/caffe/split_insertion.h"
#include "sim/workload/caffe/text_format.h"

namespace augur::caffe {
namespace {

namespace pb = google::protobuf;

constexpr std::uintmax_t kMaxFileBytes = 64u << 20;

// Caffe's StateMeetsRule for the state {phase: TEST, level: 0, stage: []}.
bool meets_test_phase(const NetStateRule& rule) {
  if (rule.has_phase() && rule.phase() != TEST) return false;
  if (rule.has_min_level() && 0 < rule.min_level()) return false;
  if (rule.has_max_level() && 0 > rule.max_level()) return false;
  return rule.stage_size() == 0;  // the state has no stages
}

template <typename LayerProto>
bool included_in_test_phase(const LayerProto& layer) {
  bool included = layer.include_size() == 0;
  for (const auto& rule : layer.include()) included = included || meets_test_phase(rule);
  for (const auto& rule : layer.exclude()) {
    if (meets_test_phase(rule)) included = false;
  }
  return included;
}

// protobuf reports an unknown field as a warning: Message type "T" has no field named "F".
// Fields Caffe has but Augur does not model (inside `Unmodelled` blocks) are skipped silently,
// unknown `*_param` blocks of a layer (other Caffe forks) become a note, and anything else is a
// name Caffe does not have: an error with the nearest valid field name.
void classify_warning(const TextWarning& warning, const std::string& file, std::set<std::string>& seen,
                      std::vector<std::string>& notes) {
  const struct {
    SourceLocation where;
    const std::string& message;
  } w{SourceLocation{file, warning.where.line + 1, warning.where.column + 1}, warning.message};
  const auto quoted_after = [&](const std::string& prefix) -> std::optional<std::string> {
    const auto at = w.message.find(prefix);
    if (at == std::string::npos) return std::nullopt;
    const auto begin = at + prefix.size();
    const auto end = w.message.find('"', begin);
    if (end == std::string::npos) return std::nullopt;
    return w.message.substr(begin, end - begin);
  };
  const auto type_name = quoted_after("Message type \"");
  const auto field_name = quoted_after("has no field named \"");
  if (!type_name || !field_name) {
    if (seen.insert(w.message).second) notes.push_back(w.where.to_string() + ": " + w.message);
    return;
  }
  const std::string type = *type_name, field = *field_name;
  const std::string short_type = type.substr(type.rfind('.') + 1);
  if (short_type == "Unmodelled") return;
  const bool layer_level = short_type == "LayerParameter" || short_type == "V1LayerParameter";
  if (layer_level && field.size() > 6 && field.rfind("_param") == field.size() - 6) {
    if (seen.insert(field).second) {
      notes.push_back(fmt::format("{}: '{}' is not a BVLC Caffe parameter block (ignored)",
                                  w.where.to_string(), field));
    }
    return;
  }
  std::vector<std::string> candidates;
  // Through NetParameter's descriptor: it registers the file in the pool (caffe_subset_lazy.pb.cpp).
  if (const auto* d = NetParameter::descriptor()->file()->pool()->FindMessageTypeByName(type)) {
    for (int i = 0; i < d->field_count(); ++i) candidates.push_back(d->field(i)->name());
  }
  // protobuf reports the position after the field name; point at the name itself.
  SourceLocation at = w.where;
  at.column = std::max(1, at.column - static_cast<int>(field.size()));
  throw UserError(at, fmt::format("unknown field '{}' in {}{}", field, short_type,
                                       did_you_mean(field, candidates)));
}

// Where the index-th occurrence of a top-level field starts, as the parser recorded it.
SourceLocation location_of(const TextParseInfo& info, const char* field_name, int index, const std::string& file) {
  const auto it = info.top_level.find(field_name);
  if (it == info.top_level.end() || index < 0 || static_cast<size_t>(index) >= it->second.size()) {
    return SourceLocation{file};
  }
  const TextPosition at = it->second[static_cast<size_t>(index)];
  return SourceLocation{file, at.line + 1, at.column + 1};
}

// Net-level `input:` with `input_shape {}` or 4 `input_dim:` each -> one Input layer named
// "input", as Caffe's UpgradeNetInput does.
std::optional<Layer> net_input_layer(const NetParameter& net, const TextParseInfo& tree,
                                     const std::string& file) {
  if (net.input_size() == 0) {
    if (net.input_shape_size() > 0 || net.input_dim_size() > 0) {
      throw UserError(location_of(tree, net.input_shape_size() ? "input_shape" : "input_dim", 0, file),
                      "input shape given without an `input:` blob name");
    }
    return std::nullopt;
  }
  Layer layer;
  layer.name = "input";
  layer.kind = LayerKind::Input;
  layer.where = location_of(tree, "input", 0, file);
  InputParams params;
  if (net.input_shape_size() > 0) {
    if (net.input_shape_size() != net.input_size()) {
      throw UserError(layer.where, fmt::format("{} inputs but {} input_shape entries",
                                               net.input_size(), net.input_shape_size()));
    }
    for (const auto& s : net.input_shape()) params.shapes.push_back(Shape{{s.dim().begin(), s.dim().end()}});
  } else {
    if (net.input_dim_size() != 4 * net.input_size()) {
      throw UserError(layer.where,
                      fmt::format("{} inputs need {} input_dim entries (4 each), got {}",
                                  net.input_size(), 4 * net.input_size(), net.input_dim_size()));
    }
    for (int i = 0; i < net.input_size(); ++i) {
      params.shapes.push_back(Shape{{net.input_dim(4 * i), net.input_dim(4 * i + 1),
                                     net.input_dim(4 * i + 2), net.input_dim(4 * i + 3)}});
    }
  }
  layer.tops.assign(net.input().begin(), net.input().end());
  layer.params = std::move(params);
  return layer;
}

// Converts the layers of one syntax (`layer` or legacy `layers`), skipping those outside the
// TEST phase with a note.
template <typename Protos, typename Convert>
void convert_all(const Protos& protos, const char* field, const TextParseInfo& tree,
                 const std::string& file, Convert convert, ImportedLayers& out) {
  for (int i = 0; i < protos.size(); ++i) {
    const auto& proto = protos.Get(i);
    const SourceLocation where = location_of(tree, field, i, file);
    if (!included_in_test_phase(proto)) {
      out.notes.push_back(fmt::format("{}: layer '{}' is not in the TEST phase (skipped)",
                                      where.to_string(), proto.name()));
      continue;
    }
    if (auto layer = convert(proto, where, out.notes)) out.layers.push_back(std::move(*layer));
  }
}

void apply_batch(std::vector<Layer>& layers, const ImportOptions& options) {
  if (!options.batch) return;
  for (auto& layer : layers) {
    if (auto* input = std::get_if<InputParams>(&layer.params)) {
      for (auto& shape : input->shapes) {
        if (!shape.dims.empty()) shape.dims[0] = *options.batch;
      }
    }
  }
}

std::string read_file(const std::filesystem::path& path) {
  return read_input_file(path, kMaxFileBytes, "a network description");
}

}  // namespace

ImportedLayers import_prototxt_text(const std::string& text, const std::string& display_name,
                                    const ImportOptions& options) {
  if (options.batch && *options.batch <= 0) {
    throw UserError(fmt::format("the batch must be at least 1, got {}", *options.batch));
  }
  ImportedLayers out;
  {  // the message lives only while its layers are converted (for 100,000 layers it is 90 MB)
    // The fast path reads the prototxt files people write; anything else, and every error, is
    // protobuf's TextFormat's (text_format.h).
    TextParseInfo tree;
    // On an arena: one allocation per block instead of one per message and string, and no
    // destructor walk over every message (ResNet-152: 1 M of 18 M instructions of the import).
    google::protobuf::ArenaOptions arena_options;
    arena_options.start_block_size = std::size_t{1} << 12;
    arena_options.max_block_size = std::size_t{1} << 16;  // below malloc's mmap threshold: freed blocks are reused
    google::protobuf::Arena arena(arena_options);
    NetParameter& net = *google::protobuf::Arena::CreateMessage<NetParameter>(&arena);
    if (!parse_text_fast(text, net, tree)) parse_text_protobuf(text, display_name, net, tree);

    out.name = net.name();
    out.layers.reserve(static_cast<size_t>(net.layer_size() + net.layers_size()) + 1);
    std::set<std::string> seen;
    for (const auto& w : tree.warnings) classify_warning(w, display_name, seen, out.notes);
    if (net.layer_size() > 0 && net.layers_size() > 0) {
      throw UserError(location_of(tree, "layers", 0, display_name),
                      "the file mixes `layer {}` and legacy `layers {}` definitions");
    }
    if (auto input = net_input_layer(net, tree, display_name)) out.layers.push_back(std::move(*input));

    convert_all(net.layer(), "layer", tree, display_name, convert_layer, out);
    convert_all(net.layers(), "layers", tree, display_name, convert_v1_layer, out);
  }
  if (out.layers.empty()) {
    throw UserError(SourceLocation{display_name, 1, 1}, "the network has no layers");
  }
  apply_batch(out.layers, options);
  insert_caffe_splits(out.layers);
  return out;
}

ImportedLayers import_prototxt(const std::filesystem::path& file, const ImportOptions& options) {
  return import_prototxt_text(read_file(file), file.string(), options);
}

}  // namespace augur::caffe
