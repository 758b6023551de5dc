// Validation figures through gnuplot (no shell; every name quoted for gnuplot, see gnuplot.h).
#include "sim/app/validation_plot.h"

#include <filesystem>
#include <map>

#include <fmt/format.h>

#include "sim/app/gnuplot.h"
#include "sim/core/error.h"

namespace augur::app {

void plot_validation(const ValidationReport& report, const std::vector<TraceValidation>& traces, const std::string& dir) {
  require_gnuplot();
  const std::filesystem::path out(dir);
  std::error_code ec;
  std::filesystem::create_directories(out, ec);
  if (ec || !std::filesystem::is_directory(out)) throw UserError(fmt::format("--plot {}: cannot create the directory", dir));
  PlotDirectory work;
  // records.png: one data block per runtime, time records only (ms)
  std::map<std::string, std::vector<const CheckedRecord*>> by_runtime;
  for (const auto& c : report.checked) {
    if (c.found && c.record.unit == "ms" && c.record.value > 0) by_runtime[c.record.runtime].push_back(&c);
  }
  {
    std::string data;
    for (const auto& [runtime, rows] : by_runtime) {
      data += "# runtime\n";
      for (const auto* c : rows) data += fmt::format("{} {}\n", c->record.value, c->predicted);
      data += "\n\n";
    }
    const std::string data_file = gnuplot_string(work.write_file("records.dat", data).string());
    std::string gp = fmt::format(
        "set terminal pngcairo size 900,800 noenhanced\nset output {}\n"
        "set logscale xy\nset grid\nset key top left\nset xlabel 'measured (ms)'\nset ylabel 'predicted (ms)'\n"
        "set title 'Augur vs recorded Jetson measurements (time records)'\nset xrange [0.01:20000]\nset yrange [0.01:20000]\n"
        "plot x title 'predicted = measured' lc rgb 'black', 1.1*x title '+10%' dt 2 lc rgb 'gray', "
        "0.9*x title '-10%' dt 2 lc rgb 'gray'",
        gnuplot_string(work.path("records.png").string()));
    int i = 0;
    for (const auto& [runtime, rows] : by_runtime) {
      gp += fmt::format(", {} index {} using 1:2 with points pt {} title {}", data_file, i, 6 + 2 * i, gnuplot_string(runtime));
      ++i;
    }
    gp += "\n";
    draw_with_gnuplot(work, gp, "records.png", (out / "records.png").string(), "records.png");
  }
  // trace-<name>.png: per-layer errors
  int n = 0;
  for (const auto& t : traces) {
    if (t.layer_errors.empty()) continue;
    const std::string stem = std::filesystem::path(t.entry.file).stem().string();
    std::string data;
    for (size_t i = 0; i < t.layer_errors.size(); ++i) {
      std::string label = t.layer_errors[i].first;
      const auto colon = label.find(": ");
      if (colon != std::string::npos) label = label.substr(colon + 2);
      data += fmt::format("{} {} {}\n", i, gnuplot_data_label(label), 100 * t.layer_errors[i].second);
    }
    const std::string png = fmt::format("trace{}.png", n++);
    const std::string data_file = gnuplot_string(work.write_file(png + ".dat", data).string());
    const std::string gp = fmt::format(
        "set terminal pngcairo size 1000,500 noenhanced\nset output {}\n"
        "set style fill solid 0.6\nset boxwidth 0.7\nset grid ytics\nset ylabel 'error (%)'\nset xtics rotate by -60\n"
        "set title {}\n"
        "plot {} using 1:3:xtic(2) with boxes notitle, 10 dt 2 lc rgb 'gray' notitle, -10 dt 2 lc rgb 'gray' notitle\n",
        gnuplot_string(work.path(png).string()),
        gnuplot_string(fmt::format("{}: predicted / measured - 1 per layer (median |error| {:.1f}%)", t.entry.file,
                                   100 * t.median_abs_error)),
        data_file);
    draw_with_gnuplot(work, gp, png, (out / ("trace-" + stem + ".png")).string(), "trace-" + stem + ".png");
  }
}

}  // namespace augur::app
