// Sweep plots through gnuplot.
#include "sim/app/sweep_plot.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>

#include <fmt/format.h>

#include "sim/core/error.h"

namespace augur::app {

void plot_sweep(const sweep::SweepSpec& spec, const sweep::SweepResult& result, const std::string& png) {
  if (spec.varies.empty()) throw UserError("--plot needs at least one --vary (its first key is the x axis)");
  if (std::system("command -v gnuplot > /dev/null 2>&1") != 0) {
    throw UserError("--plot needs gnuplot (Debian package gnuplot-nox; scripts/setup-deps.sh installs it)");
  }
  // Series: network + processor; x: the first key's value index; others at their first value.
  std::map<std::string, std::vector<const sweep::SweepRow*>> series;
  for (const auto& row : result.rows) {
    const auto idx = sweep::value_indices(spec, row.point);
    bool others_first = true;
    for (size_t v = 1; v < idx.size(); ++v) others_first = others_first && idx[v] == 0;
    if (others_first) series[row.network + " (" + row.processor + ")"].push_back(&row);
  }
  const auto dir = std::filesystem::temp_directory_path() / fmt::format("augur_plot_{}", ::getpid());
  std::filesystem::create_directories(dir);
  std::ofstream data(dir / "data.txt");
  for (const auto& [name, rows] : series) {
    data << "# " << name << "\n";
    for (const auto* r : rows) {
      data << sweep::value_indices(spec, r->point)[0] << " \"" << r->labels[0] << "\" " << r->forward_ms << " "
           << r->dram_bytes / 1e6 << "\n";
    }
    data << "\n\n";
  }
  data.close();
  std::ofstream script(dir / "plot.gp");
  script << "set terminal pngcairo size 1000,800 noenhanced\nset output '" << png << "'\n"
         << "set multiplot layout 2,1 title 'augur sweep: " << spec.board << "'\n"
         << "set grid\nset key outside right\nset xlabel '" << spec.varies[0].key << "'\n"
         << "set ylabel 'forward pass (ms)'\nplot ";
  int i = 0;
  for (const auto& [name, rows] : series) {
    script << (i ? ", " : "") << "'" << (dir / "data.txt").string() << "' index " << i
           << " using 1:3:xtic(2) with linespoints title '" << name << "'";
    ++i;
  }
  script << "\nset ylabel 'DRAM traffic (MB)'\nplot ";
  i = 0;
  for (const auto& [name, rows] : series) {
    script << (i ? ", " : "") << "'" << (dir / "data.txt").string() << "' index " << i
           << " using 1:4:xtic(2) with linespoints title '" << name << "'";
    ++i;
  }
  script << "\nunset multiplot\n";
  script.close();
  const int rc = std::system(fmt::format("gnuplot '{}' 2> '{}'", (dir / "plot.gp").string(), (dir / "err.txt").string()).c_str());
  std::filesystem::remove_all(dir);
  if (rc != 0) throw UserError("--plot " + png + ": gnuplot failed");
}

}  // namespace augur::app
