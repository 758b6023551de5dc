// Trace-to-network matching.
#include "sim/validate/trace_match.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace augur {

TraceComparison compare_trace(const Trace& trace, const Network& net, const SimulationResult& result) {
  std::map<std::string, double> predicted;  // layer name -> layerwise ms
  for (const auto& r : result.layers) {
    for (const auto& [index, share] : covered_layers(r)) {  // a fused result splits by its shares
      predicted[net.graph.layers()[index].name] = share * 1e3 * (r.cost().layerwise_seconds + r.handoff_seconds);
    }
  }
  TraceComparison c;
  c.batch = net.batch;
  std::set<std::string> covered;
  std::vector<double> errors;
  for (const auto& tl : trace.layers) {
    MatchedLayer m;
    m.label = tl.label;
    m.measured_ms = tl.time_ms;
    for (const auto& name : tl.layers) {
      const auto it = predicted.find(name);
      if (it == predicted.end()) {
        m.missing.push_back(name);
      } else {
        m.predicted_ms += it->second;
        covered.insert(name);
      }
    }
    m.matched = m.missing.empty() && !tl.layers.empty();
    if (m.matched && m.measured_ms > 0) errors.push_back(std::fabs(m.predicted_ms / m.measured_ms - 1));
    c.layers.push_back(m);
  }
  for (const auto& r : result.layers) {
    for (const auto& [index, share] : covered_layers(r)) {
      const Layer& layer = net.graph.layers()[index];
      if (!covered.count(layer.name) && !r.kernels().empty()) c.unmatched_network.push_back(layer.name);
    }
  }
  if (!errors.empty()) {
    std::sort(errors.begin(), errors.end());
    const size_t n = errors.size();
    c.median_abs_error = n % 2 ? errors[n / 2] : 0.5 * (errors[n / 2 - 1] + errors[n / 2]);
  }
  c.forward_measured_ms = trace.forward_ms;
  c.forward_predicted_ms = 1e3 * result.layerwise_seconds;
  return c;
}

}  // namespace augur
