// Views of a SimulationResult: table (per layer, per type as the papers group them, totals),
// JSON (documented in docs/cli.md), CSV, and a Chrome/Perfetto trace of the timeline.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "sim/hwdesc/loader.h"
#include "sim/hwdesc/runtime_loader.h"
#include "sim/memplan/footprint.h"
#include "sim/scenario/scenario.h"
#include "sim/schedule/simulation.h"
#include "sim/workload/network.h"

namespace augur::report {

// What was simulated, for provenance in every view.
struct SimulationContext {
  const hwdesc::LoadedPlatform* board = nullptr;
  std::vector<const ScenarioRuntime*> runtimes;  // those of the processors that ran layers
  const Network* network = nullptr;
  std::string placement;  // a processor name of the board, or "auto"
  std::string mode;       // "forward" or "layerwise": which time the table's layer column shows
  std::string cache_model = "analytic";
  const Footprint* memory = nullptr;  // the footprint of the runtime that runs the network
  std::string memory_runtime;         // its name
};

// The context of a scenario's simulation on `processor` (`footprint`: the scenario's Caffe footprint
// for it, which must outlive the context): the runtimes of the processors that ran layers.
SimulationContext simulation_context(const Scenario& scenario, const SimulationResult& result, const Footprint& footprint,
                                     const std::string& processor, const std::string& mode,
                                     const std::string& cache_model);

std::string simulation_table(const SimulationContext& context, const SimulationResult& result);
// JSON text (streamed: no document is built; keys in the order docs/cli.md lists them).
std::string simulation_json(const SimulationContext& context, const SimulationResult& result);
// The same text handed to `sink` piece by piece as it is written (nothing held in full).
void write_simulation_json(const SimulationContext& context, const SimulationResult& result,
                           const std::function<void(std::string_view)>& sink);
std::string simulation_csv(const SimulationContext& context, const SimulationResult& result);
// A Chrome/Perfetto trace as one line of JSON text.
std::string timeline_trace(const SimulationContext& context, const SimulationResult& result);

// Sum of layer milliseconds (of `mode`: "forward" or "layerwise") per Caffe type name, in order
// of first appearance.
std::vector<std::pair<std::string, double>> milliseconds_by_type(const Network& network,
                                                                 const SimulationResult& result,
                                                                 const std::string& mode);

}  // namespace augur::report
