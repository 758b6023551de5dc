// LoweringCache: lazily filled per layer.
#include "sim/schedule/lowering_cache.h"

#include "sim/lower/lowering.h"

namespace augur {

std::int64_t layer_input_bytes(const Layer& layer, DataType type) {
  std::int64_t bytes = 0;
  for (const auto& s : layer.bottom_shapes) bytes += s.count() * element_bytes(type);
  return bytes;
}

LoweringCache::Entry::Entry(const Network* network, Lowering lowering)
    : network_(network),
      lowering_(std::move(lowering)),
      kernels_(network->graph.layers().size()),
      input_bytes_(network->graph.layers().size(), -1) {}

const KernelList& LoweringCache::Entry::kernels(size_t index) {
  KernelList& k = kernels_[index];
  if (k) return k;
  std::vector<Kernel> lowered = lower_layer(network_->graph.layers()[index], lowering_);
  for (const auto& seen : distinct_) {
    if (*seen == lowered) return k = seen;
  }
  k = std::make_shared<const std::vector<Kernel>>(std::move(lowered));
  distinct_.push_back(k);
  return k;
}

std::int64_t LoweringCache::Entry::input_bytes(size_t index) {
  std::int64_t& b = input_bytes_[index];
  if (b < 0) b = layer_input_bytes(network_->graph.layers()[index], lowering_.data_type);
  return b;
}

LoweringCache::Entry& LoweringCache::entry(const Network& network, const Lowering& lowering) {
  for (auto& e : entries_) {
    if (e->network() == &network && e->lowering() == lowering) return *e;
  }
  entries_.push_back(std::make_unique<Entry>(&network, lowering));
  return *entries_.back();
}

}  // namespace augur
