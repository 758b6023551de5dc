// `augur calibrate --runtime R.yaml [--records FILE] [--traces DIR] [--params a,b,c] --out FITTED.yaml
//  [--record-runtime NAME] [--hw BOARD] [--leave-out NETWORK] [--format table|json]`: fits a runtime's
// fitted keys to recorded measurements and writes a runtime that `use:`s it.
#include <cmath>
#include <iostream>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "sim/app/command.h"
#include "sim/calibrate/calibrate.h"
#include "sim/calibrate/fitted_runtime.h"
#include "sim/core/atomic_output.h"
#include "sim/core/error.h"
#include "sim/core/strict_number.h"
#include "sim/core/version.h"
#include "sim/hwdesc/runtime_loader.h"
#include "sim/report/output_checks.h"
#include "sim/validate/validation.h"

namespace augur::app {
namespace {

struct CalibrateOptions {
  std::string runtime, records = "validation/records.csv", traces, gemms, trace_manifest, out, record_runtime, hw, leave_out,
              format = "table";
  std::vector<std::string> params;
  int max_evaluations = 3000;
  double prior_weight = calibrate::CalibrateOptions::kDefaultPriorWeight;
};

std::string shell_word(const std::string& s) {
  if (!s.empty() && s.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./=,:@+") ==
                        std::string::npos) {
    return s;
  }
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// The command line that writes the same file again (for fitted_on; never run by Augur).
std::string command_line(const CalibrateOptions& o) {
  std::string c = "augur calibrate --runtime " + shell_word(o.runtime) + " --records " + shell_word(o.records);
  if (!o.traces.empty()) c += " --traces " + shell_word(o.traces);
  if (!o.trace_manifest.empty()) c += " --trace-manifest " + shell_word(o.trace_manifest);
  if (!o.gemms.empty()) c += " --gemms " + shell_word(o.gemms);
  if (!o.record_runtime.empty()) c += " --record-runtime " + shell_word(o.record_runtime);
  if (!o.hw.empty()) c += " --hw " + shell_word(o.hw);
  if (!o.leave_out.empty()) c += " --leave-out " + shell_word(o.leave_out);
  if (!o.params.empty()) {
    std::string joined;
    for (const auto& p : o.params) joined += (joined.empty() ? "" : ",") + p;
    c += " --params " + shell_word(joined);
  }
  if (o.max_evaluations != CalibrateOptions{}.max_evaluations) c += " --max-evaluations " + std::to_string(o.max_evaluations);
  if (o.prior_weight != CalibrateOptions{}.prior_weight) c += fmt::format(" --prior-weight {:g}", o.prior_weight);
  return c + " --out " + shell_word(o.out);
}

std::string fitted_on_text(const calibrate::CalibrationData& data, const std::string& records, const std::string& runtime) {
  std::set<std::string> networks;
  for (const auto& m : data.measurements) networks.insert(calibrate::network_stem(m.record.network));
  std::string sets;
  for (const auto& s : data.sets) {
    int n = 0;
    for (const auto& m : data.measurements) n += &data.sets[m.set] == &s ? 1 : 0;
    sets += fmt::format("{}{} ({} records, weight {:g})", sets.empty() ? "" : "; ", s.name, n, s.weight);
  }
  std::string nets;
  for (const auto& n : networks) nets += (nets.empty() ? "" : ", ") + n;
  return fmt::format("{} measurements of runtime {} in {} ({}), networks {}, {} simulations", data.measurements.size(),
                     runtime, records, sets, nets, data.configs.size());
}

// Median |error| per record set, before and after.
std::vector<std::pair<double, double>> set_errors(const calibrate::CalibrationData& data,
                                                  const calibrate::CalibrationResult& r) {
  std::vector<std::pair<double, double>> out;
  for (size_t s = 0; s < data.sets.size(); ++s) {
    std::vector<double> before, after;
    for (size_t i = 0; i < data.measurements.size(); ++i) {
      if (data.measurements[i].set != s) continue;
      const double m = data.measurements[i].record.value;
      if (r.initial_predicted[i]) before.push_back(std::fabs(*r.initial_predicted[i] / m - 1));
      if (r.predicted[i]) after.push_back(std::fabs(*r.predicted[i] / m - 1));
    }
    const auto median = [](std::vector<double> v) {
      if (v.empty()) return 0.0;
      std::sort(v.begin(), v.end());
      return v.size() % 2 ? v[v.size() / 2] : 0.5 * (v[v.size() / 2 - 1] + v[v.size() / 2]);
    };
    out.emplace_back(median(before), median(after));
  }
  return out;
}

void run_calibrate(const CalibrateOptions& o) {
  const auto records = read_records(o.records);
  // The project root: the directory above the records file's folder.
  const auto root = std::filesystem::absolute(o.records).lexically_normal().parent_path().parent_path();
  if (o.out == "-") throw UserError("--out -: calibrate writes a runtime file; give its path (the report goes to stdout)");
  {
    std::error_code a, b;
    const auto out = std::filesystem::weakly_canonical(o.out, a), base = std::filesystem::weakly_canonical(o.runtime, b);
    if (!a && !b && out == base) {
      throw UserError(fmt::format("--out {}: that is the --runtime file; the fitted runtime uses: it, so write it "
                                  "elsewhere", o.out));
    }
  }
  calibrate::Selection selection;
  selection.runtime = o.record_runtime.empty() ? std::filesystem::path(o.runtime).stem().string() : o.record_runtime;
  selection.board_file = o.hw;
  selection.leave_out = o.leave_out;
  auto data = calibrate::select_records(records, selection, root);
  if (!o.traces.empty()) {
    const std::string manifest = o.trace_manifest.empty() ? (root / "validation/traces.csv").string() : o.trace_manifest;
    calibrate::add_traces(data, read_trace_manifest(manifest), o.traces, selection, root);
  }
  if (data.measurements.empty()) {
    throw UserError(fmt::format("{}: no modelled time record names runtime '{}' (the runtime column){}", o.records,
                                selection.runtime,
                                o.record_runtime.empty() ? "; give --record-runtime NAME to fit on another runtime's records" : ""));
  }
  if (!o.gemms.empty()) {
    if (hwdesc::value_at(hwdesc::load_runtime(o.runtime).values, "processor").text != "gpu") {
      throw UserError(fmt::format("--gemms {}: GEMMs timed alone are predicted by the GPU GEMM model; {} is not a "
                                  "gpu runtime", o.gemms, o.runtime));
    }
    calibrate::add_gemms(data, o.gemms);
  }
  const calibrate::CalibrationProblem problem(std::move(data), o.runtime);
  const auto params = o.params.empty() ? calibrate::fittable_parameters(problem.runtime().values)
                                       : calibrate::chosen_parameters(problem.runtime().values, o.params);
  calibrate::CalibrateOptions options;
  options.minimize.max_evaluations = o.max_evaluations;
  options.prior_weight = o.prior_weight;
  const auto result = calibrate::calibrate(problem, params, options);
  for (const auto& f : result.parameters) {
    if (!std::isfinite(f.value)) throw InternalError("calibrate: a fitted value is not a finite number: " + f.parameter.path);
  }

  const calibrate::FittedRuntimeText text{o.runtime, o.out, fitted_on_text(problem.data(), o.records, selection.runtime),
                                          command_line(o)};
  write_file_atomically(o.out, calibrate::fitted_runtime_yaml(text, result), "--out " + o.out);

  const auto& data_used = problem.data();
  const auto errors = set_errors(data_used, result);
  if (o.format == "json") {
    nlohmann::json params_json = nlohmann::json::array();
    for (const auto& f : result.parameters) {
      params_json.push_back({{"key", f.parameter.path}, {"unit", std::string(base_unit_name(f.parameter.dimension))},
                             {"initial", f.parameter.initial}, {"value", f.value}, {"lo", f.parameter.lo},
                             {"hi", f.parameter.hi}, {"constrained", f.constrained}, {"at_bound", f.at_bound},
                             {"relative_loss_change_down_10pct", f.relative_loss_change_down},
                             {"relative_loss_change_up_10pct", f.relative_loss_change_up}});
    }
    nlohmann::json flat = nlohmann::json::array();
    for (const auto& d : result.flat_directions) {
      nlohmann::json keys = nlohmann::json::object();
      for (const auto& [k, c] : d.keys) keys[k] = c;
      flat.push_back({{"keys", keys}, {"relative_loss_change_at_double", d.loss_change_at_double}});
    }
    nlohmann::json sets = nlohmann::json::array();
    for (size_t s = 0; s < data_used.sets.size(); ++s) {
      sets.push_back({{"name", data_used.sets[s].name}, {"weight", data_used.sets[s].weight},
                      {"median_abs_error_initial", errors[s].first}, {"median_abs_error", errors[s].second}});
    }
    std::cout << report::json_text({{"augur_version", kVersion}, {"runtime", o.runtime}, {"record_runtime", selection.runtime},
                                    {"records", o.records}, {"out", o.out}, {"measurements", data_used.measurements.size()},
                                    {"simulations", data_used.configs.size()}, {"record_sets", sets},
                                    {"initial_loss", result.initial_loss}, {"loss", result.loss},
                                    {"prior_weight", o.prior_weight}, {"prior_penalty", result.prior_penalty},
                                    {"evaluations", result.evaluations}, {"stopped_because", result.stopped_because},
                                    {"parameters", params_json}, {"flat_directions", flat},
                                    {"left_out", data_used.left_out}});
    return;
  }
  std::cout << fmt::format("# Augur {}: calibration of {} on {} measurements ({} simulations) of runtime {}\n", kVersion,
                           o.runtime, data_used.measurements.size(), data_used.configs.size(), selection.runtime);
  std::cout << fmt::format("weighted log loss {:.6g} -> {:.6g} after {} evaluations ({})\n", result.initial_loss,
                           result.loss, result.evaluations, result.stopped_because);
  std::cout << fmt::format("minimised: loss + {:.3g} x sum of ln(fitted / from)^2 (a prior at the starting values); "
                           "that term is {:.3g}\n\n", o.prior_weight, result.prior_penalty);
  std::cout << fmt::format("{:<44} {:>12} {:>12} {:>24}  {:>9} {:>9}\n", "key", "from", "fitted", "range", "-10%", "+10%");
  for (const auto& f : result.parameters) {
    const auto& p = f.parameter;
    if (!f.constrained) {
      std::cout << fmt::format("{:<44} {:>12.4g} {:>12} {:>24}  not fitted: the records do not move the loss\n", p.path,
                               p.initial, "-", "");
      continue;
    }
    std::cout << fmt::format("{:<44} {:>12.4g} {:>12.4g} {:>24}  {:>+8.1f}% {:>+8.1f}%{}\n", p.path, p.initial, f.value,
                             fmt::format("[{:.3g}, {:.3g}] {}", p.lo, p.hi, base_unit_name(p.dimension)),
                             100 * f.relative_loss_change_down, 100 * f.relative_loss_change_up,
                             f.at_bound ? "  at a bound" : "");
  }
  std::cout << "(-10%/+10%: the change of the loss, relative to the fitted loss, when the key alone moves so)\n";
  if (result.flat_directions.empty()) {
    std::cout << "\nno flat direction: the records separate every fitted key\n";
  } else {
    std::cout << "\nflat directions (combinations the records cannot separate; ln values):\n";
    for (const auto& d : result.flat_directions) {
      std::string keys;
      for (const auto& [k, c] : d.keys) keys += fmt::format("{}{:+.2f} {}", keys.empty() ? "" : " ", c, k);
      std::cout << fmt::format("  {}  (a factor 2 along it changes the loss by {:.2g}%)\n", keys,
                               100 * d.loss_change_at_double);
    }
  }
  std::cout << fmt::format("\n{:<52} {:>6} {:>14} {:>14}\n", "record set", "weight", "median|err| was", "now");
  for (size_t s = 0; s < data_used.sets.size(); ++s) {
    std::cout << fmt::format("{:<52} {:>6g} {:>13.1f}% {:>13.1f}%\n", data_used.sets[s].name, data_used.sets[s].weight,
                             100 * errors[s].first, 100 * errors[s].second);
  }
  if (!data_used.left_out.empty()) {
    std::cout << fmt::format("\n{} records left out, e.g. {}\n", data_used.left_out.size(), data_used.left_out.front());
  }
  std::cout << "\nwrote " << o.out << "\n";
}

}  // namespace

void register_calibrate_command(CLI::App& app, Action& chosen) {
  auto o = std::make_shared<CalibrateOptions>();
  CLI::App* cmd = app.add_subcommand("calibrate", "Fit a runtime's fitted keys to recorded measurements");
  cmd->add_option("--runtime", o->runtime, "The runtime to start from (its non-fitted keys are kept)")->required();
  cmd->add_option("--records", o->records, "Records CSV (validation/README.md); board and network paths in it are "
                                          "relative to the directory above the file's")
      ->capture_default_str();
  cmd->add_option("--traces", o->traces, "Also fit on the per-layer times of the traces in DIR");
  cmd->add_option("--trace-manifest", o->trace_manifest,
                  "What each trace file is (validation/traces.csv format; default: validation/traces.csv under the root)");
  cmd->add_option("--gemms", o->gemms, "Also fit on GEMMs timed alone (DeepBench CSV; GPU runtimes)");
  cmd->add_option("--params", o->params, "Keys to fit, comma-separated (default: every fittable key of the runtime)")
      ->delimiter(',');
  cmd->add_option("--out", o->out, "The fitted runtime file to write (it uses: the --runtime file)")->required();
  cmd->add_option("--record-runtime", o->record_runtime,
                  "Fit on the records whose runtime column is NAME (default: the --runtime file's stem)");
  cmd->add_option("--hw", o->hw, "Simulate every record on this board file (default: the record's board)");
  cmd->add_option("--leave-out", o->leave_out, "Leave out the records of this network (file stem, e.g. vgg16)");
  cmd->add_option("--max-evaluations", o->max_evaluations, "Evaluation limit of the optimiser")
      ->check(CLI::Range(10, 1000000))
      ->capture_default_str();
  cmd->add_option("--prior-weight", o->prior_weight,
                  "Weight of the prior at the starting values: the fit minimises loss + W x sum of ln(fitted / start)^2 "
                  "(0: least squares; the default makes a factor 2 cost an RMS error of 1%)")
      ->check([](const std::string& text) -> std::string {
        const auto v = parse_finite_number(text);
        return v && *v >= 0 && *v <= 1 ? std::string() : "expected a number from 0 to 1, got '" + text + "'";
      })
      ->capture_default_str();
  cmd->add_option("--format", o->format, "table or json")->check(CLI::IsMember({"table", "json"}))->capture_default_str();
  cmd->callback([o, &chosen] { chosen = [o] { run_calibrate(*o); }; });
}

}  // namespace augur::app
