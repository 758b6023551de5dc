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
  // Tops and bottoms numbered across the network (layer i's tops from top_at[i], its bottoms
  // from bottom_at[i]): one flat vector for each per-top and per-bottom table, not one per layer.
  std::vector<size_t> top_at(layers.size() + 1), bottom_at(layers.size() + 1);
  for (size_t i = 0; i < layers.size(); ++i) {
    top_at[i + 1] = top_at[i] + layers[i].tops.size();
    bottom_at[i + 1] = bottom_at[i] + layers[i].bottoms.size();
  }
  // Pass 1: who reads what (blob names looked up in a hash map of views into `layers`, which
  // this pass does not change).
  std::unordered_map<std::string_view, TopId> last_top;  // blob name -> its latest producer
  last_top.reserve(top_at.back());
  std::vector<size_t> readers(top_at.back(), 0);  // [top] -> bottoms reading it
  constexpr TopId kNone{SIZE_MAX, SIZE_MAX};
  std::vector<TopId> source_of(bottom_at.back(), kNone);  // [bottom] -> producer top, or none
  for (size_t i = 0; i < layers.size(); ++i) {
    for (size_t j = 0; j < layers[i].bottoms.size(); ++j) {
      const auto it = last_top.find(layers[i].bottoms[j]);
      if (it == last_top.end()) continue;  // unknown bottoms are reported by the graph builder
      source_of[bottom_at[i] + j] = it->second;
      ++readers[top_at[it->second.first] + it->second.second];
    }
    for (size_t j = 0; j < layers[i].tops.size(); ++j) last_top[layers[i].tops[j]] = {i, j};
  }

  // Pass 2: layers moved into `out` with a Split after each top read more than once (nothing to
  // do, and nothing copied, when every blob has at most one reader: a chain).
  size_t splits = 0;
  for (const size_t n : readers) splits += n > 1 ? 1 : 0;
  if (splits == 0) return;
  std::vector<Layer> out;
  out.reserve(layers.size() + splits);
  std::vector<size_t> placed(layers.size());          // layer -> its index in out
  std::vector<size_t> next_split(top_at.back(), 0);  // [top] -> next split index
  for (size_t i = 0; i < layers.size(); ++i) {
    Layer layer = std::move(layers[i]);
    for (size_t j = 0; j < layer.bottoms.size(); ++j) {
      const TopId src = source_of[bottom_at[i] + j];
      if (src == kNone) continue;
      const size_t top = top_at[src.first] + src.second;
      if (readers[top] <= 1) continue;
      if (layer.written_bottoms.empty()) layer.written_bottoms = layer.bottoms;
      layer.bottoms[j] = split_blob_name(out[placed[src.first]].name, layer.bottoms[j], src.second, next_split[top]++);
    }
    placed[i] = out.size();
    out.push_back(std::move(layer));
    for (size_t j = 0; j < out[placed[i]].tops.size(); ++j) {
      const size_t n = readers[top_at[i] + j];
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
