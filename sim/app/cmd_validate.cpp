// `augur validate [--records validation/records.csv] [--budgets validation/budgets.csv]
//  [--format table|json] [--all]`: every modelled record simulated and compared; exit 1 when an
// error exceeds its budget. `--cross-validate [--calibrations validation/calibrations.csv]` also
// refits each runtime leaving one network out and judges it on that network.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "sim/app/command.h"
#include "sim/app/validation_plot.h"
#include "sim/calibrate/cross_validation.h"
#include "sim/core/error.h"
#include "sim/core/text_escape.h"
#include "sim/core/version.h"
#include "sim/report/output_checks.h"
#include "sim/validate/validation.h"

namespace augur::app {
namespace {

struct ValidateOptions {
  std::string records = "validation/records.csv", budgets, format = "table", traces,
              trace_manifest = "validation/traces.csv", plot, calibrations = "validation/calibrations.csv";
  bool all = false, cross_validate = false;
};

// The in-sample report with the cross-validated predictions in place of the in-sample ones.
ValidationReport cross_validated_report(const ValidationReport& in_sample, const std::vector<calibrate::Fold>& folds) {
  std::map<std::string, const CheckedRecord*> by_id;
  for (const auto& f : folds) {
    for (const auto& c : f.checked) by_id[c.record.id] = &c;
  }
  ValidationReport cv = in_sample;
  cv.budget_failures.clear();
  for (auto& c : cv.checked) {
    if (const auto it = by_id.find(c.record.id); it != by_id.end()) c = *it->second;
  }
  cv.stats = summarise(cv.checked);
  return cv;
}

struct FoldSummary {
  int totals = 0, types = 0, layers = 0;
  double total_median = 0, total_max = 0, type_max = 0, layer_rmspe = 0;
};

FoldSummary summarise_fold(const calibrate::Fold& f) {
  FoldSummary s;
  std::vector<double> totals;
  double squares = 0;
  for (const auto& c : f.checked) {
    if (!c.found) continue;
    const double e = std::fabs(c.error);
    if (c.record.scope == "total") totals.push_back(e);
    if (c.record.scope == "type") {
      ++s.types;
      s.type_max = std::max(s.type_max, e);
    }
    if (c.record.scope == "layer") {
      ++s.layers;
      squares += e * e;
    }
  }
  std::sort(totals.begin(), totals.end());
  s.totals = static_cast<int>(totals.size());
  if (!totals.empty()) {
    const size_t n = totals.size();
    s.total_median = n % 2 ? totals[n / 2] : 0.5 * (totals[n / 2 - 1] + totals[n / 2]);
    s.total_max = totals.back();
  }
  if (s.layers) s.layer_rmspe = std::sqrt(squares / s.layers);
  return s;
}

void print_cross_validation(const ValidationReport& in_sample, const ValidationReport& cv,
                            const std::vector<calibrate::Fold>& folds) {
  std::cout << "\ncross-validated (each runtime refitted without the network, judged on it; validation/calibrations.csv):\n";
  std::cout << fmt::format("{:<20} {:<7} {:>6}   {:>11} {:>9} {:>8}   {:>11} {:>9} {:>8}\n", "runtime", "scope", "count",
                           "in-sample", "", "", "cross-val.", "", "");
  std::cout << fmt::format("{:<20} {:<7} {:>6}   {:>11} {:>9} {:>8}   {:>11} {:>9} {:>8}\n", "", "", "", "median|err|",
                           "max|err|", "RMSPE", "median|err|", "max|err|", "RMSPE");
  for (const auto& s : cv.stats) {
    const auto in = std::find_if(in_sample.stats.begin(), in_sample.stats.end(), [&](const ErrorStats& x) {
      return x.runtime == s.runtime && x.scope == s.scope;
    });
    if (in == in_sample.stats.end()) continue;
    std::cout << fmt::format("{:<20} {:<7} {:>6}   {:>10.1f}% {:>8.1f}% {:>7.1f}%   {:>10.1f}% {:>8.1f}% {:>7.1f}%\n",
                             s.runtime, s.scope, s.count, 100 * in->median_abs, 100 * in->max_abs, 100 * in->rmspe,
                             100 * s.median_abs, 100 * s.max_abs, 100 * s.rmspe);
  }
  std::cout << fmt::format("\n{:<20} {:<18} {:>8} {:>14} {:>10} {:>12} {:>14}\n", "runtime", "left out", "records",
                           "total median", "total max", "type max", "layer RMSPE");
  for (const auto& f : folds) {
    const auto s = summarise_fold(f);
    const auto pct = [](int n, double v) { return n ? fmt::format("{:.1f}%", 100 * v) : std::string("-"); };
    std::cout << fmt::format("{:<20} {:<18} {:>8} {:>14} {:>10} {:>12} {:>14}\n", f.runtime, f.left_out, f.checked.size(),
                             pct(s.totals, s.total_median), pct(s.totals, s.total_max), pct(s.types, s.type_max),
                             pct(s.layers, s.layer_rmspe));
  }
}

nlohmann::json folds_json(const std::vector<calibrate::Fold>& folds) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& f : folds) {
    nlohmann::json records = nlohmann::json::array();
    for (const auto& c : f.checked) {
      nlohmann::json j{{"id", c.record.id}, {"scope", c.record.scope}, {"what", c.record.what}, {"batch", c.record.batch},
                       {"measured", c.record.value}, {"found", c.found}};
      if (c.found) {
        j["predicted"] = c.predicted;
        j["error"] = c.error;
      }
      records.push_back(j);
    }
    const auto s = summarise_fold(f);
    out.push_back({{"runtime", f.runtime}, {"left_out", f.left_out}, {"training_measurements", f.training_measurements},
                   {"training_loss", f.training_loss}, {"fitted", f.values}, {"total_median_abs_error", s.total_median},
                   {"total_max_abs_error", s.total_max}, {"type_max_abs_error", s.type_max},
                   {"layer_rmspe", s.layer_rmspe}, {"records", records}});
  }
  return out;
}

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
  // The project root: the directory above the records file's folder.
  const auto root = std::filesystem::absolute(o.records).lexically_normal().parent_path().parent_path();
  ValidationReport report = validate_records(records, root);
  // A NaN or infinite prediction is a bug, never a number in a report.
  for (const auto& c : report.checked) {
    if (c.found && !std::isfinite(c.predicted)) {
      throw InternalError(fmt::format("record {}: the prediction is not a finite number", terminal_text(c.record.id)));
    }
  }
  std::vector<calibrate::Fold> folds;
  std::optional<ValidationReport> cv;
  if (o.cross_validate) {
    folds = calibrate::cross_validate(records, calibrate::read_calibrations(o.calibrations), root);
    cv = cross_validated_report(report, folds);
    for (const auto& c : cv->checked) {
      if (c.found && !std::isfinite(c.predicted)) {
        throw InternalError(fmt::format("record {}: the cross-validated prediction is not a finite number",
                                        terminal_text(c.record.id)));
      }
    }
  }
  // With --cross-validate the budgets hold the cross-validated errors.
  if (!o.budgets.empty()) check_budgets(cv ? *cv : report, read_budgets(o.budgets));
  if (cv) report.budget_failures = cv->budget_failures;
  std::vector<TraceValidation> traces;
  if (!o.traces.empty()) traces = validate_traces(read_trace_manifest(o.trace_manifest), o.traces, root);
  if (o.format == "json") {
    auto j = to_json(report);
    j["traces"] = traces_json(traces);
    if (cv) {
      j["cross_validation"] = {{"calibrations", o.calibrations}, {"stats", to_json(*cv)["stats"]},
                               {"folds", folds_json(folds)}};
    }
    std::cout << report::json_text(j);
  } else {
    print_table(report, o.all);
    if (cv) print_cross_validation(report, *cv, folds);
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
  cmd->add_flag("--cross-validate", o->cross_validate,
                "Also refit each runtime leaving one network out (--calibrations) and judge it on that network; "
                "budgets then hold the cross-validated errors");
  cmd->add_option("--calibrations", o->calibrations, "How each runtime is fitted (runtime,base,params,gemms,traces,note; the traces column may be left out)")
      ->capture_default_str();
  cmd->add_option("--trace-manifest", o->trace_manifest, "What each trace file is (board, processor, network, runtime)")
      ->capture_default_str();
  cmd->callback([o, &chosen] { chosen = [o] { run_validate(*o); }; });
}

}  // namespace augur::app
