// Sensitivity views.
#include "sim/report/sensitivity_view.h"

#include <optional>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "sim/core/version.h"
#include "sim/report/network_view.h"

namespace augur::report {
namespace {

nlohmann::json optional_number(const std::optional<double>& v) { return v ? nlohmann::json(*v) : nlohmann::json(); }

}  // namespace

nlohmann::json sensitivity_json(const Scenario& scenario, const SensitivityReport& r) {
  nlohmann::json keys = nlohmann::json::array();
  for (const auto& k : r.keys) {
    nlohmann::json j{{"key", k.key},         {"value", k.value},
                     {"unit", k.unit},       {"step", optional_number(k.step)},
                     {"stepped_value", optional_number(k.stepped)},
                     {"elasticity", optional_number(k.elasticity)},
                     {"used", k.used}};
    if (!k.note.empty()) j["note"] = k.note;
    keys.push_back(std::move(j));
  }
  return nlohmann::json{{"augur_version", kVersion},
                        {"platform", {{"name", scenario.platform().name},
                                      {"file", scenario.board().board_file},
                                      {"overrides", scenario.board().overrides}}},
                        {"network", network_identity_json(scenario.network())},
                        {"batch", scenario.network().batch},
                        {"processor", r.processor},
                        {"forward_ms", r.forward_ms},
                        {"keys", keys}};
}

std::string sensitivity_table(const Scenario& scenario, const SensitivityReport& r) {
  std::string out = fmt::format("# Augur {}: sensitivity of {} on {} ({}), batch {}, processor {}: {:.3f} ms\n",
                                kVersion, scenario.network().name, scenario.platform().name,
                                scenario.board().board_file, scenario.network().batch, r.processor, r.forward_ms);
  out += "# elasticity = (relative change of the forward time) / (relative change of the key)\n";
  out += fmt::format("{:<48} {:>14} {:>8} {:>11}  {}\n", "key", "value", "step", "elasticity",
                     "read by the time model");
  for (const auto& k : r.keys) {
    out += fmt::format("{:<48} {:>14.6g} {:>8} {:>11}  {}\n", k.key, k.value,
                       k.step ? fmt::format("{:+.1f}%", 100 * *k.step) : "-",
                       k.elasticity ? fmt::format("{:+.4f}", *k.elasticity) : "-",
                       k.used ? (k.note.empty() ? "yes" : "yes (" + k.note + ")") : "no: " + k.note);
  }
  return out;
}

}  // namespace augur::report
