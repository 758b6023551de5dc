// `augur compare --hw A --hw B [--hw C ...] --net MODEL [--processor NAME|auto] [--mode M]
//  [--set k=v]... [--format table|json|csv] [--out FILE]`: one network on several boards.
#include <algorithm>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "sim/app/command.h"
#include "sim/app/network_flags.h"
#include "sim/app/scenario_flags.h"
#include "sim/core/atomic_output.h"
#include "sim/core/error.h"
#include "sim/report/board_comparison_view.h"
#include "sim/report/output_checks.h"
#include "sim/report/view.h"

namespace augur::app {
namespace {

struct CompareOptions {
  std::vector<std::string> boards;
  std::string model, processor = "gpu", mode = "forward", format = "table", out;
  NetworkFlags network;
  ScenarioFlags scenario;  // --set and the runtime flags, for every board
};

// Column labels: each board file's stem, with "#2", "#3" ... for a stem seen before.
std::vector<std::string> labels_of(const std::vector<Scenario>& scenarios) {
  std::vector<std::string> labels;
  for (const auto& s : scenarios) {
    const std::string stem = std::filesystem::path(s.board().board_file).stem().string();
    std::string label = stem;
    for (int n = 2; std::find(labels.begin(), labels.end(), label) != labels.end(); ++n) label = fmt::format("{}#{}", stem, n);
    labels.push_back(label);
  }
  return labels;
}

void run_compare_boards(const CompareOptions& o) {
  if (o.boards.size() < 2) throw UserError("compare: give two or more boards (--hw A --hw B)");
  std::vector<Scenario> scenarios;
  for (const auto& board : o.boards) {
    ScenarioFlags flags = o.scenario;
    flags.board = board;
    scenarios.push_back(Scenario::load(flags.spec(o.model, o.network.options())));
  }
  log_network_notes(scenarios.front().network());
  const auto labels = labels_of(scenarios);
  report::BoardComparison c{o.processor, o.mode, {}};
  for (size_t i = 0; i < scenarios.size(); ++i) {
    c.runs.push_back({labels[i], &scenarios[i], scenarios[i].simulate(o.processor)});
    report::check_finite(scenarios[i].network(), c.runs.back().result);  // never a NaN printed
  }
  const report::View view{[&] { return report::board_comparison_table(c); },
                          [&] { return report::board_comparison_json(c); },
                          [&] { return report::board_comparison_csv(c); }, {}};
  write_output(o.out, report::render(view, o.format), "--out " + o.out);
}

}  // namespace

void register_compare_command(CLI::App& app, Action& chosen) {
  auto o = std::make_shared<CompareOptions>();
  CLI::App* cmd = app.add_subcommand("compare", "One network on two or more boards, side by side per layer and in total");
  cmd->add_option("--hw", o->boards, "A board (path or name); give two or more")->required();
  cmd->add_option("--set", o->scenario.overrides, "Override for every board: KEY=VALUE (repeatable)");
  add_runtime_flags(cmd, o->scenario);
  cmd->add_option("--net", o->model, "Network description (Caffe .prototxt or .onnx)")->required();
  cmd->add_option("--processor", o->processor, kProcessorHelp)->capture_default_str();
  add_network_flags(cmd, o->network);
  cmd->add_option("--mode", o->mode, "Layer times as in the forward pass timed once, or each layer timed alone")
      ->check(CLI::IsMember({"forward", "layerwise"}))
      ->capture_default_str();
  cmd->add_option("--format", o->format, "Output format")->check(CLI::IsMember({"table", "json", "csv"}))->capture_default_str();
  cmd->add_option("--out", o->out, "Write the result to FILE instead of stdout");
  cmd->callback([o, &chosen] { chosen = [o] { run_compare_boards(*o); }; });
}

}  // namespace augur::app
