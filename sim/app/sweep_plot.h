// `augur sweep --plot FILE.png`: forward time and DRAM traffic against the first varied key,
// one line per network and processor (the other varied keys at their first value), drawn by
// gnuplot.
#pragma once

#include <string>
#include <vector>

#include "sim/sweep/sweep.h"

namespace augur::app {

// Throws UserError when the sweep varies nothing or gnuplot is missing (checked before running).
void check_plot_request(const sweep::SweepSpec& spec);

// Whether the plot uses `row` (every varied key but the first at its first value); a streamed
// sweep keeps only these rows.
bool plotted_row(const sweep::SweepSpec& spec, const sweep::SweepRow& row);

// Throws UserError when gnuplot is missing or fails.
void plot_sweep(const sweep::SweepSpec& spec, const std::vector<sweep::SweepRow>& rows, const std::string& png);

}  // namespace augur::app
