// The network as a directed graph on Boost.Graph: vertices are layers (in the order given),
// edges are the blobs from the layer that last wrote a blob to each layer that reads it. In-place
// layers stay as Caffe has them: a ReLU on "conv1" reads conv1's output and is the new producer
// of "conv1" for later readers.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <boost/graph/adjacency_list.hpp>

#include "sim/workload/layer.h"

namespace augur {

// The blob an edge carries: the reading layer's bottom number `bottom` (its name is
// layers()[target].bottoms[bottom]; a number, not a copy of the name per edge).
struct BlobEdge {
  size_t bottom = 0;
};

using LayerDigraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS,
                                           boost::no_property, BlobEdge>;

class LayerGraph {
 public:
  LayerGraph() : graph_(std::make_unique<LayerDigraph>()) {}
  LayerGraph(const LayerGraph& other)
      : layers_(other.layers_), graph_(std::make_unique<LayerDigraph>(*other.graph_)), order_(other.order_) {}
  LayerGraph& operator=(const LayerGraph& other) {
    if (this != &other) *this = LayerGraph(other);
    return *this;
  }
  LayerGraph(LayerGraph&&) noexcept = default;
  LayerGraph& operator=(LayerGraph&&) noexcept = default;
  ~LayerGraph() = default;

  // Connects the layers. Throws UserError naming the layer and its line for a bottom that no
  // layer produces, a bottom produced only by a later layer (a cycle or an out-of-order file),
  // and duplicate layer names.
  static LayerGraph build(std::vector<Layer> layers);

  const std::vector<Layer>& layers() const { return layers_; }
  std::vector<Layer>& mutable_layers() { return layers_; }
  const LayerDigraph& digraph() const { return *graph_; }
  // Layer indices in execution order (file order, which is topological: checked on build).
  const std::vector<size_t>& topological_order() const { return order_; }
  // Indices of the layers that read what layer `i` writes (duplicates removed).
  std::vector<size_t> successors(size_t i) const;
  std::vector<size_t> predecessors(size_t i) const;

 private:
  std::vector<Layer> layers_;
  // Behind a pointer: Boost 1.74's adjacency_list has no move constructor, so moving it copies
  // every vertex and edge (ResNet-152: ~0.85 M instructions, twice per `augur simulate`).
  std::unique_ptr<LayerDigraph> graph_;
  std::vector<size_t> order_;
};

}  // namespace augur
