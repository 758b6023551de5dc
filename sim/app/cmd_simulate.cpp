// `augur simulate --hw BOARD --net MODEL [--processor NAME|auto] [--batch N]
//  [--mode forward|layerwise] [--set k=v]... [--format table|json|csv] [--timeline FILE]`
#include <algorithm>
#include <fstream>
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
#include "sim/core/atomic_output.h"
#include "sim/core/error.h"
#include "sim/core/keep_until_exit.h"
#include "sim/core/log.h"
#include "sim/memplan/footprint.h"
#include "sim/hwdesc/runtime_loader.h"
#include "sim/report/view.h"
#include "sim/report/output_checks.h"
#include "sim/report/simulation_view.h"
#include "sim/schedule/simulation.h"
#include "sim/workload/network.h"

namespace augur::app {
namespace {

struct SimulateOptions {
  std::string model;
  std::string processor = "gpu";
  NetworkFlags network;
  ScenarioFlags scenario;
  std::string mode = "forward";
  std::string format = "table";
  std::string timeline;
  std::string out;
  std::string cache_model = "analytic";
};

void run_simulate(const SimulateOptions& o) {
  // The process ends after this command: the scenario and the result are left to the OS.
  const Scenario& scenario =
      keep_until_exit([&] { return Scenario::load(o.scenario.spec(o.model, o.network.options())); });
  const Network& network = scenario.network();
  log_network_notes(network);
  const SimulationResult& result = keep_until_exit([&] {
    return scenario.simulate(o.processor, o.cache_model == "simulate" ? CacheModel::Simulate : CacheModel::Analytic,
                             /*timeline=*/!o.timeline.empty());
  });
  if (result.fallback_layers > 0) {
    log::get("app")->info("{} layers ran on another processor: '{}' cannot run them", result.fallback_layers,
                          o.processor);
  }
  // Memory of the stack that holds the network (for auto: the accelerator's, as Caffe in GPU mode).
  const Footprint footprint = scenario.memory(o.processor, MemoryPolicy::Caffe);
  const report::SimulationContext context =
      report::simulation_context(scenario, result, footprint, o.processor, o.mode, o.cache_model);

  // Whole files or none (AtomicOutput); never a NaN or infinite prediction.
  report::check_finite(network, result);
  if (o.format == "json") {  // streamed into the output: a 100,000-layer network's JSON is 170 MB
    AtomicOutput out(o.out.empty() ? "-" : o.out, o.out.empty() ? "standard output" : "--out " + o.out);
    report::write_simulation_json(context, result, [&out](std::string_view piece) { out.write(piece); });
    out.commit();
  } else {
    report::View view;
    view.table = [&] { return report::simulation_table(context, result); };
    view.csv = [&] { return report::simulation_csv(context, result); };
    write_output(o.out, report::render(view, o.format), "--out " + o.out);
  }
  if (!o.timeline.empty()) {
    write_file_atomically(o.timeline, report::timeline_trace(context, result),
                          "--timeline " + o.timeline);
  }
}

}  // namespace

void register_simulate_command(CLI::App& app, Action& chosen) {
  auto o = std::make_shared<SimulateOptions>();
  CLI::App* sim = app.add_subcommand("simulate", "Predict per-layer and whole-network time of a network on a board");
  add_scenario_flags(sim, o->scenario);
  sim->add_option("--net", o->model, "Network description (Caffe .prototxt or .onnx)")->required();
  sim->add_option("--processor", o->processor, kProcessorHelp)->capture_default_str();
  add_network_flags(sim, o->network);
  sim->add_option("--mode", o->mode,
                  "Layer times as in the forward pass timed once, or each layer timed alone")
      ->check(CLI::IsMember({"forward", "layerwise"}))
      ->capture_default_str();
  sim->add_option("--format", o->format, "Output format")
      ->check(CLI::IsMember({"table", "json", "csv"}))
      ->capture_default_str();
  sim->add_option("--timeline", o->timeline, "Write the schedule as Chrome/Perfetto trace JSON");
  sim->add_option("--out", o->out, "Write the result to FILE instead of stdout");
  sim->add_option("--cache-model", o->cache_model,
                  "GEMM DRAM traffic from the analytic formulas or from replaying the accesses "
                  "through the set-associative cache simulator (slower)")
      ->check(CLI::IsMember({"analytic", "simulate"}))
      ->capture_default_str();
  sim->callback([o, &chosen] { chosen = [o] { run_simulate(*o); }; });
}

}  // namespace augur::app
