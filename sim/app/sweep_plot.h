// `augur sweep --plot FILE.png|.svg|.pdf`: forward time and DRAM traffic against the first varied
// key, one line per network, processor and value of the second varied key (further keys at their
// first value, as the plot's title says), drawn by gnuplot.
#pragma once

#include <string>
#include <vector>

#include "sim/sweep/sweep.h"

namespace augur::app {

// Throws UserError before the sweep runs when it varies nothing, `file` has a format gnuplot
// cannot be asked for here (by its extension: .png, .svg, .pdf), its directory does not exist, or
// gnuplot is missing.
void check_plot_request(const sweep::SweepSpec& spec, const std::string& file);

// Whether the plot uses `row` (every varied key after the second at its first value, and the
// second too when it has more values than the plot draws lines for); a streamed sweep keeps only
// these rows.
bool plotted_row(const sweep::SweepSpec& spec, const sweep::SweepRow& row);

// Throws UserError when gnuplot is missing or fails.
void plot_sweep(const sweep::SweepSpec& spec, const std::vector<sweep::SweepRow>& rows, const std::string& file);

}  // namespace augur::app
