// The network as a directed graph on Boost.Graph: vertices are layers (in the order given),
// edges are the blobs from the layer that last wrote a blob to each layer that reads it. In-place
// layers stay as Caffe has them: a ReLU on "conv1" reads conv1's output and is the new producer
// of "conv1" for later readers.
#pragma once

#include <string>
#include <vector>

#include <boost/graph/adjacency_list.hpp>

#include "sim/workload/layer.h"

namespace augur {

struct BlobEdge {
  std::string blob;
};

using LayerDigraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS,
                                           boost::no_property, BlobEdge>;

class LayerGraph {
 public:
  // Connects the layers. Throws UserError naming the layer and its line for a bottom that no
  // layer produces, a bottom produced only by a later layer (a cycle or an out-of-order file),
  // and duplicate layer names.
  static LayerGraph build(std::vector<Layer> layers);

  const std::vector<Layer>& layers() const { return layers_; }
  std::vector<Layer>& mutable_layers() { return layers_; }
  const LayerDigraph& digraph() const { return graph_; }
  // Layer indices in execution order (file order, which is topological: checked on build).
  const std::vector<size_t>& topological_order() const { return order_; }
  // Indices of the layers that read what layer `i` writes (duplicates removed).
  std::vector<size_t> successors(size_t i) const;
  std::vector<size_t> predecessors(size_t i) const;

 private:
  std::vector<Layer> layers_;
  LayerDigraph graph_;
  std::vector<size_t> order_;
};

}  // namespace augur
