// Placement and timelines over any number of processors.
#include "sim/schedule/simulation.h"

#include "sim/model/async_issue.h"

#include <algorithm>
#include <limits>
#include <unordered_map>

#include <boost/container/small_vector.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "sim/core/error.h"
#include "sim/lower/convolution_algorithms.h"
#include "sim/lower/lowering.h"
#include "sim/processors/registry.h"

namespace augur {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

// A processor that may run layers: its model and runtime.
struct Candidate {
  size_t index = 0;  // into platform.processors
  const Processor* processor = nullptr;
  const ProcessorModel* model = nullptr;
  const Runtime* runtime = nullptr;
};

// Per layer; the per-candidate parts stay inline for up to three processors (no allocation).
struct Evaluated {
  // Inline for up to three processors (no allocation per layer; both are shared pointers).
  boost::container::small_vector<KernelList, 3> kernels;  // per candidate (shared with the cache)
  boost::container::small_vector<CostPtr, 3> cost;        // per candidate (shared by equal layers); null where it cannot run
  std::int64_t input_bytes = 0;              // bottoms, for hand-offs
  // After fusion: the layers fused into this one with the shares, or that this one was fused
  // into an earlier layer (it is then not reported on its own).
  std::vector<size_t> fused;
  std::vector<double> shares;
  bool absorbed = false;
};

std::vector<std::string> processor_names(const Platform& p) {
  std::vector<std::string> names;
  for (const auto& proc : p.processors) names.push_back(proc.name);
  return names;
}

const Runtime* runtime_of(const Runtimes& runtimes, const std::string& name) {
  for (const auto& b : runtimes) {
    if (b.processor == name && b.runtime != nullptr) return b.runtime;
  }
  return nullptr;
}

}  // namespace

std::string no_runtime_message(const std::string& processor) {
  return fmt::format("processor '{}' has no runtime: the board names none (add `runtime: FILE` to the processor in "
                     "the board, or give one with --runtime {}=FILE)",
                     processor, processor);
}

namespace {

Candidate candidate(const Platform& p, size_t index, const Runtimes& runtimes) {
  const Processor& proc = p.processors[index];
  const Runtime* rt = runtime_of(runtimes, proc.name);
  if (rt == nullptr) throw UserError(no_runtime_message(proc.name));
  const ProcessorModel& model = model_of(proc);
  if (rt->model != proc.model) {
    throw UserError(fmt::format("processor '{}' is a {} but its runtime '{}' is for a {}", proc.name, proc.model,
                                rt->name, rt->model));
  }
  return Candidate{index, &proc, &model, rt};
}

// The processors that may run layers: the chosen one first, then (for fallback, or for auto)
// every other processor of the board that has a runtime.
std::vector<Candidate> candidates(const Platform& p, const Runtimes& runtimes, const std::string& chosen) {
  std::vector<Candidate> out;
  if (chosen == kAutoPlacement) {  // every processor that has a runtime (one without runs nothing)
    for (size_t i = 0; i < p.processors.size(); ++i) {
      if (runtime_of(runtimes, p.processors[i].name) != nullptr) out.push_back(candidate(p, i, runtimes));
    }
    if (out.empty() && !p.processors.empty()) throw UserError(no_runtime_message(p.processors.front().name));
    return out;
  }
  const Processor* first = p.find(chosen);
  if (first == nullptr) {
    throw UserError(fmt::format("the board has no processor '{}' (it has: {}, or auto)", chosen,
                                fmt::join(processor_names(p), ", ")));
  }
  const size_t first_index = static_cast<size_t>(first - p.processors.data());
  out.push_back(candidate(p, first_index, runtimes));
  for (size_t i = 0; i < p.processors.size(); ++i) {
    if (i != first_index && runtime_of(runtimes, p.processors[i].name) != nullptr) {
      out.push_back(candidate(p, i, runtimes));
    }
  }
  return out;
}

// Whether two runtimes lower every layer to the same kernels (never when either picks among
// convolution algorithms by their cost on its own processor).
bool same_lowering(const Lowering& a, const Lowering& b) {
  return a == b && a.convolution_candidates.empty();
}

// A convolution whose runtime lists algorithms, lowered by each it permits and costed on the
// candidate's processor: it runs the fastest, timed alone (as cuDNN's FindEx and TensorRT time
// them); ties go to the earlier one in the runtime's list.
void lower_fastest(const Layer& layer, const std::vector<ConvolutionLowering>& algorithms, const Candidate& cand,
                   const Platform& p, CacheModel cache_model, KernelList& kernels, CostPtr& cost) {
  for (ConvolutionLowering a : algorithms) {
    auto k = std::make_shared<const std::vector<Kernel>>(lower_layer(layer, cand.runtime->lowering, a));
    LayerCost c = cand.model->cost(*k, *cand.processor, *cand.runtime, p.memory, cache_model);
    if (!cost || c.layerwise_seconds < cost->layerwise_seconds) {
      kernels = std::move(k);
      cost = std::make_shared<const LayerCost>(std::move(c));
    }
  }
}

// Lowers and costs every layer on the candidates that need it: all of them for auto; for one
// processor, the others only where it cannot run the layer.
std::vector<Evaluated> evaluate(const Network& net, const Platform& p, const std::vector<Candidate>& cands,
                                bool all, CacheModel cache_model, LoweringCache& cache) {
  std::vector<Evaluated> out;
  out.reserve(net.graph.layers().size());
  boost::container::small_vector<LoweringCache::Entry*, 3> cached;
  for (const auto& cand : cands) cached.push_back(&cache.entry(net, cand.runtime->lowering));
  // Per candidate: the cached kernel lists costed so far -> the layer (index into out) that has the cost.
  boost::container::small_vector<std::unordered_map<const std::vector<Kernel>*, size_t>, 3> costed(cands.size());
  for (size_t index : net.graph.topological_order()) {
    const Layer& layer = net.graph.layers()[index];
    Evaluated& e = out.emplace_back();  // in place (out is reserved: references stay valid)
    e.kernels.resize(cands.size());
    e.cost.resize(cands.size());
    e.input_bytes = cached.front()->input_bytes(index);
    bool placed = false;
    for (size_t c = 0; c < cands.size(); ++c) {
      if (!all && placed) break;
      const Candidate& cand = cands[c];
      if (!cand.model->cannot_run(layer).empty()) continue;
      size_t same = c;  // an earlier candidate whose runtime lowers the same way
      for (size_t b = 0; b < c && same == c; ++b) {
        if (e.cost[b] && same_lowering(cands[b].runtime->lowering, cand.runtime->lowering)) same = b;
      }
      const std::vector<ConvolutionLowering> algorithms =
          same == c ? algorithms_to_try(layer, cand.runtime->lowering) : std::vector<ConvolutionLowering>{};
      if (same != c) {
        e.kernels[c] = e.kernels[same];
        e.cost[c] = std::make_shared<const LayerCost>(
            cand.model->cost(*e.kernels[c], *cand.processor, *cand.runtime, p.memory, cache_model));
      } else if (!algorithms.empty()) {
        lower_fastest(layer, algorithms, cand, p, cache_model, e.kernels[c], e.cost[c]);
      } else {
        // Lowered once per network; a kernel list already costed in this simulation costs the same.
        e.kernels[c] = cached[c]->kernels(index);
        const auto seen = costed[c].find(e.kernels[c].get());
        if (seen != costed[c].end()) {
          e.cost[c] = out[seen->second].cost[c];  // shared: equal kernels, equal cost
        } else {
          e.cost[c] = std::make_shared<const LayerCost>(
              cand.model->cost(*e.kernels[c], *cand.processor, *cand.runtime, p.memory, cache_model));
          costed[c].emplace(e.kernels[c].get(), out.size() - 1);
        }
      }
      placed = true;
    }
    if (!placed) {
      throw UserError(fmt::format("layer '{}' ({}): no processor of the board with a runtime can run it",
                                  layer.name, caffe_type_name(layer.kind)));
    }
  }
  return out;
}

// Hand-off of `bytes` of inputs between processors: the framework synchronises with the one that
// produced them (the larger per-layer sync of the two) and copies host <-> device buffers (read +
// write through DRAM), as Caffe's SyncedMemory does.
double handoff_seconds(std::int64_t bytes, const Candidate& from, const Candidate& to, const Platform& p) {
  const double sync = std::max(from.model->host_costs(*from.runtime, *from.processor).layer_sync_s,
                               to.model->host_costs(*to.runtime, *to.processor).layer_sync_s);
  return sync + 2.0 * static_cast<double>(bytes) / p.memory.bandwidth_bytes_per_s;
}

double layerwise(const Evaluated& e, size_t c) { return e.cost[c] ? e.cost[c]->layerwise_seconds : kInfinity; }

// Chooses a candidate per layer minimising the sum of layerwise costs plus hand-offs (exact for
// chains: the state is the processor of the previous layer). Ties go to the earlier processor.
std::vector<size_t> place_auto(const std::vector<Evaluated>& layers, const std::vector<Candidate>& cands,
                               const Platform& p) {
  const size_t n = layers.size(), k = cands.size();
  std::vector<std::vector<double>> best(n, std::vector<double>(k, kInfinity));
  std::vector<std::vector<size_t>> from(n, std::vector<size_t>(k, 0));
  for (size_t i = 0; i < n; ++i) {
    for (size_t here = 0; here < k; ++here) {
      const double cost = layerwise(layers[i], here);
      if (i == 0) {
        best[i][here] = cost;
        from[i][here] = here;
        continue;
      }
      for (size_t before = 0; before < k; ++before) {
        const double move =
            before == here ? 0.0 : handoff_seconds(layers[i].input_bytes, cands[before], cands[here], p);
        const double total = best[i - 1][before] + move + cost;
        if (total < best[i][here]) {
          best[i][here] = total;
          from[i][here] = before;
        }
      }
    }
  }
  std::vector<size_t> placement(n, 0);
  if (n == 0) return placement;
  size_t state = 0;
  for (size_t c = 1; c < k; ++c) {
    if (best[n - 1][c] < best[n - 1][state]) state = c;
  }
  for (size_t i = n; i-- > 0;) {
    placement[i] = state;
    state = from[i][state];
  }
  return placement;
}

// The fusion pass over the placed kernels: where a layer and the next run on one processor whose
// runtime fuses conv + bias + ReLU, the next is a ReLU reading only this layer's output, and this
// layer is a Convolution or InnerProduct, the ReLU's kernels and this layer's bias pass go (the
// GEMM applies both as it writes C) and the pair is costed, and reported, as one layer.
void fuse(const Network& net, std::vector<Evaluated>& layers, const std::vector<size_t>& placement,
          const std::vector<Candidate>& cands, const Platform& p, CacheModel cache_model) {
  const auto& order = net.graph.topological_order();
  for (size_t i = 0; i + 1 < layers.size(); ++i) {
    const size_t c = placement[i];
    if (placement[i + 1] != c || layers[i].absorbed) continue;
    const Fusion fusion = cands[c].runtime->lowering.fusion;
    if (fusion == Fusion::None) continue;
    const Layer& head = net.graph.layers()[order[i]];
    const Layer& next = net.graph.layers()[order[i + 1]];
    const bool gemm_layer = head.kind == LayerKind::Convolution ||
                            (head.kind == LayerKind::InnerProduct && fusion == Fusion::ConvBiasRelu);
    const std::vector<size_t> readers = net.graph.successors(order[i]);
    if (!gemm_layer || next.kind != LayerKind::ReLU || readers.size() != 1 || readers[0] != order[i + 1]) continue;
    std::vector<Kernel> kernels;
    for (const auto& k : *layers[i].kernels[c]) {
      if (k.kind == KernelKind::Stream && k.op == StreamOp::Bias) continue;
      kernels.push_back(k);
      if (k.kind != KernelKind::Stream) kernels.back().label += "+bias+relu";
    }
    const double a = layers[i].cost[c]->layerwise_seconds, b = layers[i + 1].cost[c]->layerwise_seconds;
    layers[i].kernels[c] = std::make_shared<const std::vector<Kernel>>(std::move(kernels));
    layers[i].cost[c] = std::make_shared<const LayerCost>(cands[c].model->cost(
        *layers[i].kernels[c], *cands[c].processor, *cands[c].runtime, p.memory, cache_model));
    layers[i].fused = {order[i + 1]};
    layers[i].shares = {a / (a + b), b / (a + b)};
    layers[i + 1].absorbed = true;
  }
}

// The chosen processor where it can run the layer, else the first other candidate that can.
std::vector<size_t> place_on_first(const std::vector<Evaluated>& layers) {
  std::vector<size_t> placement;
  for (const auto& e : layers) {
    size_t c = 0;
    while (!e.cost[c]) ++c;
    placement.push_back(c);
  }
  return placement;
}

// Walks the layers in order. Synchronous processors run on the host thread (after every device
// has finished: they read its results); an asynchronous processor's kernels are issued by the
// host (layer overhead, then launch_issue each) and run when that processor is free.
// Detail::Full keeps kernels, costs, candidates and slices (shared with `layers`);
// Detail::Summary keeps each layer's times and cost; Detail::Times only the times.
enum class Detail { Times, Summary, Full };

SimulationResult timeline(const Network& net, std::vector<Evaluated>& layers,
                          const std::vector<size_t>& placement, const std::vector<Candidate>& cands,
                          const Platform& p, Detail detail, bool keep_timeline = false) {
  const bool keep_details = detail == Detail::Full;
  const bool keep_slices = keep_details && keep_timeline;
  SimulationResult result;
  result.processors = processor_names(p);
  result.host_track = p.processors.size();
  for (size_t i = 0; keep_details && i < p.processors.size(); ++i) {
    if (model_of(p.processors[i]).issue() == Issue::Synchronous) {
      result.host_track = i;
      break;
    }
  }
  using Kind = TimelineSlice::Kind;
  const auto slice = [&](size_t track, double start, double duration, Kind kind, size_t kernel) {
    if (keep_slices && duration > 0) {
      result.timeline.push_back({track, start, duration, kind, result.layers.size(), kernel});
    }
  };
  double host = 0;
  std::vector<double> device(p.processors.size(), 0.0);  // when each processor is next free
  const auto devices_done = [&] { return *std::max_element(device.begin(), device.end()); };
  result.layers.reserve(layers.size());
  for (size_t i = 0; i < layers.size(); ++i) {
    Evaluated& e = layers[i];
    if (e.absorbed) continue;  // reported with the layer it was fused into
    const Candidate& cand = cands[placement[i]];
    const LayerCost& cost = *e.cost[placement[i]];
    const std::vector<Kernel>& kernels = *e.kernels[placement[i]];
    LayerResult r;
    r.layer = net.graph.topological_order()[i];
    r.fused = e.fused;
    r.shares = e.shares;
    r.processor = cand.index;
    if (keep_details) {
      r.layerwise_by_processor.assign(p.processors.size(), std::nullopt);
      for (size_t c = 0; c < cands.size(); ++c) {
        if (e.cost[c]) r.layerwise_by_processor[cands[c].index] = e.cost[c]->layerwise_seconds;
      }
    }
    if (i > 0 && placement[i] != placement[i - 1]) {
      r.handoff_seconds = handoff_seconds(e.input_bytes, cands[placement[i - 1]], cand, p);
      slice(result.host_track, std::max(host, devices_done()), r.handoff_seconds, Kind::Handoff, SIZE_MAX);
      host = std::max(host, devices_done()) + r.handoff_seconds;
      std::fill(device.begin(), device.end(), host);
    }
    if (cand.model->issue() == Issue::Synchronous) {
      r.start_seconds = std::max(host, devices_done());
      host = r.start_seconds + cost.layerwise_seconds;
      r.end_seconds = host;
      slice(cand.index, r.start_seconds, cost.layerwise_seconds, Kind::Layer, SIZE_MAX);
    } else {
      const HostCosts& h = cost.host;
      double& free = device[cand.index];
      slice(result.host_track, host, h.layer_overhead_s, Kind::Host, SIZE_MAX);
      host += h.layer_overhead_s;
      r.start_seconds = std::max(free, host + h.launch_issue_s);
      for (size_t k = 0; k < kernels.size(); ++k) {
        const double launches = static_cast<double>(std::max<std::int64_t>(1, kernels[k].launches));
        const IssuedCalls issued = issue_calls(host, free, launches, kernels[k].gpu_kernels_per_call * h.launch_issue_s,
                                               cost.kernels[k].seconds / launches);
        slice(result.host_track, host, issued.host_end - host, Kind::Host, k);
        slice(cand.index, issued.first_start, issued.device_end - issued.first_start, Kind::Kernel, k);
        free = issued.device_end;
        host = issued.host_end;
      }
      r.end_seconds = std::max(free, r.start_seconds);
    }
    const double timed_alone = cost.layerwise_seconds + r.handoff_seconds;
    result.layerwise_seconds += timed_alone;
    result.timed_pass_seconds += timed_alone + cost.host.timer_gap_s;
    if (placement[i] != 0) ++result.fallback_layers;
    if (detail == Detail::Summary) r.cost_ptr = e.cost[placement[i]];
    if (keep_details) {
      r.kernel_list = e.kernels[placement[i]];
      r.cost_ptr = e.cost[placement[i]];
      const Layer& layer = net.graph.layers()[r.layer];
      if (const auto algorithm = layer_algorithm(r)) {
        r.workspace_bytes = convolution_workspace_bytes(layer, *algorithm, element_bytes(r.kernels().front().data_type));
      }
    }
    result.layers.push_back(std::move(r));
  }
  result.forward_seconds = std::max(host, devices_done());
  return result;
}

}  // namespace

std::optional<ConvolutionLowering> layer_algorithm(const LayerResult& r) {
  for (const auto& k : r.kernels()) {
    if (k.algorithm) return k.algorithm;
  }
  return std::nullopt;
}

boost::container::small_vector<std::pair<size_t, double>, 4> covered_layers(const LayerResult& r) {
  boost::container::small_vector<std::pair<size_t, double>, 4> out;
  if (r.fused.empty()) {
    out.emplace_back(r.layer, 1.0);
    return out;
  }
  out.emplace_back(r.layer, r.shares.empty() ? 1.0 : r.shares[0]);
  for (size_t i = 0; i < r.fused.size(); ++i) out.emplace_back(r.fused[i], i + 1 < r.shares.size() ? r.shares[i + 1] : 0.0);
  return out;
}

std::string slice_name(const Network& net, const SimulationResult& result, const TimelineSlice& s) {
  if (s.layer_result >= result.layers.size()) return "";
  const LayerResult& r = result.layers[s.layer_result];
  const std::string name = covered_name(net, r);
  const bool has_kernel = s.kernel < r.kernels().size();
  switch (s.kind) {
    case TimelineSlice::Kind::Layer: return name;
    case TimelineSlice::Kind::Kernel: return has_kernel ? name + ":" + r.kernels()[s.kernel].label : name;
    case TimelineSlice::Kind::Host:
      return has_kernel ? name + ":" + r.kernels()[s.kernel].label + " launch" : name + " overhead";
    case TimelineSlice::Kind::Handoff: {
      // From the processor of the layer before (a layer fused into it ran on the same one).
      const size_t from = s.layer_result > 0 ? result.layers[s.layer_result - 1].processor : r.processor;
      return fmt::format("hand-off {} → {}", result.processors[from], result.processors[r.processor]);
    }
  }
  return name;
}

std::string covered_name(const Network& net, const LayerResult& r) {
  std::string name = net.graph.layers()[r.layer].name;
  for (size_t f : r.fused) name += " + " + net.graph.layers()[f].name;
  return name;
}

SimulationResult simulate(const Network& net, const Platform& p, const Runtimes& runtimes,
                          const SimulationOptions& options) {
  const bool automatic = options.processor == kAutoPlacement;
  const std::vector<Candidate> cands = candidates(p, runtimes, options.processor);
  for (const auto& c : cands) c.model->check_runtime(*c.runtime, c.runtime->name);
  // Without a cache from the caller, one for this simulation: each distinct layer is lowered and
  // costed once (a network of repeated blocks, or 50,000 equal layers, costs a few).
  LoweringCache local;
  std::vector<Evaluated> layers =
      evaluate(net, p, cands, automatic, options.cache_model, options.lowering_cache ? *options.lowering_cache : local);
  if (!automatic) {
    const std::vector<size_t> placement = place_on_first(layers);
    fuse(net, layers, placement, cands, p, options.cache_model);
    return timeline(net, layers, placement, cands, p, options.details ? Detail::Full : Detail::Summary, options.timeline);
  }
  // The network all on each processor that can run every layer (before fusion changes `layers`).
  std::vector<std::optional<double>> all_on(p.processors.size());
  for (size_t c = 0; c < cands.size(); ++c) {
    const bool runs_all = std::all_of(layers.begin(), layers.end(), [&](const Evaluated& e) { return e.cost[c] != nullptr; });
    if (!runs_all) continue;
    const std::vector<size_t> all_on_c(layers.size(), c);
    if (cands[c].runtime->lowering.fusion == Fusion::None) {
      all_on[cands[c].index] = timeline(net, layers, all_on_c, cands, p, Detail::Times).forward_seconds;
    } else {
      std::vector<Evaluated> alone = layers;
      fuse(net, alone, all_on_c, cands, p, options.cache_model);
      all_on[cands[c].index] = timeline(net, alone, all_on_c, cands, p, Detail::Times).forward_seconds;
    }
  }
  // Auto placement decides on unfused costs; fusion then applies where a pair landed together.
  const std::vector<size_t> placement = place_auto(layers, cands, p);
  fuse(net, layers, placement, cands, p, options.cache_model);
  SimulationResult r = timeline(net, layers, placement, cands, p, options.details ? Detail::Full : Detail::Summary, options.timeline);
  r.fallback_layers = 0;
  r.all_on_forward_seconds = std::move(all_on);
  return r;
}

}  // namespace augur
