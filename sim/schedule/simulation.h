// Simulating a network on a platform: each layer lowered by the runtime of each processor that may
// run it and costed by that processor's model, placement (one processor, with fallback for layers
// it cannot run, or auto: the best per layer), the forward-pass timeline (synchronous processors
// run on the host thread, asynchronous ones run what the host issues) and the layerwise times
// (each layer timed alone). The result is data; report/ renders it.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <boost/container/small_vector.hpp>

#include "sim/hwdesc/platform.h"
#include "sim/hwdesc/runtime.h"
#include "sim/lower/kernel.h"
#include "sim/processors/layer_cost.h"
#include "sim/schedule/lowering_cache.h"
#include "sim/workload/network.h"

namespace augur {

inline constexpr const char* kAutoPlacement = "auto";

using CostPtr = std::shared_ptr<const LayerCost>;

struct SimulationOptions {
  std::string processor = "gpu";  // a processor name of the board, or "auto" (the best per layer)
  CacheModel cache_model = CacheModel::Analytic;
  // Whether the result keeps the forward timeline's slices and each layer's kernels, per-kernel
  // costs and candidate times (what the reports show). Without them (sweeps) it keeps, per layer,
  // its times, placement, fusion and summed cost; every time is the same either way.
  bool details = true;
  // Whether a detailed result also keeps the timeline's slices (`simulate --timeline`, the
  // Python module); the JSON and table reports do not read them. Times are the same either way.
  bool timeline = true;
  // Lowered layers kept from earlier simulations of the same network (sweeps); none: lower anew.
  LoweringCache* lowering_cache = nullptr;
};

// The runtime that runs layers on the processor called `processor`.
struct RuntimeBinding {
  std::string processor;
  const Runtime* runtime = nullptr;
};
using Runtimes = std::vector<RuntimeBinding>;

struct LayerResult {
  size_t layer = 0;                  // index into the network's layers (the first it covers)
  // Further layers whose kernels the runtime fused into this one's (reported once, as
  // "conv1 + relu1"), and each covered layer's share of the time, `layer` first: its unfused
  // layerwise time on the same processor over the sum of theirs. Empty when nothing is fused.
  std::vector<size_t> fused;
  std::vector<double> shares;
  size_t processor = 0;              // index into the platform's processors
  // As the chosen processor's runtime lowers the layer (shared with equal layers' results).
  KernelList kernel_list;
  const std::vector<Kernel>& kernels() const {
    static const std::vector<Kernel> none;
    return kernel_list ? *kernel_list : none;
  }
  // On the chosen processor (shared with equal layers' results: 100,000 equal layers keep one).
  CostPtr cost_ptr;
  const LayerCost& cost() const {
    static const LayerCost none;
    return cost_ptr ? *cost_ptr : none;
  }
  std::int64_t workspace_bytes = 0;  // a convolution's: what its algorithm needs (Caffe: the column buffer)
  double handoff_seconds = 0;        // moving its inputs from the previous layer's processor first
  double start_seconds = 0;          // in the forward timeline (where the layer's work starts)
  double end_seconds = 0;
  // The layer timed alone on each processor (index as the platform's), where it was evaluated.
  std::vector<std::optional<double>> layerwise_by_processor;
};

// A slice of the forward timeline. Its name is a view of it (slice_name), not stored: a
// 100,000-layer network has 400,000 slices.
struct TimelineSlice {
  size_t track = 0;  // processor index; SimulationResult::host_track for the host's work
  double start_seconds = 0;
  double duration_seconds = 0;
  // Layer: a layer on a synchronous processor; Kernel: one kernel (all its calls) on an
  // asynchronous one; Host: the host issuing it (per-layer framework overhead, kernel launches);
  // Handoff: data moved between processors before a layer.
  enum class Kind { Layer, Kernel, Host, Handoff } kind = Kind::Layer;
  size_t layer_result = SIZE_MAX;  // the SimulationResult::layers entry it belongs to
  size_t kernel = SIZE_MAX;        // that layer's kernel (Kernel, and Host launches)
};

struct SimulationResult {
  std::vector<std::string> processors;  // the platform's processor names (the timeline's tracks)
  std::vector<LayerResult> layers;      // execution order
  double forward_seconds = 0;           // the whole pass timed once
  double layerwise_seconds = 0;         // sum of layers timed one by one
  // The whole pass of a per-layer-timed run (caffe time's "Average Forward pass"): the layers
  // timed one by one plus the host's gap between consecutive timed regions (timer_gap).
  double timed_pass_seconds = 0;
  std::vector<TimelineSlice> timeline;
  // The track of the host thread: the first synchronous processor (the CPU that runs the
  // framework), or processors.size() when the board has none (then a track of its own).
  size_t host_track = 0;
  // For auto: the same network all on each processor (forward seconds), for the processors
  // that can run every layer; indexed as `processors`.
  std::vector<std::optional<double>> all_on_forward_seconds;
  size_t fallback_layers = 0;           // layers run elsewhere because the chosen processor cannot
};

// A convolution's algorithm (the strategy its kernels were lowered by); empty for other layers.
std::optional<ConvolutionLowering> layer_algorithm(const LayerResult& result);

// The layers a result covers with their shares of its time: {(layer, 1)} unless fused.
// Inline for up to 4 (a layer and the three a runtime fuses into it at most: conv + bias + ReLU):
// no allocation per result on the report's paths.
boost::container::small_vector<std::pair<size_t, double>, 4> covered_layers(const LayerResult& result);

// "conv1 + relu1": the names of the layers a result covers.
std::string covered_name(const Network& network, const LayerResult& result);

// A slice's name: the layer ("conv1 + relu1"), "layer:kernel" (a kernel on an asynchronous
// processor), "layer overhead", "layer:kernel launch" (the host's work), "hand-off a → b".
std::string slice_name(const Network& network, const SimulationResult& result, const TimelineSlice& slice);

// "processor 'NAME' has no runtime: ..." with how to give it one (the one message for it).
std::string no_runtime_message(const std::string& processor);

// Throws UserError when the board has no such processor or a processor needed has no runtime
// (auto uses the processors that have one).
SimulationResult simulate(const Network& network, const Platform& platform, const Runtimes& runtimes,
                          const SimulationOptions& options);

}  // namespace augur
