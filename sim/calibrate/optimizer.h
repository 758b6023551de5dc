// Bounded derivative-free minimisation (NLopt's BOBYQA) over the unit box [0, 1]^n: the
// calibration's coordinates are normalised log values (fit_parameters.h), so one step size
// suits every key. Deterministic: the same function and start give the same result.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace augur::calibrate {

struct MinimizeOptions {
  int max_evaluations = 3000;
  double x_tolerance = 1e-7;    // stop when a step changes every coordinate by less (unit box)
  double initial_step = 0.05;   // first trust-region radius, unit box
  int restarts = 3;             // restart from the result while it keeps improving
};

struct MinimizeResult {
  std::vector<double> x;
  double value = 0;
  int evaluations = 0;
  std::string stopped_because;  // NLopt's reason, e.g. "x tolerance reached"
};

MinimizeResult minimize_in_unit_box(const std::function<double(const std::vector<double>&)>& f,
                                    std::vector<double> start, const MinimizeOptions& options);

}  // namespace augur::calibrate
