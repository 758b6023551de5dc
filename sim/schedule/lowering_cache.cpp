// LoweringCache: lazily filled per layer.
#include "sim/schedule/lowering_cache.h"

#include "sim/lower/lowering.h"

namespace augur {

std::int64_t layer_input_bytes(const Layer& layer, DataType type) {
  std::int64_t bytes = 0;
  for (const auto& s : layer.bottom_shapes) bytes += s.count() * element_bytes(type);
  return bytes;
}

namespace {

// A hash of a kernel list's contents: what the cost models read of each kernel.
std::size_t contents_hash(const std::vector<Kernel>& kernels) {
  std::size_t h = kernels.size();
  const auto mix = [&h](std::size_t v) { h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2); };
  for (const Kernel& k : kernels) {
    mix(std::hash<std::string>{}(k.label));
    for (const std::int64_t v : {static_cast<std::int64_t>(k.kind), static_cast<std::int64_t>(k.op), k.launches, k.m,
                                 k.n, k.k, k.elements, k.outputs, k.bytes_read, k.bytes_written}) {
      mix(std::hash<std::int64_t>{}(v));
    }
  }
  return h;
}

}  // namespace

LoweringCache::Entry::Entry(const Network* network, Lowering lowering)
    : network_(network),
      lowering_(std::move(lowering)),
      kernels_(network->graph.layers().size()),
      input_bytes_(network->graph.layers().size(), -1) {}

const KernelList& LoweringCache::Entry::kernels(size_t index) {
  KernelList& k = kernels_[index];
  if (k) return k;
  std::vector<Kernel> lowered = lower_layer(network_->graph.layers()[index], lowering_);
  std::vector<KernelList>& same_hash = distinct_[contents_hash(lowered)];
  for (const auto& seen : same_hash) {
    if (*seen == lowered) return k = seen;
  }
  k = std::make_shared<const std::vector<Kernel>>(std::move(lowered));
  same_hash.push_back(k);
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
