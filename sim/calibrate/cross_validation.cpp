// Leave-one-network-out cross-validation.
#include "sim/calibrate/cross_validation.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <optional>
#include <set>
#include <system_error>
#include <thread>
#include <sstream>

#include <fmt/format.h>

#include "sim/calibrate/calibration_data.h"
#include "sim/core/csv.h"
#include "sim/core/error.h"
#include "sim/core/file_input.h"
#include "sim/hwdesc/yaml_reader.h"

namespace augur::calibrate {

std::vector<CalibrationSpec> read_calibrations(const std::filesystem::path& file) {
  return parse_calibrations(read_input_file(file, 1u << 20, "a calibrations CSV"), file.string());
}

std::vector<CalibrationSpec> parse_calibrations(const std::string& text, const std::string& display) {
  const auto rows = csv_records(text);
  constexpr std::string_view kHeader = "runtime,base,params,gemms,traces,note";
  constexpr std::string_view kHeaderWithoutTraces = "runtime,base,params,gemms,note";
  const auto header_is = [&](std::string_view h) {
    const std::string& first = rows.front().text;
    return first.rfind(h, 0) == 0 && (first.size() == h.size() || first[h.size()] == '\r');
  };
  const bool has_traces = !rows.empty() && header_is(kHeader);
  if (!has_traces && (rows.empty() || !header_is(kHeaderWithoutTraces))) {
    throw UserError(fmt::format("{}:1: expected the header {} (or {})", display, kHeader, kHeaderWithoutTraces));
  }
  const size_t fields = has_traces ? 6 : 5;
  std::vector<CalibrationSpec> out;
  for (size_t i = 1; i < rows.size(); ++i) {
    if (rows[i].text.empty() || rows[i].text[0] == '#') continue;
    const auto f = split_csv_record(rows[i].text);
    if (f.size() != fields) {
      throw UserError(fmt::format("{}:{}: expected {} fields ({}), got {}", display, rows[i].line, fields,
                                  has_traces ? kHeader : kHeaderWithoutTraces, f.size()));
    }
    CalibrationSpec s{f[0], f[1], {}, f[3], f[fields - 1], has_traces ? f[4] : std::string()};
    std::istringstream words(f[2]);
    for (std::string w; words >> w;) s.params.push_back(w);
    if (s.runtime.empty() || s.base.empty() || s.params.empty()) {
      throw UserError(fmt::format("{}:{}: runtime, base and params must not be empty", display, rows[i].line));
    }
    out.push_back(std::move(s));
  }
  return out;
}

namespace {

// The spec whose fitted runtime (hwdesc/runtimes/RUNTIME.yaml) `spec`'s base file `use:`s at its top
// level, or nullptr: a stack that builds on another stack's fit (cuDNN on the cuBLAS runtime).
// `tree` is the base file as read.
const CalibrationSpec* builds_on(const CalibrationSpec& spec, const hwdesc::ConfigNode& tree,
                                 const std::vector<CalibrationSpec>& specs, const std::filesystem::path& root) {
  const auto base = root / spec.base;
  const hwdesc::ConfigEntry* use = tree.kind == hwdesc::ConfigNode::Kind::Map ? tree.find("use") : nullptr;
  if (use == nullptr || use->value.kind != hwdesc::ConfigNode::Kind::Scalar) return nullptr;
  std::error_code ec;
  const auto used = std::filesystem::weakly_canonical(base.parent_path() / use->value.scalar, ec);
  for (const auto& other : specs) {
    if (&other == &spec) continue;
    const auto fitted = std::filesystem::weakly_canonical(root / "hwdesc/runtimes" / (other.runtime + ".yaml"), ec);
    if (!ec && fitted == used) return &other;
  }
  return nullptr;
}

// The key paths (e.g. "kernels.kernel_launch") a runtime file sets itself, not through a `use:`.
void collect_own_keys(const hwdesc::ConfigNode& node, const std::string& prefix, std::set<std::string>& out) {
  for (const auto& e : node.entries) {
    if (e.key == "use") continue;
    const std::string path = prefix.empty() ? e.key : prefix + "." + e.key;
    if (e.value.kind == hwdesc::ConfigNode::Kind::Map) {
      collect_own_keys(e.value, path, out);
    } else {
      out.insert(path);
    }
  }
}

// The patches of the runtime a stack builds on, as its `use:` composes them: a key the stack's own
// file sets (a fit start of its own, an assumption) keeps the stack's value, as in the shipped
// composition; the others take the value refitted in the fold.
std::vector<hwdesc::ValuePatch> under_own_keys(std::vector<hwdesc::ValuePatch> patches,
                                               const hwdesc::ConfigNode& stack_file) {
  std::set<std::string> own;
  collect_own_keys(stack_file, "", own);
  std::erase_if(patches, [&](const hwdesc::ValuePatch& p) { return own.count(p.path) != 0; });
  return patches;
}

// The values `spec`'s fit gives without `network`'s records: its parameters, and those of the
// runtime it builds on, refitted in the same fold first (so no key a fold uses saw the network).
struct FoldFit {
  std::vector<hwdesc::ValuePatch> base_patches;  // of the runtime it builds on
  std::vector<FitParameter> params;
  CalibrationResult fit;
  int training_measurements = 0;
};

std::vector<hwdesc::ValuePatch> patches_of(const FoldFit& f) {
  std::vector<hwdesc::ValuePatch> out = f.base_patches;
  for (const auto& p : f.fit.parameters) {
    hwdesc::ResolvedValue base;
    base.dimension = p.parameter.dimension;
    out.push_back(calibrated_patch(p.parameter.path, base, p.value));
  }
  return out;
}

FoldFit fit_without(const std::vector<Record>& records, const CalibrationSpec& spec, const std::string& network,
                    const std::vector<CalibrationSpec>& specs, const std::filesystem::path& root, int depth = 0) {
  if (depth > static_cast<int>(specs.size())) {
    throw UserError(fmt::format("{}: the calibrations build on each other in a cycle", spec.runtime));
  }
  FoldFit out;
  const hwdesc::ConfigNode base_file = hwdesc::read_yaml_file(root / spec.base, spec.base);
  if (const CalibrationSpec* below = builds_on(spec, base_file, specs, root)) {
    out.base_patches =
        under_own_keys(patches_of(fit_without(records, *below, network, specs, root, depth + 1)), base_file);
  }
  const Selection without{spec.runtime, "", network, ""};
  auto training_data = select_records(records, without, root);
  if (!spec.gemms.empty()) add_gemms(training_data, root / spec.gemms);
  if (!spec.traces.empty()) {
    add_traces(training_data, read_trace_manifest(root / "validation/traces.csv"), root / spec.traces, without, root);
  }
  CalibrationProblem training(std::move(training_data), root / spec.base);
  training.rebase(out.base_patches);
  out.params = chosen_parameters(training.runtime().values, spec.params);
  CalibrateOptions options;
  options.analyse = false;
  out.fit = calibrate(training, out.params, options);
  out.training_measurements = static_cast<int>(training.data().measurements.size());
  return out;
}

Fold run_fold(const std::vector<Record>& records, const CalibrationSpec& spec, const std::string& network,
              const std::vector<CalibrationSpec>& specs, const std::filesystem::path& root) {
  const FoldFit f = fit_without(records, spec, network, specs, root);
  const auto& fit = f.fit;
  const auto& params = f.params;
  CalibrationProblem test(select_records(records, Selection{spec.runtime, "", "", network}, root), root / spec.base);
  test.rebase(f.base_patches);
  const auto predicted = test.predict(test.runtime_with(params, fit.fitted_values()));
  Fold fold{spec.runtime, network, f.training_measurements, fit.loss, {}, {}};
  for (const auto& p : f.base_patches) fold.values[p.path] = p.value.number;
  for (const auto& p : fit.parameters) fold.values[p.parameter.path] = p.value;
  for (size_t i = 0; i < predicted.size(); ++i) {
    const Record& r = test.data().measurements[i].record;
    CheckedRecord c{r, predicted[i].has_value(), predicted[i].value_or(0), 0};
    if (c.found) c.error = c.predicted / r.value - 1;
    fold.checked.push_back(std::move(c));
  }
  return fold;
}

}  // namespace

std::vector<Fold> cross_validate(const std::vector<Record>& records, const std::vector<CalibrationSpec>& specs,
                                 const std::filesystem::path& root) {
  // Every (spec, network) fold is independent (the model is pure functions on plain structs):
  // they run on the machine's threads, and come back in spec, then network order.
  std::vector<std::pair<const CalibrationSpec*, std::string>> jobs;
  for (const auto& spec : specs) {
    const auto all = select_records(records, Selection{spec.runtime, "", "", ""}, root);
    std::set<std::string> networks;
    for (const auto& m : all.measurements) networks.insert(network_stem(m.record.network));
    if (networks.size() < 2) continue;
    for (const auto& network : networks) jobs.emplace_back(&spec, network);
  }
  std::vector<std::optional<Fold>> folds(jobs.size());
  std::vector<std::exception_ptr> errors(jobs.size());
  std::atomic<size_t> next{0};
  const auto worker = [&] {
    for (size_t i; (i = next++) < jobs.size();) {
      try {
        folds[i] = run_fold(records, *jobs[i].first, jobs[i].second, specs, root);
      } catch (const UserError& e) {
        errors[i] = std::make_exception_ptr(UserError(fmt::format(
            "cross-validation of {} leaving out {}: {}", jobs[i].first->runtime, jobs[i].second, e.what())));
      } catch (...) {
        errors[i] = std::current_exception();
      }
    }
  };
  const unsigned threads = std::max(1u, std::min<unsigned>(std::thread::hardware_concurrency(),
                                                           static_cast<unsigned>(jobs.size())));
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) {
    try {
      pool.emplace_back(worker);
    } catch (const std::system_error&) {
      break;  // no more threads to be had: the ones running (and this one) take the rest
    }
  }
  worker();
  for (auto& t : pool) t.join();
  std::vector<Fold> out;
  for (size_t i = 0; i < jobs.size(); ++i) {
    if (errors[i]) std::rethrow_exception(errors[i]);
    out.push_back(std::move(*folds[i]));
  }
  return out;
}

}  // namespace augur::calibrate
