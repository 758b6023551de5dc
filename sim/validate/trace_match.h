// Matching a trace's layers to a simulated network's layers by name, and the per-layer errors.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/schedule/simulation.h"
#include "sim/validate/trace.h"
#include "sim/workload/network.h"

namespace augur {

struct MatchedLayer {
  std::string label;           // the trace's label
  double measured_ms = 0;
  double predicted_ms = 0;     // sum of the covered layers' layerwise times
  bool matched = false;        // every covered layer exists in the network
  std::vector<std::string> missing;  // covered names the network does not have
};

struct TraceComparison {
  std::vector<MatchedLayer> layers;            // in trace order
  std::vector<std::string> unmatched_network;  // network layers no trace entry covers (with work)
  double median_abs_error = 0;                 // over matched layers, relative
  std::optional<double> forward_measured_ms, forward_predicted_ms;
  std::int64_t batch = 0;                      // the batch simulated (the network's)
};

// Predicted times are the layers' layerwise times (what `caffe time` and TensorRT's profiler
// report per layer); the whole pass is compared with the sum of layerwise times.
TraceComparison compare_trace(const Trace& trace, const Network& network, const SimulationResult& result);

}  // namespace augur
