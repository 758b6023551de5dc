// `augur simulate --hw BOARD --net MODEL [--processor cpu|gpu|auto] [--batch N]
//  [--mode forward|layerwise] [--set k=v]... [--format table|json|csv] [--timeline FILE]`
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
#include "sim/app/runtime_choice.h"
#include "sim/core/atomic_output.h"
#include "sim/core/error.h"
#include "sim/core/log.h"
#include "sim/memplan/footprint.h"
#include "sim/hwdesc/runtime_loader.h"
#include "sim/report/output_checks.h"
#include "sim/report/simulation_view.h"
#include "sim/schedule/simulation.h"
#include "sim/workload/network.h"

namespace augur::app {
namespace {

struct SimulateOptions {
  std::string board;
  std::string model;
  std::string processor = "gpu";
  NetworkFlags network;
  std::string mode = "forward";
  std::vector<std::string> overrides;
  std::string format = "table";
  std::string timeline;
  std::string cpu_runtime, gpu_runtime;
  std::string out;
  std::string cache_model = "analytic";
};

void run_simulate(const SimulateOptions& o) {
  const SplitOverrides overrides = split_overrides(o.overrides);
  const auto board = hwdesc::load_platform(o.board, overrides.board);
  const Network network = load_network(o.model, o.network.options());
  log_network_notes(network);
  const Placement placement = o.processor == "cpu"   ? Placement::Cpu
                              : o.processor == "gpu" ? Placement::Gpu
                                                     : Placement::Auto;
  const auto cpu = runtime_for(board, ProcessorKind::Cpu, o.cpu_runtime, overrides.cpu,
                               placement != Placement::Gpu);
  const auto gpu = runtime_for(board, ProcessorKind::Gpu, o.gpu_runtime, overrides.gpu,
                               placement != Placement::Cpu);
  const SimulationResult result = simulate(network, board.platform,
                                           Runtimes{cpu ? &cpu->runtime : nullptr, gpu ? &gpu->runtime : nullptr},
                                           SimulationOptions{placement, o.cache_model == "simulate"
                                                                            ? CacheModel::Simulate
                                                                            : CacheModel::Analytic});
  // Memory of the stack that holds the network: Caffe in GPU mode for gpu and auto.
  const auto& holder = gpu ? *gpu : *cpu;
  const Footprint footprint = plan_memory(network, holder.runtime.memory, MemoryPolicy::Caffe,
                                          board.platform.memory.capacity_bytes);
  report::SimulationContext context{&board, {}, &network, o.processor, o.mode, o.cache_model,
                                    &footprint, holder.runtime.name};
  if (cpu) context.runtimes.push_back(&*cpu);
  if (gpu) context.runtimes.push_back(&*gpu);

  // Whole files or none (AtomicOutput); never a NaN or infinite prediction.
  report::check_finite(network, result);
  const std::string text = o.format == "json"  ? report::json_text(report::simulation_json(context, result))
                           : o.format == "csv" ? report::simulation_csv(context, result)
                                               : report::simulation_table(context, result);
  write_output(o.out, text, "--out " + o.out);
  if (!o.timeline.empty()) {
    write_file_atomically(o.timeline, report::json_text(report::timeline_trace(context, result), -1),
                          "--timeline " + o.timeline);
  }
}

}  // namespace

void register_simulate_command(CLI::App& app, Action& chosen) {
  auto o = std::make_shared<SimulateOptions>();
  CLI::App* sim = app.add_subcommand("simulate", "Predict per-layer and whole-network time of a network on a board");
  sim->add_option("--hw", o->board, "Board YAML, e.g. hwdesc/boards/jetson-tx1.yaml")->required();
  sim->add_option("--net", o->model, "Network description (Caffe .prototxt or .onnx)")->required();
  sim->add_option("--processor", o->processor, "Where layers run: cpu, gpu, or auto (best per layer)")
      ->check(CLI::IsMember({"cpu", "gpu", "auto"}))
      ->capture_default_str();
  add_network_flags(sim, o->network);
  sim->add_option("--mode", o->mode,
                  "Layer times as in the forward pass timed once, or each layer timed alone")
      ->check(CLI::IsMember({"forward", "layerwise"}))
      ->capture_default_str();
  sim->add_option("--set", o->overrides,
                  "Override a board value (gpu.l2.size=1MiB) or a runtime value "
                  "(cpu_runtime.blas.threads=2, gpu_runtime.kernels.layer_sync=20us); repeatable")
      ->take_all();
  sim->add_option("--cpu-runtime", o->cpu_runtime, "CPU runtime YAML (default: the board's runtimes.cpu)");
  sim->add_option("--gpu-runtime", o->gpu_runtime, "GPU runtime YAML (default: the board's runtimes.gpu)");
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
