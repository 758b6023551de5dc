// `augur validate --plot DIR`: records.png (predicted vs measured, log-log, the ±10% band, one
// point style per runtime) and trace-<name>.png (per-layer errors of each modelled trace), drawn
// by gnuplot.
#pragma once

#include <string>
#include <vector>

#include "sim/validate/validation.h"

namespace augur::app {

void plot_validation(const ValidationReport& report, const std::vector<TraceValidation>& traces, const std::string& dir);

}  // namespace augur::app
