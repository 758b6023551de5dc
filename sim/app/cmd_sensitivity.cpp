// `augur sensitivity --hw BOARD --net MODEL [--processor NAME|auto] [--batch N] [--set k=v]...
//  [--runtime NAME=FILE]... [--format table|json]`
#include <iostream>
#include <memory>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "sim/app/command.h"
#include "sim/app/network_flags.h"
#include "sim/app/scenario_flags.h"
#include "sim/core/version.h"
#include "sim/report/network_view.h"
#include "sim/report/view.h"
#include "sim/scenario/sensitivity.h"

namespace augur::app {
namespace {

struct SensitivityOptions {
  std::string model, processor = "gpu", format = "table";
  NetworkFlags network;
  ScenarioFlags scenario;
};

nlohmann::json optional_number(const std::optional<double>& v) { return v ? nlohmann::json(*v) : nlohmann::json(); }

void run_sensitivity(const SensitivityOptions& o) {
  const Scenario scenario = Scenario::load(o.scenario.spec(o.model, o.network.options()));
  log_network_notes(scenario.network());
  const SensitivityReport r = sensitivity(scenario, o.processor);
  const auto json = [&] {
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
                          {"network", report::network_identity_json(scenario.network())},
                          {"batch", scenario.network().batch},
                          {"processor", r.processor},
                          {"forward_ms", r.forward_ms},
                          {"keys", keys}};
  };
  const auto table = [&] {
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
  };
  std::cout << report::render(report::View{table, json, {}, {}}, o.format);
}

}  // namespace

void register_sensitivity_command(CLI::App& app, Action& chosen) {
  auto o = std::make_shared<SensitivityOptions>();
  CLI::App* cmd = app.add_subcommand(
      "sensitivity", "Elasticity of the predicted time to every numeric key of the board and runtimes (+10% steps)");
  add_scenario_flags(cmd, o->scenario);
  cmd->add_option("--net", o->model, "Network description (Caffe .prototxt or .onnx)")->required();
  cmd->add_option("--processor", o->processor, kProcessorHelp)->capture_default_str();
  add_network_flags(cmd, o->network);
  cmd->add_option("--format", o->format, "Output format")->check(CLI::IsMember({"table", "json"}))->capture_default_str();
  cmd->callback([o, &chosen] { chosen = [o] { run_sensitivity(*o); }; });
}

}  // namespace augur::app
