// Caffe and liveness footprints.
#include "sim/memplan/footprint.h"

#include <algorithm>
#include <functional>
#include <limits>
#include <optional>
#include <queue>
#include <string_view>
#include <unordered_map>

#include "sim/workload/accounting.h"

namespace augur {
namespace {

// One buffer of activations: the layer that allocates it and the last layer that touches it.
struct LiveRange {
  size_t first = 0, last = 0;
  std::int64_t bytes = 0;
};

// Buffers in execution order. An in-place top and a Split top share their bottom's buffer, so
// they extend its range instead of starting a new one. Blobs are numbered once (a hash of the
// name) and then indexed by number.
std::vector<LiveRange> live_ranges(const Network& net, std::int64_t bytes_per_element) {
  std::vector<LiveRange> ranges;
  constexpr size_t kNone = static_cast<size_t>(-1);
  std::unordered_map<std::string_view, size_t> blob_number;
  std::vector<size_t> buffer_of;  // blob number -> range index
  const auto number = [&](const std::string& blob) {
    const auto [it, added] = blob_number.try_emplace(blob, buffer_of.size());
    if (added) buffer_of.push_back(kNone);
    return it->second;
  };
  const auto& order = net.graph.topological_order();
  blob_number.reserve(order.size() + 1);  // about a blob per layer: no rehash on the way
  buffer_of.reserve(order.size() + 1);
  std::vector<size_t> bottoms;  // the layer's bottoms' numbers (one vector for all layers)
  for (size_t step = 0; step < order.size(); ++step) {
    const Layer& layer = net.graph.layers()[order[step]];
    bottoms.clear();
    for (const auto& b : layer.bottoms) {
      bottoms.push_back(number(b));
      if (buffer_of[bottoms.back()] != kNone) ranges[buffer_of[bottoms.back()]].last = step;
    }
    for (size_t t = 0; t < layer.tops.size(); ++t) {
      const size_t top = number(layer.tops[t]);
      const bool shares = layer.kind == LayerKind::Split || layer.kind == LayerKind::Flatten ||
                          layer.kind == LayerKind::Reshape ||
                          std::find(bottoms.begin(), bottoms.end(), top) != bottoms.end();
      if (shares && !bottoms.empty() && buffer_of[bottoms[0]] != kNone) {
        const size_t r = buffer_of[bottoms[0]];
        ranges[r].last = step;
        buffer_of[top] = r;
      } else {
        buffer_of[top] = ranges.size();
        ranges.push_back({step, step, layer.top_shapes[t].count() * bytes_per_element});
      }
    }
  }
  return ranges;
}

// The free gaps of an arena as a treap keyed by offset, each node knowing the longest gap in its
// subtree: the lowest gap that fits a size (first fit), inserting and removing a gap, and the
// gaps beside an offset are O(log n) expected.
class GapTreap {
 public:
  static constexpr std::int64_t kUnbounded = std::numeric_limits<std::int64_t>::max() / 4;

  GapTreap() { insert(0, kUnbounded); }

  // Offset of the lowest gap of at least `bytes`.
  std::int64_t first_fit(std::int64_t bytes) const {
    int t = root_;
    while (true) {
      const Node& n = nodes_[static_cast<size_t>(t)];
      if (n.left >= 0 && max_of(n.left) >= bytes) {
        t = n.left;
      } else if (n.length >= bytes) {
        return n.offset;
      } else {
        t = n.right;
      }
    }
  }
  // Takes [offset, offset + bytes) out of the gap that starts at `offset`.
  void allocate(std::int64_t offset, std::int64_t bytes) {
    const std::int64_t length = erase(offset);
    if (length > bytes) insert(offset + bytes, length == kUnbounded ? kUnbounded : length - bytes);
  }
  // Returns [offset, offset + bytes) to the free gaps, merging it with its neighbours.
  void release(std::int64_t offset, std::int64_t bytes) {
    std::int64_t start = offset, length = bytes;
    if (const auto before = last_before(offset); before && before->first + before->second == offset) {
      start = before->first;
      length += erase(before->first);
    }
    if (const std::int64_t after = length_at(offset + bytes); after > 0) {
      erase(offset + bytes);
      length = after == kUnbounded ? kUnbounded : length + after;
    }
    insert(start, length);
  }

 private:
  struct Node {
    std::int64_t offset, length, max;
    std::uint32_t priority;
    int left = -1, right = -1;
  };

  std::int64_t max_of(int t) const { return t < 0 ? -1 : nodes_[static_cast<size_t>(t)].max; }
  void update(int t) {
    Node& n = nodes_[static_cast<size_t>(t)];
    n.max = std::max({n.length, max_of(n.left), max_of(n.right)});
  }
  // Splits `t` into the nodes with offset < key and those with offset >= key.
  void split(int t, std::int64_t key, int& less, int& rest) {
    if (t < 0) {
      less = rest = -1;
      return;
    }
    Node& n = nodes_[static_cast<size_t>(t)];
    if (n.offset < key) {
      split(n.right, key, nodes_[static_cast<size_t>(t)].right, rest);
      less = t;
    } else {
      split(n.left, key, less, nodes_[static_cast<size_t>(t)].left);
      rest = t;
    }
    update(t);
  }
  int merge(int a, int b) {
    if (a < 0) return b;
    if (b < 0) return a;
    if (nodes_[static_cast<size_t>(a)].priority > nodes_[static_cast<size_t>(b)].priority) {
      nodes_[static_cast<size_t>(a)].right = merge(nodes_[static_cast<size_t>(a)].right, b);
      update(a);
      return a;
    }
    nodes_[static_cast<size_t>(b)].left = merge(a, nodes_[static_cast<size_t>(b)].left);
    update(b);
    return b;
  }
  void insert(std::int64_t offset, std::int64_t length) {
    int node;
    if (!free_.empty()) {
      node = free_.back();
      free_.pop_back();
    } else {
      node = static_cast<int>(nodes_.size());
      nodes_.emplace_back();
    }
    seed_ = seed_ * 1664525u + 1013904223u;  // deterministic priorities: same plan every run
    nodes_[static_cast<size_t>(node)] = Node{offset, length, length, seed_, -1, -1};
    int less, rest;
    split(root_, offset, less, rest);
    root_ = merge(merge(less, node), rest);
  }
  // Removes the gap at `offset`; returns its length (0 when there is none).
  std::int64_t erase(std::int64_t offset) {
    int less, rest, mid, more;
    split(root_, offset, less, rest);
    split(rest, offset + 1, mid, more);
    const std::int64_t length = mid < 0 ? 0 : nodes_[static_cast<size_t>(mid)].length;
    if (mid >= 0) free_.push_back(mid);
    root_ = merge(less, more);
    return length;
  }
  std::int64_t length_at(std::int64_t offset) const {
    for (int t = root_; t >= 0;) {
      const Node& n = nodes_[static_cast<size_t>(t)];
      if (n.offset == offset) return n.length;
      t = offset < n.offset ? n.left : n.right;
    }
    return 0;
  }
  std::optional<std::pair<std::int64_t, std::int64_t>> last_before(std::int64_t offset) const {
    std::optional<std::pair<std::int64_t, std::int64_t>> best;
    for (int t = root_; t >= 0;) {
      const Node& n = nodes_[static_cast<size_t>(t)];
      if (n.offset < offset) {
        best = std::pair{n.offset, n.length};
        t = n.right;
      } else {
        t = n.left;
      }
    }
    return best;
  }

  std::vector<Node> nodes_;
  std::vector<int> free_;
  int root_ = -1;
  std::uint32_t seed_ = 12345;
};

}  // namespace

std::int64_t activation_peak_bytes(const Network& net, std::int64_t bytes_per_element) {
  // Sweep over steps: +bytes where a range starts, -bytes after it ends.
  std::vector<std::int64_t> delta(net.graph.layers().size() + 1, 0);
  for (const auto& r : live_ranges(net, bytes_per_element)) {
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

// Linear-scan allocation in order of first use, first fit among the free gaps: buffers whose
// life ended are released (a heap by last use), gaps live in a treap. O(n log n).
std::int64_t linear_scan_arena_bytes(std::vector<LiveRange> ranges) {
  std::sort(ranges.begin(), ranges.end(), [](const LiveRange& a, const LiveRange& b) { return a.first < b.first; });
  struct Live {
    size_t last;
    std::int64_t offset, bytes;
    bool operator>(const Live& o) const { return last > o.last; }
  };
  std::priority_queue<Live, std::vector<Live>, std::greater<>> live;  // earliest end on top
  GapTreap gaps;
  std::int64_t arena = 0;
  for (const auto& r : ranges) {
    while (!live.empty() && live.top().last < r.first) {
      gaps.release(live.top().offset, live.top().bytes);
      live.pop();
    }
    if (r.bytes <= 0) continue;  // takes no space anywhere
    const std::int64_t offset = gaps.first_fit(r.bytes);
    gaps.allocate(offset, r.bytes);
    live.push({r.last, offset, r.bytes});
    arena = std::max(arena, offset + r.bytes);
  }
  return arena;
}

std::int64_t packed_arena_bytes(const Network& net, std::int64_t bytes_per_element) {
  auto ranges = live_ranges(net, bytes_per_element);
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
  placed.reserve(ranges.size());
  std::int64_t arena = 0;
  // Address intervals taken by buffers whose lives overlap the one placed, by offset (one vector,
  // refilled for each buffer).
  std::vector<std::pair<std::int64_t, std::int64_t>> taken;
  for (const auto& r : ranges) {
    taken.clear();
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
                      std::int64_t capacity_bytes, const std::vector<std::optional<std::int64_t>>& library_workspaces) {
  Footprint f;
  std::int64_t weights_once = 0, largest_step_extra = 0, largest_workspace = 0, shared_workspace = 0;
  for (size_t index : net.graph.topological_order()) {
    const Layer& layer = net.graph.layers()[index];
    const LayerCounts c = count_layer(layer);
    LayerMemory m;
    m.weight_bytes = c.params * rt.bytes_per_element;
    m.top_bytes = c.top_elements * rt.bytes_per_element;
    const bool shares = layer.kind == LayerKind::Split || layer.kind == LayerKind::Flatten ||
                        layer.kind == LayerKind::Reshape || layer.in_place();
    m.allocated_bytes = shares ? 0 : m.top_bytes;
    m.internal_bytes = c.internal_elements * rt.bytes_per_element;
    const bool library = index < library_workspaces.size() && library_workspaces[index].has_value();
    m.workspace_bytes = library ? *library_workspaces[index] : c.im2col_elements * rt.bytes_per_element;
    weights_once += m.weight_bytes;
    f.data_bytes += m.top_bytes;
    f.data_allocated_bytes += m.allocated_bytes;
    f.internal_bytes += m.internal_bytes;
    largest_workspace = std::max(largest_workspace, m.workspace_bytes);
    largest_step_extra = std::max(largest_step_extra, m.internal_bytes + m.workspace_bytes);
    if (library) {
      shared_workspace = std::max(shared_workspace, m.workspace_bytes);
    } else {
      f.workspace_bytes += m.workspace_bytes;
    }
    f.layers.push_back(m);
  }
  f.workspace_bytes += shared_workspace;
  f.weights_bytes = weights_once * rt.weight_copies;
  f.runtime_bytes = rt.fixed_bytes;
  f.caffe_total_bytes = f.weights_bytes + f.data_allocated_bytes + f.internal_bytes +
                        f.workspace_bytes + f.runtime_bytes;
  f.activation_peak_bytes = activation_peak_bytes(net, rt.bytes_per_element);
  f.arena_bytes = packed_arena_bytes(net, rt.bytes_per_element);
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
