// Sweep plots through gnuplot (no shell; every name quoted for gnuplot, see gnuplot.h).
#include "sim/app/sweep_plot.h"

#include <map>

#include <fmt/format.h>

#include "sim/app/gnuplot.h"
#include "sim/core/error.h"

namespace augur::app {

bool plotted_row(const sweep::SweepSpec& spec, const sweep::SweepRow& row) {
  const auto idx = sweep::value_indices(spec, row.point);
  for (size_t v = 1; v < idx.size(); ++v) {
    if (idx[v] != 0) return false;
  }
  return true;
}

void check_plot_request(const sweep::SweepSpec& spec) {
  if (spec.varies.empty()) throw UserError("--plot needs at least one --vary (its first key is the x axis)");
  require_gnuplot();
}

void plot_sweep(const sweep::SweepSpec& spec, const std::vector<sweep::SweepRow>& rows, const std::string& png) {
  check_plot_request(spec);
  // Series: network + processor; x: the first key's value index; others at their first value.
  std::map<std::string, std::vector<const sweep::SweepRow*>> series;
  for (const auto& row : rows) {
    if (plotted_row(spec, row)) series[row.network + " (" + row.processor + ")"].push_back(&row);
  }
  PlotDirectory work;
  std::string data;
  for (const auto& [name, members] : series) {
    data += "# series\n";
    for (const auto* r : members) {
      data += fmt::format("{} {} {} {}\n", sweep::value_indices(spec, r->point)[0], gnuplot_data_label(r->labels[0]),
                          r->forward_ms, r->dram_bytes / 1e6);
    }
    data += "\n\n";
  }
  const std::string data_file = gnuplot_string(work.write_file("data.txt", data).string());
  std::string script = fmt::format(
      "set terminal pngcairo size 1000,800 noenhanced\nset output {}\n"
      "set multiplot layout 2,1 title {}\nset grid\nset key outside right\nset xlabel {}\n"
      "set ylabel 'forward pass (ms)'\nplot ",
      gnuplot_string(work.path("sweep.png").string()), gnuplot_string("augur sweep: " + spec.board),
      gnuplot_string(spec.varies[0].key));
  const auto plots = [&](int column) {
    int i = 0;
    for (const auto& [name, members] : series) {
      script += fmt::format("{}{} index {} using 1:{}:xtic(2) with linespoints title {}", i ? ", " : "", data_file, i,
                            column, gnuplot_string(name));
      ++i;
    }
  };
  plots(3);
  script += "\nset ylabel 'DRAM traffic (MB)'\nplot ";
  plots(4);
  script += "\nunset multiplot\n";
  draw_with_gnuplot(work, script, "sweep.png", png, png);
}

}  // namespace augur::app
