// `augur memory --hw BOARD --net MODEL [--processor cpu|gpu] [--memory-policy caffe|liveness]
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
#include "sim/app/runtime_choice.h"
#include "sim/core/error.h"
#include "sim/memplan/footprint.h"
#include "sim/report/memory_view.h"
#include "sim/report/network_view.h"
#include "sim/report/output_checks.h"

namespace augur::app {
namespace {

struct MemoryOptions {
  std::string board, model, processor = "gpu", policy = "caffe", format = "table";
  NetworkFlags network;
  std::vector<std::string> overrides;
  std::string cpu_runtime, gpu_runtime;
  bool by_layer = false;
};

void run_memory(const MemoryOptions& o) {
  const SplitOverrides overrides = split_overrides(o.overrides);
  const auto board = hwdesc::load_platform(o.board, overrides.board);
  const Network network = load_network(o.model, o.network.options());
  log_network_notes(network);
  const ProcessorKind kind = o.processor == "cpu" ? ProcessorKind::Cpu : ProcessorKind::Gpu;
  const auto runtime = runtime_for(board, kind, kind == ProcessorKind::Cpu ? o.cpu_runtime : o.gpu_runtime,
                                   kind == ProcessorKind::Cpu ? overrides.cpu : overrides.gpu, true);
  if (!runtime) {
    throw UserError(fmt::format("{}: the board names no {} runtime (runtimes.{}); pass --{}-runtime FILE",
                                o.board, o.processor, o.processor, o.processor));
  }
  const Footprint f = plan_memory(network, runtime->runtime.memory,
                                  o.policy == "liveness" ? MemoryPolicy::Liveness : MemoryPolicy::Caffe,
                                  board.platform.memory.capacity_bytes);
  const report::MemoryContext context{&network, board.platform.name, o.processor, runtime->runtime.name, o.policy};
  if (o.format == "json") {
    std::cout << report::json_text(nlohmann::json{{"memory", report::memory_json(context, f, o.by_layer)},
                                                  {"network", report::network_identity_json(network)},
                                                  {"platform", {{"name", board.platform.name}, {"file", board.board_file}}}});
  } else {
    std::cout << report::memory_table(context, f, o.by_layer);
  }
}

}  // namespace

void register_memory_command(CLI::App& app, Action& chosen) {
  auto o = std::make_shared<MemoryOptions>();
  CLI::App* cmd = app.add_subcommand("memory", "Memory footprint of a network on a board: parts, policy, fit");
  cmd->add_option("--hw", o->board, "Board YAML")->required();
  cmd->add_option("--net", o->model, "Network description (Caffe .prototxt or .onnx)")->required();
  cmd->add_option("--processor", o->processor, "Processor whose runtime allocates: cpu or gpu")
      ->check(CLI::IsMember({"cpu", "gpu"}))
      ->capture_default_str();
  cmd->add_option("--memory-policy", o->policy,
                  "caffe (as Caffe allocates) or liveness (activations freed after their last reader, "
                  "one shared workspace)")
      ->check(CLI::IsMember({"caffe", "liveness"}))
      ->capture_default_str();
  add_network_flags(cmd, o->network);
  cmd->add_option("--set", o->overrides, "Board or runtime override (see simulate)")->take_all();
  cmd->add_option("--cpu-runtime", o->cpu_runtime, "CPU runtime YAML (default: the board's)");
  cmd->add_option("--gpu-runtime", o->gpu_runtime, "GPU runtime YAML (default: the board's)");
  cmd->add_flag("--by-layer", o->by_layer, "Add each layer's share");
  cmd->add_option("--format", o->format, "Output format")->check(CLI::IsMember({"table", "json"}))->capture_default_str();
  cmd->callback([o, &chosen] { chosen = [o] { run_memory(*o); }; });
}

}  // namespace augur::app
