// `augur validate [--records validation/records.csv] [--budgets validation/budgets.csv]
//  [--format table|json] [--all]`: every modelled record simulated and compared; exit 1 when an
// error exceeds its budget.
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <map>
#include <memory>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "sim/app/command.h"
#include "sim/app/validation_plot.h"
#include "sim/core/error.h"
#include "sim/core/text_escape.h"
#include "sim/core/version.h"
#include "sim/report/output_checks.h"
#include "sim/validate/validation.h"

namespace augur::app {
namespace {

struct ValidateOptions {
  std::string records = "validation/records.csv", budgets, format = "table", traces,
              trace_manifest = "validation/traces.csv", plot;
  bool all = false;
};

void print_table(const ValidationReport& r, bool all) {
  std::cout << fmt::format("# Augur {}: validation against recorded measurements (error = predicted / measured - 1)\n", kVersion);
  std::cout << fmt::format("{:<20} {:<7} {:>6} {:>12} {:>10} {:>8}\n", "runtime", "scope", "count", "median|err|", "max|err|", "RMSPE");
  for (const auto& s : r.stats) {
    std::cout << fmt::format("{:<20} {:<7} {:>6} {:>11.1f}% {:>9.1f}% {:>7.1f}%\n", s.runtime, s.scope, s.count,
                             100 * s.median_abs, 100 * s.max_abs, 100 * s.rmspe);
  }
  std::cout << "\n" << (all ? "every modelled record:\n" : "worst record of each runtime and scope (--all for every one):\n");
  std::map<std::pair<std::string, std::string>, const CheckedRecord*> worst;
  for (const auto& c : r.checked) {
    const auto key = std::make_pair(c.record.runtime, c.record.scope);
    if (c.found && (!worst.count(key) || std::fabs(c.error) > std::fabs(worst[key]->error))) worst[key] = &c;
  }
  const auto row = [](const CheckedRecord& c) {
    return fmt::format("  {:<26} {:<18} {:<6} b{:<3} {:<13} {:>10.3f} {:>10.3f} {:>+7.1f}%  [{}]\n", c.record.id,
                       c.record.runtime, c.record.scope, c.record.batch, c.record.what.substr(0, 13), c.record.value,
                       c.predicted, 100 * c.error, c.record.network.substr(c.record.network.rfind('/') + 1));
  };
  if (all) {
    for (const auto& c : r.checked) {
      if (c.found) std::cout << row(c);
    }
  } else {
    for (const auto& [key, c] : worst) std::cout << row(*c);
  }
  int unmatched = 0;
  for (const auto& c : r.checked) unmatched += c.found ? 0 : 1;
  if (unmatched) std::cout << fmt::format("{} modelled records name a quantity the simulation does not have (e.g. a layer name)\n", unmatched);
  std::cout << "\nnot modelled (shown, not judged):\n";
  for (const auto& [reason, n] : r.not_modelled) std::cout << fmt::format("  {:>4} records: {}\n", n, reason);
  for (const auto& f : r.budget_failures) std::cout << "BUDGET EXCEEDED: " << f << "\n";
}

nlohmann::json to_json(const ValidationReport& r) {
  nlohmann::json records = nlohmann::json::array();
  for (const auto& c : r.checked) {
    nlohmann::json j{{"id", c.record.id}, {"board", c.record.board}, {"processor", c.record.processor},
                     {"runtime", c.record.runtime}, {"network", c.record.network}, {"batch", c.record.batch},
                     {"scope", c.record.scope}, {"what", c.record.what}, {"measured", c.record.value},
                     {"unit", c.record.unit}, {"found", c.found}};
    if (c.found) {
      j["predicted"] = c.predicted;
      j["error"] = c.error;
    }
    records.push_back(j);
  }
  nlohmann::json stats = nlohmann::json::array();
  for (const auto& s : r.stats) {
    stats.push_back({{"runtime", s.runtime}, {"scope", s.scope}, {"count", s.count}, {"median_abs_error", s.median_abs},
                     {"max_abs_error", s.max_abs}, {"rmspe", s.rmspe}});
  }
  return {{"augur_version", kVersion}, {"records", records}, {"stats", stats}, {"not_modelled", r.not_modelled},
          {"budget_failures", r.budget_failures}};
}

void print_traces(const std::vector<TraceValidation>& traces) {
  if (traces.empty()) return;
  std::cout << fmt::format("\ntraces (per layer, layerwise times):\n{:<46} {:>6} {:>8} {:>12} {:>12} {:>12}\n", "trace",
                           "layers", "matched", "median|err|", "forward ms", "predicted ms");
  for (const auto& t : traces) {
    if (t.entry.modelled != "yes") {
      std::cout << fmt::format("{:<46} {:>6} {:>8}  not modelled: {}{}\n", t.entry.file, t.layers, "-", t.entry.modelled,
                               t.forward_measured_ms ? fmt::format(" (measured {:.1f} ms)", *t.forward_measured_ms) : "");
      continue;
    }
    std::cout << fmt::format("{:<46} {:>6} {:>8} {:>11.1f}% {:>12.2f} {:>12.2f}\n", t.entry.file, t.layers, t.matched,
                             100 * t.median_abs_error, t.forward_measured_ms.value_or(0), t.forward_predicted_ms.value_or(0));
  }
}

nlohmann::json traces_json(const std::vector<TraceValidation>& traces) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& t : traces) {
    nlohmann::json j{{"file", t.entry.file}, {"board", t.entry.board}, {"processor", t.entry.processor},
                     {"runtime", t.entry.runtime}, {"modelled", t.entry.modelled}, {"layers", t.layers}};
    if (t.entry.modelled == "yes") {
      j["matched"] = t.matched;
      j["median_abs_error"] = t.median_abs_error;
    }
    if (t.forward_measured_ms) j["forward_measured_ms"] = *t.forward_measured_ms;
    if (t.forward_predicted_ms) j["forward_predicted_ms"] = *t.forward_predicted_ms;
    out.push_back(j);
  }
  return out;
}

void run_validate(const ValidateOptions& o) {
  const auto records = read_records(o.records);
  auto root = std::filesystem::path(o.records).parent_path().parent_path();
  if (root.empty()) root = ".";
  ValidationReport report = validate_records(records, root);
  // A NaN or infinite prediction is a bug, never a number in a report.
  for (const auto& c : report.checked) {
    if (c.found && !std::isfinite(c.predicted)) {
      throw InternalError(fmt::format("record {}: the prediction is not a finite number", terminal_text(c.record.id)));
    }
  }
  if (!o.budgets.empty()) check_budgets(report, read_budgets(o.budgets));
  std::vector<TraceValidation> traces;
  if (!o.traces.empty()) traces = validate_traces(read_trace_manifest(o.trace_manifest), o.traces, root);
  if (o.format == "json") {
    auto j = to_json(report);
    j["traces"] = traces_json(traces);
    std::cout << report::json_text(j);
  } else {
    print_table(report, o.all);
    print_traces(traces);
  }
  if (!o.plot.empty()) plot_validation(report, traces, o.plot);
  // Exit 1 when the model misses a budget: not a user error (2) nor a bug (3).
  if (!report.budget_failures.empty()) {
    throw ExitStatus(1, fmt::format("validation: {} error budget(s) exceeded", report.budget_failures.size()));
  }
}

}  // namespace

void register_validate_command(CLI::App& app, Action& chosen) {
  auto o = std::make_shared<ValidateOptions>();
  CLI::App* cmd = app.add_subcommand("validate", "Simulate every recorded measurement and report the errors");
  cmd->add_option("--records", o->records, "Records CSV (validation/README.md)")->capture_default_str();
  cmd->add_option("--budgets", o->budgets, "Error budgets CSV; exit 1 when one is exceeded");
  cmd->add_option("--format", o->format, "table or json")->check(CLI::IsMember({"table", "json"}))->capture_default_str();
  cmd->add_flag("--all", o->all, "List every record, not just the worst of each group");
  cmd->add_option("--traces", o->traces, "Also import and compare the raw traces in DIR (e.g. ../shared/validation/traces)");
  cmd->add_option("--plot", o->plot, "Write records.png and trace-<name>.png figures into DIR (gnuplot)");
  cmd->add_option("--trace-manifest", o->trace_manifest, "What each trace file is (board, processor, network, runtime)")
      ->capture_default_str();
  cmd->callback([o, &chosen] { chosen = [o] { run_validate(*o); }; });
}

}  // namespace augur::app
