// Split insertion with Caffe's naming.
#include "sim/workload/caffe/split_insertion.h"

#include <map>
#include <string>
#include <utility>

namespace augur::caffe {
namespace {

using TopId = std::pair<size_t, size_t>;  // (layer index, top index)

std::string split_blob_name(const std::string& layer, const std::string& blob, size_t top,
                            size_t k) {
  return blob + "_" + layer + "_" + std::to_string(top) + "_split_" + std::to_string(k);
}

}  // namespace

void insert_caffe_splits(std::vector<Layer>& layers) {
  std::map<std::string, TopId> last_top;  // blob name -> its latest producer
  std::map<TopId, size_t> readers;        // producer top -> number of bottoms reading it
  std::map<TopId, TopId> source_of;       // (layer, bottom index) -> producer top
  for (size_t i = 0; i < layers.size(); ++i) {
    for (size_t j = 0; j < layers[i].bottoms.size(); ++j) {
      const auto it = last_top.find(layers[i].bottoms[j]);
      if (it == last_top.end()) continue;  // unknown bottoms are reported by the graph builder
      source_of[{i, j}] = it->second;
      ++readers[it->second];
    }
    for (size_t j = 0; j < layers[i].tops.size(); ++j) last_top[layers[i].tops[j]] = {i, j};
  }

  std::vector<Layer> out;
  std::map<TopId, size_t> next_split;  // producer top -> next split index to hand out
  for (size_t i = 0; i < layers.size(); ++i) {
    Layer layer = layers[i];
    for (size_t j = 0; j < layer.bottoms.size(); ++j) {
      const auto src = source_of.find({i, j});
      if (src == source_of.end() || readers[src->second] <= 1) continue;
      if (layer.written_bottoms.empty()) layer.written_bottoms = layer.bottoms;
      const auto& producer = layers[src->second.first];
      layer.bottoms[j] = split_blob_name(producer.name, layer.bottoms[j], src->second.second,
                                         next_split[src->second]++);
    }
    out.push_back(std::move(layer));
    const Layer& produced = layers[i];
    for (size_t j = 0; j < produced.tops.size(); ++j) {
      const size_t n = readers[{i, j}];
      if (n <= 1) continue;
      Layer split;
      split.kind = LayerKind::Split;
      split.name = produced.tops[j] + "_" + produced.name + "_" + std::to_string(j) + "_split";
      split.bottoms = {produced.tops[j]};
      for (size_t k = 0; k < n; ++k) {
        split.tops.push_back(split_blob_name(produced.name, produced.tops[j], j, k));
      }
      split.where = produced.where;
      split.implicit = true;
      out.push_back(std::move(split));
    }
  }
  layers = std::move(out);
}

}  // namespace augur::caffe
