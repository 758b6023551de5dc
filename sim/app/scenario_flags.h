// The flags every command that assembles a scenario shares: --hw, --set, --runtime NAME=FILE and
// its two shorthands --cpu-runtime / --gpu-runtime.
#pragma once

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "sim/scenario/scenario.h"

namespace augur::app {

struct ScenarioFlags {
  std::string board;
  std::vector<std::string> overrides;  // --set
  std::vector<std::string> runtimes;   // --runtime NAME=FILE, as typed
  std::string cpu_runtime, gpu_runtime;

  // The scenario's spec; throws UserError for a --runtime that is not NAME=FILE or names a
  // processor twice.
  ScenarioSpec spec(const std::string& network, const NetworkOptions& network_options) const;
};

// `board_required`: --hw is required by CLI11 (false where the command checks it itself).
void add_scenario_flags(CLI::App* command, ScenarioFlags& flags, bool board_required = true);

// Only --runtime NAME=FILE, --cpu-runtime and --gpu-runtime (a command with its own --hw and --set).
void add_runtime_flags(CLI::App* command, ScenarioFlags& flags);

// Help for --processor: a processor name of the board or auto.
inline constexpr const char* kProcessorHelp =
    "Where layers run: a processor of the board (cpu, gpu, npu, ...) or auto (best per layer)";

}  // namespace augur::app
