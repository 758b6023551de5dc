// How sub-commands plug into the `augur` command line: each registers its CLI11 options and,
// when chosen, leaves the action to run after parsing (so errors surface in main's handler).
#pragma once

#include <functional>
#include <stdexcept>
#include <string>

#include <CLI/CLI.hpp>

namespace augur::app {

// The action of the chosen sub-command; main() runs it after a successful parse.
using Action = std::function<void()>;

// Thrown by an action that finished its output but must exit with a status other than 0, 2 or 3
// (`augur validate` exits 1 when an error budget is exceeded). main() prints the message.
class ExitStatus : public std::runtime_error {
 public:
  ExitStatus(int status, const std::string& message) : std::runtime_error(message), status_(status) {}
  int status() const { return status_; }

 private:
  int status_;
};

// `augur hw show|schema`
void register_hw_command(CLI::App& app, Action& chosen);

// `augur net show`
void register_net_command(CLI::App& app, Action& chosen);

// `augur simulate`
void register_simulate_command(CLI::App& app, Action& chosen);

// `augur memory`
void register_memory_command(CLI::App& app, Action& chosen);

// `augur sweep`, `augur sweep merge`
void register_sweep_command(CLI::App& app, Action& chosen);

// `augur trace import`, `augur trace compare`
void register_trace_command(CLI::App& app, Action& chosen);

// `augur validate`
void register_validate_command(CLI::App& app, Action& chosen);

// `augur sensitivity`
void register_sensitivity_command(CLI::App& app, Action& chosen);

// `augur compare`
void register_compare_command(CLI::App& app, Action& chosen);

// `augur calibrate`
void register_calibrate_command(CLI::App& app, Action& chosen);

}  // namespace augur::app
