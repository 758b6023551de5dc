// Views of a Footprint: the memory table (one line per part, optionally per layer) and JSON.
#pragma once

#include <string>

#include <nlohmann/json_fwd.hpp>

#include "sim/memplan/footprint.h"
#include "sim/scenario/scenario.h"
#include "sim/workload/network.h"

namespace augur::report {

struct MemoryContext {
  const Network* network = nullptr;
  std::string board;      // board name
  std::string processor;  // "cpu" or "gpu"
  std::string runtime;    // runtime name
  std::string policy;     // "caffe" or "liveness"
};

// The footprint's parts and fit as JSON fields (shared by `augur memory` and `augur simulate`):
// weights_bytes, data_bytes, data_allocated_bytes, internal_bytes, workspace_bytes,
// runtime_bytes, total_bytes, caffe_total_bytes, peak_liveness_bytes, activation_peak_bytes,
// arena_bytes, capacity_bytes, fits.
nlohmann::json footprint_json(const Footprint& footprint);

std::string memory_table(const MemoryContext& context, const Footprint& footprint, bool by_layer);

// {"policy", "processor", "weights_bytes", "data_bytes", "data_allocated_bytes",
//  "internal_bytes", "workspace_bytes", "runtime_bytes", "total_bytes", "caffe_total_bytes",
//  "peak_liveness_bytes", "activation_peak_bytes", "capacity_bytes", "fits", "layers"?}
nlohmann::json memory_json(const MemoryContext& context, const Footprint& footprint, bool by_layer);

// The context of `processor`'s footprint in a scenario (its runtime: the one that holds the network).
MemoryContext memory_context(const Scenario& scenario, const std::string& processor, const std::string& policy);

// `augur memory`'s JSON: {"memory": memory_json, "network": {name, file, ...}, "platform": {"name", "file"}}.
nlohmann::json memory_document(const Scenario& scenario, const MemoryContext& context, const Footprint& footprint,
                               bool by_layer);

}  // namespace augur::report
