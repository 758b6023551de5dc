// Fitting a runtime's fitted keys to measurements, and what the fit can and cannot tell apart.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sim/calibrate/calibration_problem.h"
#include "sim/calibrate/fit_parameters.h"
#include "sim/calibrate/optimizer.h"

namespace augur::calibrate {

struct FittedParameter {
  FitParameter parameter;
  double value = 0;            // fitted (or the starting value when not constrained)
  bool constrained = true;     // false: halving or doubling it leaves the loss unchanged; not fitted
  bool at_bound = false;       // the fit ended at the edge of the schema's range
  // Loss change when this key alone moves by -10% and +10% from the fitted value, over the fitted
  // loss (or over 1e-4, an RMS error of 1%, when the fit is closer than that).
  double relative_loss_change_down = 0, relative_loss_change_up = 0;
};

// A direction in log-parameter space along which the loss barely changes: the records cannot
// separate the keys in it (e.g. two per-layer overheads that are always charged together).
struct FlatDirection {
  std::vector<std::pair<std::string, double>> keys;  // key, component of the unit direction (|c| >= 0.2)
  double loss_change_at_double = 0;  // loss increase when the combination moves by a factor 2, over the fitted loss
};

struct CalibrationResult {
  std::vector<FittedParameter> parameters;
  double initial_loss = 0, loss = 0;  // the weighted log loss of the records (no prior term)
  double prior_penalty = 0;           // the prior term at the fitted values (CalibrateOptions)
  int evaluations = 0;
  int best_start = 0;  // 0: the starting runtime's values; i > 0: Halton point i
  std::string stopped_because;
  std::vector<FlatDirection> flat_directions;
  std::vector<std::optional<double>> initial_predicted, predicted;  // per measurement
  std::vector<double> fitted_values() const;
};

struct CalibrateOptions {
  MinimizeOptions minimize;  // per start
  // Starts of the local optimiser besides the starting runtime's values: the first points of the
  // Halton sequence in the unit box (deterministic). The loss has kinks (max() of bounds, tile
  // choices), so a single local search can stop in a valley the data do not prefer.
  int extra_starts = 4;
  // A direction is flat when doubling along it raises the loss by less than this share of the
  // fitted loss (and a key is left unfitted when halving and doubling it changes the loss by
  // less than 1e-9 absolute).
  double flat_threshold = 0.01;
  // Per-key sensitivity and flat directions (2 n^2 + 2 n more evaluations); off for
  // cross-validation folds, which only need the fitted values.
  bool analyse = true;
  // The fit minimises loss + prior_weight · Σ_k ln(v_k / v_k,start)²: a log-normal prior centred
  // on the starting runtime's values (maximum a posteriori instead of least squares). A key the
  // records pin down moves as before; a key only weakly constrained (one network's records, a
  // near-flat valley) stays near its hand-written value instead of wandering to wherever the
  // training records' noise puts it. The default makes a factor 2 away from the start cost as
  // much as an RMS error of 1% on every record (1e-4, kLossFloor: what repeated measurements of a
  // layer scatter by): 1e-4 / (ln 2)^2. 0: least squares.
  double prior_weight = kDefaultPriorWeight;
  static constexpr double kDefaultPriorWeight = 1e-4 / (0.6931471805599453 * 0.6931471805599453);
};

CalibrationResult calibrate(const CalibrationProblem& problem, const std::vector<FitParameter>& params,
                            const CalibrateOptions& options = {});

}  // namespace augur::calibrate
