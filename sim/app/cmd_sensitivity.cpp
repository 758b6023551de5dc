// `augur sensitivity --hw BOARD --net MODEL [--processor NAME|auto] [--batch N] [--set k=v]...
//  [--runtime NAME=FILE]... [--format table|json]`
#include <iostream>
#include <memory>
#include <string>

#include "sim/app/command.h"
#include "sim/app/network_flags.h"
#include "sim/app/scenario_flags.h"
#include "sim/report/sensitivity_view.h"
#include "sim/report/view.h"
#include "sim/scenario/sensitivity.h"

namespace augur::app {
namespace {

struct SensitivityOptions {
  std::string model, processor = "gpu", format = "table";
  NetworkFlags network;
  ScenarioFlags scenario;
};

void run_sensitivity(const SensitivityOptions& o) {
  const Scenario scenario = Scenario::load(o.scenario.spec(o.model, o.network.options()));
  log_network_notes(scenario.network());
  const SensitivityReport r = sensitivity(scenario, o.processor);
  const report::View view{[&] { return report::sensitivity_table(scenario, r); },
                          [&] { return report::sensitivity_json(scenario, r); }, {}, {}};
  std::cout << report::render(view, o.format);
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
