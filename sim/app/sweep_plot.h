// `augur sweep --plot FILE.png`: forward time and DRAM traffic against the first varied key,
// one line per network and processor (the other varied keys at their first value), drawn by
// gnuplot.
#pragma once

#include <string>

#include "sim/sweep/sweep.h"

namespace augur::app {

// Throws UserError when gnuplot is missing or fails.
void plot_sweep(const sweep::SweepSpec& spec, const sweep::SweepResult& result, const std::string& png);

}  // namespace augur::app
