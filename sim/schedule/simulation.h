// Simulating a network on a platform: per-layer costs on the CPU and/or GPU, placement
// (cpu | gpu | auto), the forward-pass timeline (asynchronous GPU launches) and the layerwise
// times (each layer timed alone). The result is data; report/ renders it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sim/hwdesc/platform.h"
#include "sim/hwdesc/runtime.h"
#include "sim/lower/kernel.h"
#include "sim/schedule/layer_cost.h"
#include "sim/workload/network.h"

namespace augur {

enum class Placement { Cpu, Gpu, Auto };

struct SimulationOptions {
  Placement placement = Placement::Gpu;
  CacheModel cache_model = CacheModel::Analytic;
};

struct LayerResult {
  size_t layer = 0;                  // index into the network's layers
  ProcessorKind processor = ProcessorKind::Cpu;
  std::vector<Kernel> kernels;
  LayerCost cost;                    // on the chosen processor
  double handoff_seconds = 0;        // moving its inputs from the other processor first
  double start_seconds = 0;          // in the forward timeline (where the layer's work starts)
  double end_seconds = 0;
  std::optional<double> cpu_layerwise_seconds;  // candidates, when both were evaluated
  std::optional<double> gpu_layerwise_seconds;
};

struct TimelineSlice {
  ProcessorKind track;
  std::string name;  // layer/kernel
  double start_seconds;
  double duration_seconds;
};

struct SimulationResult {
  std::vector<LayerResult> layers;  // execution order
  double forward_seconds = 0;       // the whole pass timed once
  double layerwise_seconds = 0;     // sum of layers timed one by one
  std::vector<TimelineSlice> timeline;
  // For `auto`: the same network all on one processor (forward seconds), when evaluated.
  std::optional<double> all_cpu_forward_seconds;
  std::optional<double> all_gpu_forward_seconds;
};

struct Runtimes {
  const Runtime* cpu = nullptr;
  const Runtime* gpu = nullptr;
};

// Throws UserError when the placement needs a runtime that is missing.
SimulationResult simulate(const Network& network, const Platform& platform, const Runtimes& runtimes,
                          const SimulationOptions& options);

}  // namespace augur
