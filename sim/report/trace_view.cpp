// Trace views.
#include "sim/report/trace_view.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "sim/core/text_escape.h"
#include "sim/core/version.h"

namespace augur::report {

nlohmann::json trace_json(const Trace& t) {
  nlohmann::json j{{"augur_version", kVersion}, {"file", t.file}, {"format", t.format},
                   {"setup", t.setup}, {"repetitions", t.repetitions}};
  if (t.batch) j["batch"] = *t.batch;
  if (t.forward_ms) j["forward_ms"] = *t.forward_ms;
  if (t.data_bytes) j["data_bytes"] = *t.data_bytes;
  nlohmann::json layers = nlohmann::json::array();
  for (const auto& l : t.layers) {
    layers.push_back({{"label", l.label}, {"layers", l.layers}, {"time_ms", l.time_ms}, {"min_ms", l.min_ms},
                      {"max_ms", l.max_ms}, {"repetitions", l.repetitions}});
  }
  j["layers"] = layers;
  nlohmann::json gemms = nlohmann::json::array();
  for (const auto& g : t.gemms) {
    gemms.push_back({{"m", g.m}, {"n", g.n}, {"k", g.k}, {"a_transposed", g.a_transposed},
                     {"b_transposed", g.b_transposed}, {"time_ms", g.time_ms}});
  }
  j["gemms"] = gemms;
  return j;
}

std::string comparison_table(const Trace& t, const TraceComparison& c) {
  std::string out = fmt::format("# Augur {}: {} ({}), {}, simulated at batch {}\n", kVersion, terminal_text(t.file),
                                t.format, t.batch ? fmt::format("recorded at batch {}", *t.batch) : "no batch recorded",
                                c.batch);
  out += fmt::format("{:<28} {:>12} {:>12} {:>9}\n", "trace layer", "measured ms", "predicted ms", "error");
  for (const auto& m : c.layers) {
    if (m.matched) {
      out += fmt::format("{:<28} {:>12.3f} {:>12.3f} {:>+8.1f}%\n", terminal_text(m.label), m.measured_ms, m.predicted_ms,
                         100 * (m.predicted_ms / m.measured_ms - 1));
    } else {
      std::string missing;
      for (const auto& name : m.missing) missing += (missing.empty() ? "" : ", ") + name;
      out += fmt::format("{:<28} {:>12.3f} {:>12} {:>9}  (not in the network: {})\n", terminal_text(m.label), m.measured_ms, "-",
                         "unmatched", terminal_text(missing));
    }
  }
  if (!c.unmatched_network.empty()) {
    std::string names;
    for (const auto& n : c.unmatched_network) names += (names.empty() ? "" : ", ") + n;
    out += "network layers the trace does not cover: " + terminal_text(names) + "\n";
  }
  out += fmt::format("median |error| over matched layers: {:.1f}%\n", 100 * c.median_abs_error);
  if (c.forward_measured_ms && c.forward_predicted_ms) {
    out += fmt::format("forward pass: measured {:.3f} ms, predicted {:.3f} ms (sum of layerwise), error {:+.1f}%\n",
                       *c.forward_measured_ms, *c.forward_predicted_ms,
                       100 * (*c.forward_predicted_ms / *c.forward_measured_ms - 1));
  }
  return out;
}

nlohmann::json comparison_json(const Trace& t, const TraceComparison& c) {
  nlohmann::json layers = nlohmann::json::array();
  for (const auto& m : c.layers) {
    nlohmann::json row{{"label", m.label}, {"measured_ms", m.measured_ms}, {"matched", m.matched}};
    if (m.matched) {
      row["predicted_ms"] = m.predicted_ms;
      row["error"] = m.predicted_ms / m.measured_ms - 1;
    } else {
      row["missing"] = m.missing;
    }
    layers.push_back(row);
  }
  nlohmann::json j{{"augur_version", kVersion}, {"trace", t.file}, {"format", t.format}, {"layers", layers},
                   {"unmatched_network_layers", c.unmatched_network}, {"median_abs_error", c.median_abs_error}};
  j["batch"] = c.batch;
  if (t.batch) j["trace_batch"] = *t.batch;
  if (c.forward_measured_ms) j["forward_measured_ms"] = *c.forward_measured_ms;
  if (c.forward_predicted_ms) j["forward_predicted_ms"] = *c.forward_predicted_ms;
  return j;
}

}  // namespace augur::report
