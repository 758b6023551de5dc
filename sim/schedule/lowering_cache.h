// The kernels a network's layers lower to, kept across simulations of the same network.
//
// Lowering depends on the layer and the runtime's `lowering` section only, never on hardware
// values, so a sweep that varies the board (or fitted runtime rates) lowers each layer once
// instead of once per point (issue 17: lowering was 14% of a sweep's instructions, and its
// Shape arithmetic and allocations as much again). Convolutions that pick among algorithms by
// their cost are lowered per simulation, as before (their choice depends on the hardware).
//
// Not thread-safe: each thread of a sweep keeps its own. Entries are keyed by the Network's
// address, so a cache must not outlive, or see a changed, network.
#pragma once

#include <cstddef>
#include <memory>
#include <unordered_map>
#include <vector>

#include "sim/hwdesc/runtime.h"
#include "sim/lower/kernel.h"
#include "sim/workload/network.h"

namespace augur {

using KernelList = std::shared_ptr<const std::vector<Kernel>>;

class LoweringCache {
 public:
  // The lowered layers of one network under one lowering.
  class Entry {
   public:
    Entry(const Network* network, Lowering lowering);
    // The kernels of layer `index` (into the network's layers), lowered on first use. Layers
    // that lower to equal kernels share one list, so equal pointers mean equal costs (ResNet's
    // repeated blocks are costed once per simulation: see simulate's memo).
    const KernelList& kernels(size_t index);
    // Bytes of the layer's bottoms in the lowering's data type (hand-offs between processors).
    std::int64_t input_bytes(size_t index);
    const Network* network() const { return network_; }
    const Lowering& lowering() const { return lowering_; }

   private:
    const Network* network_;
    Lowering lowering_;
    std::vector<KernelList> kernels_;
    // Every distinct list so far, by the hash of its contents (a network of 100,000 different
    // layers is not compared list by list).
    std::unordered_map<std::size_t, std::vector<KernelList>> distinct_;
    std::vector<std::int64_t> input_bytes_;  // -1 until computed
  };

  // The entry of `network` under `lowering` (created empty on first use).
  Entry& entry(const Network& network, const Lowering& lowering);

 private:
  std::vector<std::unique_ptr<Entry>> entries_;  // few: networks × distinct lowerings
};

// Bytes of a layer's bottoms in `type`.
std::int64_t layer_input_bytes(const Layer& layer, DataType type);

}  // namespace augur
