// A calibration problem: the runtime being fitted, the keys that vary, and the measurements with
// the simulations that predict them. Evaluating a candidate is a pure function of the values:
// the runtime with those values, every simulation, every prediction, the loss.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <vector>

#include "sim/calibrate/calibration_data.h"
#include "sim/calibrate/fit_parameters.h"
#include "sim/hwdesc/runtime_loader.h"

namespace augur {
class Scenario;
}

namespace augur::calibrate {

// Weighted log loss: the mean over record sets, weighted by each set's weight, of the set's mean
// squared log error ln(predicted / measured)^2. Dimensionless; 0.01 is an RMS error of ~10%.
// `set_of[i]` is measurement i's set; measurements without a prediction are skipped.
double weighted_log_loss(const std::vector<std::optional<double>>& predicted, const std::vector<double>& measured,
                         const std::vector<size_t>& set_of, const std::vector<RecordSet>& sets);

// A patch setting `path` to `value` as calibration does: `base` gives the value's dimension (and
// the rest of its fields), the text is the value to 6 digits, the origin "augur calibrate".
hwdesc::ValuePatch calibrated_patch(const std::string& path, hwdesc::ResolvedValue base, double value);

class CalibrationProblem {
 public:
  // Loads every simulation's board and network with `runtime_file` on its processor, then drops
  // (into data.left_out) the measurements the simulation has no quantity for (a layer name the
  // network does not have). Throws UserError when no measurement is left.
  CalibrationProblem(CalibrationData data, const std::filesystem::path& runtime_file);
  ~CalibrationProblem();
  CalibrationProblem(CalibrationProblem&&) noexcept;

  const CalibrationData& data() const { return data_; }
  const hwdesc::LoadedRuntime& runtime() const { return runtime_; }

  // Replaces values of the starting runtime (before any fit): a cross-validation fold whose runtime
  // builds on another fitted runtime takes that runtime's values as fitted in the same fold.
  void rebase(const std::vector<hwdesc::ValuePatch>& patches) { runtime_ = hwdesc::with_values(runtime_, patches); }

  // The runtime with `values[i]` for `params[i]`.
  hwdesc::LoadedRuntime runtime_with(const std::vector<FitParameter>& params, const std::vector<double>& values) const;
  // Predicted ms of every measurement with that runtime (nullopt: no such quantity).
  std::vector<std::optional<double>> predict(const hwdesc::LoadedRuntime& runtime) const;
  std::vector<std::optional<double>> predict(const std::vector<FitParameter>& params, const std::vector<double>& values) const {
    return predict(runtime_with(params, values));
  }
  double loss(const std::vector<std::optional<double>>& predicted) const;
  double loss(const std::vector<FitParameter>& params, const std::vector<double>& values) const {
    return loss(predict(params, values));
  }

 private:
  CalibrationData data_;
  hwdesc::LoadedRuntime runtime_;
  std::vector<std::unique_ptr<Scenario>> scenarios_;  // one per data_.configs
  std::vector<double> measured_;
  std::vector<size_t> set_of_;
};

}  // namespace augur::calibrate
