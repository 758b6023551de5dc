// Validation figures through gnuplot.
#include "sim/app/validation_plot.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>

#include <fmt/format.h>

#include "sim/core/error.h"

namespace augur::app {
namespace {

void run_gnuplot(const std::filesystem::path& script, const std::string& what) {
  if (std::system(fmt::format("gnuplot '{}' 2>/dev/null", script.string()).c_str()) != 0) {
    throw UserError("--plot: gnuplot failed on " + what);
  }
}

}  // namespace

void plot_validation(const ValidationReport& report, const std::vector<TraceValidation>& traces, const std::string& dir) {
  if (std::system("command -v gnuplot > /dev/null 2>&1") != 0) {
    throw UserError("--plot needs gnuplot (Debian package gnuplot-nox; scripts/setup-deps.sh installs it)");
  }
  const std::filesystem::path out(dir);
  std::filesystem::create_directories(out);
  // records.png: one data block per runtime, time records only (ms)
  std::map<std::string, std::vector<const CheckedRecord*>> by_runtime;
  for (const auto& c : report.checked) {
    if (c.found && c.record.unit == "ms" && c.record.value > 0) by_runtime[c.record.runtime].push_back(&c);
  }
  {
    std::ofstream data(out / "records.dat");
    for (const auto& [runtime, rows] : by_runtime) {
      data << "# " << runtime << "\n";
      for (const auto* c : rows) data << c->record.value << " " << c->predicted << "\n";
      data << "\n\n";
    }
    std::ofstream gp(out / "records.gp");
    gp << "set terminal pngcairo size 900,800 noenhanced\nset output '" << (out / "records.png").string() << "'\n"
       << "set logscale xy\nset grid\nset key top left\nset xlabel 'measured (ms)'\nset ylabel 'predicted (ms)'\n"
       << "set title 'Augur vs recorded Jetson measurements (time records)'\nset xrange [0.01:20000]\nset yrange [0.01:20000]\n"
       << "plot x title 'predicted = measured' lc rgb 'black', 1.1*x title '+10%' dt 2 lc rgb 'gray', "
       << "0.9*x title '-10%' dt 2 lc rgb 'gray'";
    int i = 0;
    for (const auto& [runtime, rows] : by_runtime) {
      gp << ", '" << (out / "records.dat").string() << "' index " << i << " using 1:2 with points pt " << (6 + 2 * i)
         << " title '" << runtime << "'";
      ++i;
    }
    gp << "\n";
  }
  run_gnuplot(out / "records.gp", "records.png");
  std::filesystem::remove(out / "records.gp");
  std::filesystem::remove(out / "records.dat");
  // trace-<name>.png: per-layer errors
  for (const auto& t : traces) {
    if (t.layer_errors.empty()) continue;
    const std::string stem = std::filesystem::path(t.entry.file).stem().string();
    std::ofstream data(out / (stem + ".dat"));
    for (size_t i = 0; i < t.layer_errors.size(); ++i) {
      std::string label = t.layer_errors[i].first;
      const auto colon = label.find(": ");
      if (colon != std::string::npos) label = label.substr(colon + 2);
      data << i << " \"" << label << "\" " << 100 * t.layer_errors[i].second << "\n";
    }
    data.close();
    std::ofstream gp(out / (stem + ".gp"));
    gp << "set terminal pngcairo size 1000,500 noenhanced\nset output '" << (out / ("trace-" + stem + ".png")).string() << "'\n"
       << "set style fill solid 0.6\nset boxwidth 0.7\nset grid ytics\nset ylabel 'error (%)'\nset xtics rotate by -60\n"
       << "set title '" << t.entry.file << ": predicted / measured - 1 per layer (median |error| "
       << fmt::format("{:.1f}", 100 * t.median_abs_error) << "%)'\n"
       << "plot '" << (out / (stem + ".dat")).string() << "' using 1:3:xtic(2) with boxes notitle, 10 dt 2 lc rgb 'gray' notitle, "
       << "-10 dt 2 lc rgb 'gray' notitle\n";
    gp.close();
    run_gnuplot(out / (stem + ".gp"), "trace-" + stem + ".png");
    std::filesystem::remove(out / (stem + ".gp"));
    std::filesystem::remove(out / (stem + ".dat"));
  }
}

}  // namespace augur::app
