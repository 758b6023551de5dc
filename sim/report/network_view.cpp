// Table, JSON and CSV views of a network's accounting.
#include "sim/report/network_view.h"

#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "sim/core/text_escape.h"
#include "sim/core/version.h"

namespace augur::report {
namespace {

std::string shapes_text(const std::vector<Shape>& shapes) {
  std::string s;
  for (const auto& shape : shapes) s += (s.empty() ? "" : ",") + shape.to_string();
  return s.empty() ? "-" : s;
}

std::string millions(std::int64_t n) { return fmt::format("{:.3f}", n / 1e6); }
std::string mib(std::int64_t bytes) { return fmt::format("{:.3f}", bytes / 1048576.0); }

nlohmann::json counts_json(const LayerCounts& c) {
  return {{"macs", c.macs},
          {"flops", c.flops},
          {"paper_ops", c.paper_ops},
          {"params", c.params},
          {"param_bytes", c.params * kFloatBytes},
          {"top_bytes", c.top_elements * kFloatBytes},
          {"internal_bytes", c.internal_elements * kFloatBytes},
          {"im2col_bytes", c.im2col_elements * kFloatBytes},
          {"im2col_group_bytes", c.im2col_group_elements * kFloatBytes},
          {"column_matrix_bytes", c.column_matrix_elements * kFloatBytes}};
}

}  // namespace

NetworkAccount account_network(const Network& network) {
  NetworkAccount a;
  for (size_t index : network.graph.topological_order()) {
    const Layer& layer = network.graph.layers()[index];
    const LayerCounts c = count_layer(layer);
    a.layers.push_back(c);
    a.totals += c;
    const std::string type = caffe_type_name(layer.kind);
    auto it = std::find_if(a.by_type.begin(), a.by_type.end(),
                           [&](const auto& t) { return t.type == type; });
    if (it == a.by_type.end()) {
      a.by_type.push_back({layer.kind, type, 0, {}});
      it = a.by_type.end() - 1;
    }
    ++it->layers;
    it->counts += c;
  }
  return a;
}

std::string network_table(const Network& network, const NetworkAccount& a) {
  std::string out = fmt::format(
      "# Augur {}: network {} ({}), batch {}\n"
      "# MACs = multiply-accumulates; paper_ops = the seed papers' \"FLOPs\" (MACs + bias adds, "
      "window reads, one per element); M = 10^6; MiB = 2^20 bytes; FP32\n",
      kVersion, terminal_text(network.name), terminal_text(network.file), network.batch);
  out += fmt::format("{:<28} {:<13} {:<34} {:>10} {:>11} {:>10} {:>9}\n", "layer", "type",
                     "bottom -> top", "MACs(M)", "paper_ops(M)", "params", "top(MiB)");
  const auto& layers = network.graph.layers();
  const auto& order = network.graph.topological_order();
  for (size_t i = 0; i < order.size(); ++i) {
    const Layer& layer = layers[order[i]];
    const auto& c = a.layers[i];
    const std::string name = terminal_text(layer.implicit ? layer.name + " *" : layer.name);
    out += fmt::format("{:<28} {:<13} {:<34} {:>10} {:>11} {:>10} {:>9}\n", name,
                       caffe_type_name(layer.kind),
                       shapes_text(layer.bottom_shapes) + " -> " + shapes_text(layer.top_shapes),
                       millions(c.macs), millions(c.paper_ops), c.params,
                       mib(c.top_elements * kFloatBytes));
  }
  const bool any_implicit = std::any_of(layers.begin(), layers.end(), [](const Layer& l) { return l.implicit; });
  out += any_implicit ? "(* inserted by Caffe: a Split for a blob read by several layers)\n\n" : "\n";
  out += fmt::format("{:<14} {:>6} {:>12} {:>13} {:>12} {:>12} {:>10}\n", "by type", "layers",
                     "MACs(M)", "paper_ops(M)", "FLOPs(M)", "params", "top(MiB)");
  for (const auto& t : a.by_type) {
    out += fmt::format("{:<14} {:>6} {:>12} {:>13} {:>12} {:>12} {:>10}\n",
                       paper_group(t.kind),
                       t.layers, millions(t.counts.macs), millions(t.counts.paper_ops),
                       millions(t.counts.flops), t.counts.params,
                       mib(t.counts.top_elements * kFloatBytes));
  }
  const auto& s = a.totals;
  out += fmt::format("{:<14} {:>6} {:>12} {:>13} {:>12} {:>12} {:>10}\n", "total", a.layers.size(),
                     millions(s.macs), millions(s.paper_ops), millions(s.flops), s.params,
                     mib(s.top_elements * kFloatBytes));
  out += fmt::format(
      "\nweights {} MiB; data (all tops, Caffe's \"Memory required for data\") {} bytes = {} MiB; "
      "internal buffers {} MiB; im2col column buffers (sum) {} MiB; papers' workspace (column "
      "matrices of all convolutions) {} MiB\n",
      mib(s.params * kFloatBytes), s.top_elements * kFloatBytes, mib(s.top_elements * kFloatBytes),
      mib(s.internal_elements * kFloatBytes), mib(s.im2col_elements * kFloatBytes),
      mib(s.column_matrix_elements * kFloatBytes));
  out += unmodelled_line(network);
  if (network.folded_constant_nodes > 0) {
    out += fmt::format("folded: {} node(s) computing constants at load time (no layers, no time)\n",
                       network.folded_constant_nodes);
  }
  for (const auto& note : network.notes) out += "note: " + note + "\n";
  return out;
}

nlohmann::json network_identity_json(const Network& network) {
  return {{"name", network.name},
          {"file", network.file},
          {"format", network.format},
          {"batch", network.batch},
          {"unmodelled_nodes", network.unmodelled_count()},
          {"folded_constant_nodes", network.folded_constant_nodes},
          {"unmodelled_operators", network.unmodelled}};
}

std::string unmodelled_line(const Network& network) {
  if (network.unmodelled.empty()) return "";
  std::string ops;
  for (const auto& [op, count] : network.unmodelled) ops += fmt::format("{}{} x{}", ops.empty() ? "" : ", ", op, count);
  return fmt::format("not modelled: {} node(s) counted as zero time and zero work ({})\n", network.unmodelled_count(),
                     ops);
}

nlohmann::json network_json(const Network& network, const NetworkAccount& a) {
  nlohmann::json out;
  out["augur_version"] = kVersion;
  out["network"] = network_identity_json(network);
  out["units"] = {{"macs", "multiply-accumulates"},
                  {"flops", "floating-point operations (2 per MAC)"},
                  {"paper_ops", "the seed papers' FLOPs: MACs + bias adds, window reads, one per element"},
                  {"bytes", "bytes, FP32 blobs"}};
  nlohmann::json layers = nlohmann::json::array();
  const auto& order = network.graph.topological_order();
  for (size_t i = 0; i < order.size(); ++i) {
    const Layer& layer = network.graph.layers()[order[i]];
    nlohmann::json row = counts_json(a.layers[i]);
    row["name"] = layer.name;
    row["type"] = caffe_type_name(layer.kind);
    row["bottoms"] = layer.bottoms;
    row["tops"] = layer.tops;
    nlohmann::json bottom_shapes = nlohmann::json::array(), top_shapes = nlohmann::json::array();
    for (const auto& s : layer.bottom_shapes) bottom_shapes.push_back(s.dims);
    for (const auto& s : layer.top_shapes) top_shapes.push_back(s.dims);
    row["bottom_shapes"] = bottom_shapes;
    row["top_shapes"] = top_shapes;
    row["implicit"] = layer.implicit;
    row["line"] = layer.where.line;
    layers.push_back(std::move(row));
  }
  out["layers"] = std::move(layers);
  nlohmann::json by_type = nlohmann::json::object();
  for (const auto& t : a.by_type) {
    nlohmann::json row = counts_json(t.counts);
    row["layers"] = t.layers;
    by_type[t.type] = std::move(row);
  }
  out["by_type"] = std::move(by_type);
  out["totals"] = counts_json(a.totals);
  out["totals"]["layers"] = a.layers.size();
  out["notes"] = network.notes;
  return out;
}

std::string network_csv(const Network& network, const NetworkAccount& a) {
  std::string out =
      "name,type,bottom_shapes,top_shapes,macs,flops,paper_ops,params,top_bytes,internal_bytes,"
      "im2col_bytes,implicit\n";
  const auto& order = network.graph.topological_order();
  for (size_t i = 0; i < order.size(); ++i) {
    const Layer& layer = network.graph.layers()[order[i]];
    const auto& c = a.layers[i];
    std::string bottoms = shapes_text(layer.bottom_shapes), tops = shapes_text(layer.top_shapes);
    out += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{}\n", csv_field(layer.name),
                       caffe_type_name(layer.kind), csv_field(bottoms), csv_field(tops), c.macs, c.flops, c.paper_ops,
                       c.params, c.top_elements * kFloatBytes, c.internal_elements * kFloatBytes,
                       c.im2col_elements * kFloatBytes, layer.implicit ? 1 : 0);
  }
  return out;
}

}  // namespace augur::report
