// Scenario flags shared by simulate, memory, trace compare and sweep.
#include "sim/app/scenario_flags.h"

#include <fmt/format.h>

#include "sim/core/error.h"

namespace augur::app {

ScenarioSpec ScenarioFlags::spec(const std::string& network, const NetworkOptions& network_options) const {
  ScenarioSpec s;
  s.board = board;
  s.overrides = overrides;
  s.network = network;
  s.network_options = network_options;
  const auto add = [&](const std::string& name, const std::string& file, const std::string& flag) {
    for (const auto& [given, _] : s.runtime_files) {
      if (given == name) throw UserError(fmt::format("{}: a runtime for processor '{}' is given twice", flag, name));
    }
    s.runtime_files.emplace_back(name, file);
  };
  for (const auto& text : runtimes) {
    const auto eq = text.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == text.size()) {
      throw UserError(fmt::format("--runtime {}: expected NAME=FILE (a processor of the board and a runtime "
                                  "YAML), e.g. --runtime gpu=hwdesc/runtimes/caffe-cublas-gm20b.yaml", text));
    }
    add(text.substr(0, eq), text.substr(eq + 1), "--runtime " + text);
  }
  if (!cpu_runtime.empty()) add("cpu", cpu_runtime, "--cpu-runtime");
  if (!gpu_runtime.empty()) add("gpu", gpu_runtime, "--gpu-runtime");
  return s;
}

void add_scenario_flags(CLI::App* command, ScenarioFlags& flags, bool board_required) {
  auto* hw = command->add_option("--hw", flags.board, "Board YAML, e.g. hwdesc/boards/jetson-tx1.yaml");
  if (board_required) hw->required();
  command->add_option("--set", flags.overrides,
                      "Override a board value (gpu.l2.size=1MiB: a processor's keys by its name) or a value of "
                      "a processor's runtime (NAME_runtime.KEY, e.g. gpu_runtime.kernels.layer_sync=20us); "
                      "repeatable")
      ->take_all();
  add_runtime_flags(command, flags);
}

void add_runtime_flags(CLI::App* command, ScenarioFlags& flags) {
  command->add_option("--runtime", flags.runtimes,
                      "NAME=FILE: run processor NAME with the runtime YAML FILE instead of the board's; repeatable")
      ->take_all();
  command->add_option("--cpu-runtime", flags.cpu_runtime, "Shorthand for --runtime cpu=FILE");
  command->add_option("--gpu-runtime", flags.gpu_runtime, "Shorthand for --runtime gpu=FILE");
}

}  // namespace augur::app
