// Caffe and liveness footprints.
#include "sim/memplan/footprint.h"

#include <algorithm>
#include <map>

#include "sim/workload/accounting.h"

namespace augur {
namespace {

// One buffer of activations: the layer that allocates it and the last layer that touches it.
struct LiveRange {
  size_t first = 0, last = 0;
  std::int64_t bytes = 0;
};

// Buffers in execution order. An in-place top and a Split top share their bottom's buffer, so
// they extend its range instead of starting a new one.
std::vector<LiveRange> live_ranges(const Network& net) {
  std::vector<LiveRange> ranges;
  std::map<std::string, size_t> buffer_of;  // blob name -> range index
  const auto& order = net.graph.topological_order();
  for (size_t step = 0; step < order.size(); ++step) {
    const Layer& layer = net.graph.layers()[order[step]];
    for (const auto& b : layer.bottoms) {
      const auto it = buffer_of.find(b);
      if (it != buffer_of.end()) ranges[it->second].last = step;
    }
    for (size_t t = 0; t < layer.tops.size(); ++t) {
      const std::string& top = layer.tops[t];
      const bool shares = layer.kind == LayerKind::Split || layer.kind == LayerKind::Flatten ||
                          layer.kind == LayerKind::Reshape ||
                          std::find(layer.bottoms.begin(), layer.bottoms.end(), top) != layer.bottoms.end();
      if (shares && !layer.bottoms.empty() && buffer_of.count(layer.bottoms[0])) {
        const size_t r = buffer_of[layer.bottoms[0]];
        ranges[r].last = step;
        buffer_of[top] = r;
      } else {
        buffer_of[top] = ranges.size();
        ranges.push_back({step, step, layer.top_shapes[t].count() * kFloatBytes});
      }
    }
  }
  return ranges;
}

}  // namespace

std::int64_t activation_peak_bytes(const Network& net) {
  // Sweep over steps: +bytes where a range starts, -bytes after it ends.
  std::vector<std::int64_t> delta(net.graph.layers().size() + 1, 0);
  for (const auto& r : live_ranges(net)) {
    delta[r.first] += r.bytes;
    delta[r.last + 1] -= r.bytes;
  }
  std::int64_t live = 0, peak = 0;
  for (const auto d : delta) {
    live += d;
    peak = std::max(peak, live);
  }
  return peak;
}

// Linear-scan allocation in order of first use (first fit among the gaps of the live buffers):
// O(ranges x live) for networks too large for greedy-by-size packing.
std::int64_t linear_scan_arena_bytes(std::vector<LiveRange> ranges) {
  std::sort(ranges.begin(), ranges.end(), [](const LiveRange& a, const LiveRange& b) { return a.first < b.first; });
  std::vector<std::pair<std::int64_t, LiveRange>> live;  // (offset, range), by offset
  std::int64_t arena = 0;
  for (const auto& r : ranges) {
    std::erase_if(live, [&](const auto& e) { return e.second.last < r.first; });
    std::int64_t offset = 0;
    size_t at = 0;
    for (; at < live.size(); ++at) {
      if (offset + r.bytes <= live[at].first) break;
      offset = std::max(offset, live[at].first + live[at].second.bytes);
    }
    live.insert(live.begin() + static_cast<long>(at), {offset, r});
    arena = std::max(arena, offset + r.bytes);
  }
  return arena;
}

std::int64_t packed_arena_bytes(const Network& net) {
  auto ranges = live_ranges(net);
  constexpr size_t kGreedyLimit = 5000;  // greedy-by-size is quadratic in the number of buffers
  if (ranges.size() > kGreedyLimit) return linear_scan_arena_bytes(std::move(ranges));
  std::sort(ranges.begin(), ranges.end(), [](const LiveRange& a, const LiveRange& b) {
    return a.bytes != b.bytes ? a.bytes > b.bytes : a.first < b.first;
  });
  struct Placed {
    LiveRange range;
    std::int64_t offset;
  };
  std::vector<Placed> placed;
  std::int64_t arena = 0;
  for (const auto& r : ranges) {
    // Address intervals taken by buffers whose lives overlap this one, by offset.
    std::vector<std::pair<std::int64_t, std::int64_t>> taken;
    for (const auto& p : placed) {
      if (p.range.first <= r.last && r.first <= p.range.last) taken.emplace_back(p.offset, p.offset + p.range.bytes);
    }
    std::sort(taken.begin(), taken.end());
    std::int64_t offset = 0;
    for (const auto& [begin, end] : taken) {
      if (offset + r.bytes <= begin) break;
      offset = std::max(offset, end);
    }
    placed.push_back({r, offset});
    arena = std::max(arena, offset + r.bytes);
  }
  return arena;
}

Footprint plan_memory(const Network& net, const RuntimeMemory& rt, MemoryPolicy policy,
                      std::int64_t capacity_bytes) {
  Footprint f;
  std::int64_t weights_once = 0, largest_step_extra = 0, largest_workspace = 0;
  for (size_t index : net.graph.topological_order()) {
    const Layer& layer = net.graph.layers()[index];
    const LayerCounts c = count_layer(layer);
    LayerMemory m;
    m.weight_bytes = c.params * kFloatBytes;
    m.top_bytes = c.top_elements * kFloatBytes;
    const bool shares = layer.kind == LayerKind::Split || layer.kind == LayerKind::Flatten ||
                        layer.kind == LayerKind::Reshape || layer.in_place();
    m.allocated_bytes = shares ? 0 : m.top_bytes;
    m.internal_bytes = c.internal_elements * kFloatBytes;
    m.workspace_bytes = c.im2col_elements * kFloatBytes;
    weights_once += m.weight_bytes;
    f.data_bytes += m.top_bytes;
    f.data_allocated_bytes += m.allocated_bytes;
    f.internal_bytes += m.internal_bytes;
    largest_workspace = std::max(largest_workspace, m.workspace_bytes);
    largest_step_extra = std::max(largest_step_extra, m.internal_bytes + m.workspace_bytes);
    f.workspace_bytes += m.workspace_bytes;
    f.layers.push_back(m);
  }
  f.weights_bytes = weights_once * rt.weight_copies;
  f.runtime_bytes = rt.fixed_bytes;
  f.caffe_total_bytes = f.weights_bytes + f.data_allocated_bytes + f.internal_bytes +
                        f.workspace_bytes + f.runtime_bytes;
  f.activation_peak_bytes = activation_peak_bytes(net);
  f.arena_bytes = packed_arena_bytes(net);
  // Liveness: one copy of the weights where the layers run, the packed activation arena, and the
  // largest internal buffers + workspace of one layer (freed or reused after each layer).
  f.peak_liveness_bytes = weights_once + f.arena_bytes + largest_step_extra + f.runtime_bytes;
  if (policy == MemoryPolicy::Liveness) {
    f.weights_bytes = weights_once;
    f.workspace_bytes = largest_workspace;
    f.total_bytes = f.peak_liveness_bytes;
  } else {
    f.total_bytes = f.caffe_total_bytes;
  }
  f.capacity_bytes = capacity_bytes;
  f.fits = f.total_bytes <= capacity_bytes;
  return f;
}

}  // namespace augur
