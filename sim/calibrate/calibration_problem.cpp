// Evaluating candidate runtime values against measurements.
#include "sim/calibrate/calibration_problem.h"

#include <cmath>

#include <fmt/format.h>

#include "sim/core/error.h"
#include "sim/scenario/scenario.h"
#include "sim/schedule/simulation.h"
#include "sim/validate/gemm_check.h"

namespace augur::calibrate {

namespace {

// A library GEMM timed alone on the GPU (gemm_check.h); nullopt on a processor without a GEMM
// library model (a CPU runtime given GEMM records).
std::optional<double> gemm_ms(const GemmRecord& g, const Scenario& s, const std::string& processor,
                              const hwdesc::LoadedRuntime& runtime) {
  const Processor* p = s.platform().find(processor);
  if (p == nullptr || p->as<Gpu>() == nullptr || !std::holds_alternative<GpuRuntime>(runtime.runtime.params)) {
    return std::nullopt;
  }
  const auto v = check_gemms({g}, *p->as<Gpu>(), s.platform().memory, runtime.runtime.as<GpuRuntime>());
  return v.checks.front().predicted_ms;
}

}  // namespace

double weighted_log_loss(const std::vector<std::optional<double>>& predicted, const std::vector<double>& measured,
                         const std::vector<size_t>& set_of, const std::vector<RecordSet>& sets) {
  std::vector<double> sum(sets.size(), 0.0);
  std::vector<int> count(sets.size(), 0);
  for (size_t i = 0; i < predicted.size(); ++i) {
    if (!predicted[i]) continue;
    const double e = std::log(std::max(*predicted[i], 1e-12) / measured[i]);
    sum[set_of[i]] += e * e;
    ++count[set_of[i]];
  }
  double loss = 0, weights = 0;
  for (size_t s = 0; s < sets.size(); ++s) {
    if (count[s] == 0) continue;
    loss += sets[s].weight * sum[s] / count[s];
    weights += sets[s].weight;
  }
  return weights > 0 ? loss / weights : 0.0;
}

CalibrationProblem::CalibrationProblem(CalibrationData data, const std::filesystem::path& runtime_file)
    : data_(std::move(data)), runtime_(hwdesc::load_runtime(runtime_file)) {
  for (const auto& c : data_.configs) {
    ScenarioSpec spec;
    spec.board = c.board_file;
    spec.runtime_files = {{c.processor, runtime_file.string()}};
    spec.network = c.network_file;
    spec.network_options = NetworkOptions::with_batch(c.batch);
    scenarios_.push_back(std::make_unique<Scenario>(Scenario::load(spec)));
  }
  // Keep the measurements the simulation can predict.
  const auto first = predict(runtime_);
  std::vector<Measurement> kept;
  for (size_t i = 0; i < first.size(); ++i) {
    const auto& r = data_.measurements[i].record;
    if (first[i]) {
      kept.push_back(data_.measurements[i]);
    } else {
      data_.left_out.push_back(fmt::format("{}: the simulation of {} has no {} '{}'", r.id, network_stem(r.network),
                                           r.scope, r.what));
    }
  }
  data_.measurements = std::move(kept);
  if (data_.measurements.empty()) {
    throw UserError(fmt::format("no measurement the simulation can predict for runtime {} (every selected record "
                                "names a quantity the network does not have)", runtime_file.string()));
  }
  for (const auto& m : data_.measurements) {
    measured_.push_back(m.record.value);
    set_of_.push_back(m.set);
  }
}

CalibrationProblem::~CalibrationProblem() = default;
CalibrationProblem::CalibrationProblem(CalibrationProblem&&) noexcept = default;

hwdesc::ValuePatch calibrated_patch(const std::string& path, hwdesc::ResolvedValue base, double value) {
  base.number = value;
  base.text = fmt::format("{:.6g}", value);
  base.origin = hwdesc::Origin{hwdesc::Origin::Kind::Override, SourceLocation{"augur calibrate"}, ""};
  const std::string text = path + "=" + base.text;
  return hwdesc::ValuePatch{path, std::move(base), text};
}

hwdesc::LoadedRuntime CalibrationProblem::runtime_with(const std::vector<FitParameter>& params,
                                                       const std::vector<double>& values) const {
  std::vector<hwdesc::ValuePatch> patches;
  patches.reserve(params.size());
  for (size_t i = 0; i < params.size(); ++i) {
    patches.push_back(calibrated_patch(params[i].path, hwdesc::value_at(runtime_.values, params[i].path), values[i]));
  }
  return hwdesc::with_values(runtime_, patches);
}

std::vector<std::optional<double>> CalibrationProblem::predict(const hwdesc::LoadedRuntime& runtime) const {
  std::vector<SimulationResult> results;
  results.reserve(scenarios_.size());
  for (size_t c = 0; c < scenarios_.size(); ++c) {
    const Scenario& s = *scenarios_[c];
    Runtimes bindings = s.bindings();
    for (auto& b : bindings) {
      if (b.processor == data_.configs[c].processor) b.runtime = &runtime.runtime;
    }
    results.push_back(simulate(s.network(), s.platform(), bindings,
                               SimulationOptions{data_.configs[c].processor, CacheModel::Analytic}));
  }
  std::vector<std::optional<double>> out;
  out.reserve(data_.measurements.size());
  for (const auto& m : data_.measurements) {
    if (m.gemm) {
      out.push_back(gemm_ms(*m.gemm, *scenarios_[m.config], data_.configs[m.config].processor, runtime));
    } else {
      out.push_back(predicted_time_ms(m.record, scenarios_[m.config]->network(), results[m.config]));
    }
  }
  return out;
}

double CalibrationProblem::loss(const std::vector<std::optional<double>>& predicted) const {
  return weighted_log_loss(predicted, measured_, set_of_, data_.sets);
}

}  // namespace augur::calibrate
