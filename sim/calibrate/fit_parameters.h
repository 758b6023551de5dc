// The runtime keys a calibration fits: each with the range the runtime schema declares for it
// and the value the runtime it starts from holds.
#pragma once

#include <string>
#include <vector>

#include "sim/core/units.h"
#include "sim/hwdesc/resolved_values.h"

namespace augur::calibrate {

struct FitParameter {
  std::string path;      // runtime key, e.g. "kernels.layer_overhead"
  Dimension dimension;   // for writing the value back with its unit
  double lo = 0, hi = 0; // search range, base units (0 < lo < hi)
  double initial = 0;    // the starting runtime's value, clamped into [lo, hi]
};

// Every fittable key of the runtime schema that the runtime `values` hold (a CPU runtime's BLAS
// and loop costs, a GPU runtime's issue fractions, overheads and per-element instruction counts),
// in schema order.
std::vector<FitParameter> fittable_parameters(const hwdesc::ResolvedValues& values);

// The named keys, in the order given. Throws UserError for a key the runtime does not have or
// that is not fittable (a fact such as `blas.mr`, a choice such as `lowering.fusion`), with a
// suggestion, and for a key named twice.
std::vector<FitParameter> chosen_parameters(const hwdesc::ResolvedValues& values, const std::vector<std::string>& keys);

// Log-space coordinates in [0, 1]: u = ln(p / lo) / ln(hi / lo), and back.
double to_unit(const FitParameter& p, double value);
double from_unit(const FitParameter& p, double u);

}  // namespace augur::calibrate
