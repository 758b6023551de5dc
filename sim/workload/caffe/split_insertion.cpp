// Split insertion with Caffe's naming.
#include "sim/workload/caffe/split_insertion.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
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
  // Pass 1: who reads what (blob names looked up in a hash map of views into `layers`, which
  // this pass does not change).
  std::unordered_map<std::string_view, TopId> last_top;  // blob name -> its latest producer
  std::vector<std::vector<size_t>> readers(layers.size());    // [layer][top] -> bottoms reading it
  std::vector<std::vector<TopId>> source_of(layers.size());   // [layer][bottom] -> producer top, or none
  constexpr TopId kNone{SIZE_MAX, SIZE_MAX};
  for (size_t i = 0; i < layers.size(); ++i) {
    readers[i].assign(layers[i].tops.size(), 0);
    source_of[i].assign(layers[i].bottoms.size(), kNone);
    for (size_t j = 0; j < layers[i].bottoms.size(); ++j) {
      const auto it = last_top.find(layers[i].bottoms[j]);
      if (it == last_top.end()) continue;  // unknown bottoms are reported by the graph builder
      source_of[i][j] = it->second;
      ++readers[it->second.first][it->second.second];
    }
    for (size_t j = 0; j < layers[i].tops.size(); ++j) last_top[layers[i].tops[j]] = {i, j};
  }

  // Pass 2: layers moved into `out` with a Split after each top read more than once (nothing to
  // do, and nothing copied, when every blob has at most one reader: a chain).
  size_t splits = 0;
  for (const auto& tops : readers) {
    for (const size_t n : tops) splits += n > 1 ? 1 : 0;
  }
  if (splits == 0) return;
  std::vector<Layer> out;
  out.reserve(layers.size() + splits);
  std::vector<size_t> placed(layers.size());                  // layer -> its index in out
  std::vector<std::vector<size_t>> next_split(layers.size());  // [layer][top] -> next split index
  for (size_t i = 0; i < layers.size(); ++i) {
    Layer layer = std::move(layers[i]);
    for (size_t j = 0; j < layer.bottoms.size(); ++j) {
      const TopId src = source_of[i][j];
      if (src == kNone || readers[src.first][src.second] <= 1) continue;
      if (layer.written_bottoms.empty()) layer.written_bottoms = layer.bottoms;
      auto& next = next_split[src.first];
      if (next.empty()) next.assign(readers[src.first].size(), 0);
      layer.bottoms[j] = split_blob_name(out[placed[src.first]].name, layer.bottoms[j], src.second, next[src.second]++);
    }
    placed[i] = out.size();
    out.push_back(std::move(layer));
    for (size_t j = 0; j < readers[i].size(); ++j) {
      const size_t n = readers[i][j];
      if (n <= 1) continue;
      const Layer& produced = out[placed[i]];
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
