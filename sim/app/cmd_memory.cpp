// `augur memory --hw BOARD --net MODEL [--processor NAME|auto] [--memory-policy caffe|liveness]
//  [--batch N] [--by-layer] [--set k=v]... [--format table|json]`
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "sim/app/command.h"
#include "sim/app/network_flags.h"
#include "sim/app/scenario_flags.h"
#include "sim/core/error.h"
#include "sim/memplan/footprint.h"
#include "sim/report/view.h"
#include "sim/report/memory_view.h"
#include "sim/report/network_view.h"
#include "sim/report/output_checks.h"

namespace augur::app {
namespace {

struct MemoryOptions {
  std::string model, processor = "gpu", policy = "caffe", format = "table";
  NetworkFlags network;
  ScenarioFlags scenario;
  bool by_layer = false;
};

void run_memory(const MemoryOptions& o) {
  const Scenario scenario = Scenario::load(o.scenario.spec(o.model, o.network.options()));
  const Network& network = scenario.network();
  log_network_notes(network);
  const Footprint f = scenario.memory(o.processor, o.policy == "liveness" ? MemoryPolicy::Liveness : MemoryPolicy::Caffe);
  const report::MemoryContext context = report::memory_context(scenario, o.processor, o.policy);
  const report::View view{[&] { return report::memory_table(context, f, o.by_layer); },
                          [&] { return report::memory_document(scenario, context, f, o.by_layer); }, {}, {}};
  std::cout << report::render(view, o.format);
}

}  // namespace

void register_memory_command(CLI::App& app, Action& chosen) {
  auto o = std::make_shared<MemoryOptions>();
  CLI::App* cmd = app.add_subcommand("memory", "Memory footprint of a network on a board: parts, policy, fit");
  add_scenario_flags(cmd, o->scenario);
  cmd->add_option("--net", o->model, "Network description (Caffe .prototxt or .onnx)")->required();
  cmd->add_option("--processor", o->processor,
                  "Processor whose runtime allocates (a processor of the board), or auto (the accelerator "
                  "the framework runs in the mode of)")
      ->capture_default_str();
  cmd->add_option("--memory-policy", o->policy,
                  "caffe (as Caffe allocates) or liveness (activations freed after their last reader, "
                  "one shared workspace)")
      ->check(CLI::IsMember({"caffe", "liveness"}))
      ->capture_default_str();
  add_network_flags(cmd, o->network);
  cmd->add_flag("--by-layer", o->by_layer, "Add each layer's share");
  cmd->add_option("--format", o->format, "Output format")->check(CLI::IsMember({"table", "json"}))->capture_default_str();
  cmd->callback([o, &chosen] { chosen = [o] { run_memory(*o); }; });
}

}  // namespace augur::app
