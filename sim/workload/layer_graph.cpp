// Building the layer graph and its topological order.
#include "sim/workload/layer_graph.h"

#include <algorithm>
#include <set>
#include <string_view>
#include <unordered_map>

#include <boost/graph/topological_sort.hpp>
#include <fmt/format.h>

namespace augur {

LayerGraph LayerGraph::build(std::vector<Layer> layers) {
  LayerGraph g;
  g.graph_ = std::make_unique<LayerDigraph>(layers.size());
  // Views of the layers' own strings (alive until the layers move into the graph, below).
  std::unordered_map<std::string_view, size_t> producer;  // blob -> latest layer that wrote it
  std::unordered_map<std::string_view, size_t> names;
  producer.reserve(layers.size());
  names.reserve(layers.size());
  for (size_t i = 0; i < layers.size(); ++i) {
    const Layer& layer = layers[i];
    if (!layer.name.empty()) {
      const auto [it, fresh] = names.emplace(layer.name, i);
      if (!fresh) {
        throw UserError(layer.where, fmt::format("duplicate layer name '{}' (first at {})",
                                                 layer.name, layers[it->second].where.to_string()));
      }
    }
    for (size_t b = 0; b < layer.bottoms.size(); ++b) {
      const std::string& bottom = layer.bottoms[b];
      const auto it = producer.find(bottom);
      if (it != producer.end()) {
        boost::add_edge(it->second, i, BlobEdge{b}, *g.graph_);
        continue;
      }
      // An error either way: the first later layer that writes the blob, if any.
      for (size_t later = i; later < layers.size(); ++later) {
        const auto& tops = layers[later].tops;
        if (std::find(tops.begin(), tops.end(), bottom) == tops.end()) continue;
        throw UserError(layer.where,
                        fmt::format("layer '{}' reads blob '{}' that is only written later, by "
                                    "layer '{}' ({}): a cycle or an out-of-order layer",
                                    layer.name, bottom, layers[later].name, layers[later].where.to_string()));
      }
      throw UserError(layer.where, fmt::format("layer '{}': unknown bottom blob '{}' (no layer or "
                                               "input produces it)", layer.name, bottom));
    }
    for (const auto& top : layer.tops) producer[top] = i;
  }
  std::vector<LayerDigraph::vertex_descriptor> reversed;
  try {
    boost::topological_sort(*g.graph_, std::back_inserter(reversed));
  } catch (const boost::not_a_dag&) {
    throw InternalError("layer graph has a cycle although every edge points forward");
  }
  // Caffe runs layers in file order; every edge points forward, so that order is topological.
  g.order_.resize(layers.size());
  for (size_t i = 0; i < layers.size(); ++i) g.order_[i] = i;
  g.layers_ = std::move(layers);
  return g;
}

std::vector<size_t> LayerGraph::successors(size_t i) const {
  std::set<size_t> out;
  for (auto [e, end] = boost::out_edges(i, *graph_); e != end; ++e) out.insert(boost::target(*e, *graph_));
  return {out.begin(), out.end()};
}

std::vector<size_t> LayerGraph::predecessors(size_t i) const {
  std::set<size_t> out;
  for (auto [e, end] = boost::in_edges(i, *graph_); e != end; ++e) out.insert(boost::source(*e, *graph_));
  return {out.begin(), out.end()};
}

}  // namespace augur
