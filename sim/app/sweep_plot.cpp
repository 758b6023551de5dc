// Sweep plots through gnuplot (no shell; every name quoted for gnuplot, see gnuplot.h).
#include "sim/app/sweep_plot.h"

#include <algorithm>
#include <filesystem>
#include <map>

#include <fmt/format.h>

#include "sim/app/gnuplot.h"
#include "sim/core/error.h"

namespace augur::app {
namespace {

// The second varied key gets one line per value up to this many values; beyond, it is held at its
// first value (and the title says so).
constexpr size_t kMaxLinesPerValue = 8;

// Okabe & Ito's colour-blind-safe palette (black last: it reads as an axis).
constexpr const char* kColours[] = {"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"};

bool second_key_drawn(const sweep::SweepSpec& spec) {
  return spec.varies.size() >= 2 && spec.varies[1].values.size() <= kMaxLinesPerValue;
}

// The gnuplot terminal for a figure file, by its extension.
std::string terminal_for(const std::string& file) {
  std::string ext = std::filesystem::path(file).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (ext == ".png") return "pngcairo size 1000,800 noenhanced";
  if (ext == ".svg") return "svg size 1000,800 noenhanced dynamic";
  if (ext == ".pdf") return "pdfcairo size 10in,8in noenhanced";
  throw UserError(fmt::format("--plot {}: cannot write a figure of type '{}' (the file name must end in .png, .svg or .pdf)",
                              file, ext.empty() ? std::string("(none)") : ext));
}

// The x coordinate of the first key: its value in base units for a numeric key (a geometric range
// on a log axis), the value's index for a text key.
struct XAxis {
  bool numeric = false, logarithmic = false;
  std::string label;
};

XAxis x_axis(const sweep::Vary& first) {
  XAxis x;
  x.numeric = !first.numbers.empty();
  x.label = first.key;
  if (!x.numeric) return x;
  const auto [lo, hi] = std::minmax_element(first.numbers.begin(), first.numbers.end());
  x.logarithmic = *lo > 0 && *hi / *lo >= 32;
  const std::string unit(base_unit_name(first.dimension));
  if (!unit.empty()) x.label += " (" + unit + ")";
  return x;
}

}  // namespace

bool plotted_row(const sweep::SweepSpec& spec, const sweep::SweepRow& row) {
  const auto idx = sweep::value_indices(spec, row.point);
  for (size_t v = second_key_drawn(spec) ? 2 : 1; v < idx.size(); ++v) {
    if (idx[v] != 0) return false;
  }
  return true;
}

void check_plot_request(const sweep::SweepSpec& spec, const std::string& file) {
  if (spec.varies.empty()) throw UserError("--plot needs at least one --vary (its first key is the x axis)");
  terminal_for(file);
  const auto dir = std::filesystem::path(file).parent_path();
  std::error_code ec;
  if (!dir.empty() && !std::filesystem::is_directory(dir, ec)) {
    throw UserError(fmt::format("--plot {}: the directory {} does not exist", file, dir.string()));
  }
  require_gnuplot();
}

void plot_sweep(const sweep::SweepSpec& spec, const std::vector<sweep::SweepRow>& rows, const std::string& file) {
  check_plot_request(spec, file);
  const bool second = second_key_drawn(spec);
  const XAxis x = x_axis(spec.varies[0]);
  // Series: network + processor (+ the second key's value); rows in point order, so x ascends.
  std::vector<std::string> order;
  std::map<std::string, std::vector<const sweep::SweepRow*>> series;
  for (const auto& row : rows) {
    if (!plotted_row(spec, row)) continue;
    std::string name = row.network + " (" + row.processor + ")";
    if (second) name += ", " + spec.varies[1].key + " = " + row.labels[1];
    if (!series.count(name)) order.push_back(name);
    series[name].push_back(&row);
  }
  PlotDirectory work;
  std::string data;
  for (const auto& name : order) {
    data += "# series\n";
    for (const auto* r : series[name]) {
      const size_t i = sweep::value_indices(spec, r->point)[0];
      data += fmt::format("{:.17g} {} {:.17g} {:.17g}\n", x.numeric ? spec.varies[0].numbers[i] : static_cast<double>(i),
                          gnuplot_data_label(r->labels[0]), r->forward_ms, r->dram_bytes / 1e6);
    }
    data += "\n\n";
  }
  // What the plot holds fixed, in its title.
  std::string held;
  for (size_t v = second ? 2 : 1; v < spec.varies.size(); ++v) {
    held += fmt::format("{}{} = {}", held.empty() ? "" : ", ", spec.varies[v].key, spec.varies[v].labels[0]);
  }
  std::string title = "augur sweep: " + spec.board;
  if (!held.empty()) title += " (held at " + held + ")";
  const std::string data_file = gnuplot_string(work.write_file("data.txt", data).string());
  const std::string out_name = "figure" + std::filesystem::path(file).extension().string();
  // Both axes from zero on linear scales; with a logarithmic x (a geometric range) neither is.
  const std::string ranges = x.logarithmic ? "set logscale x 2\n"
                             : x.numeric   ? "set xrange [0:*]\nset yrange [0:*]\n"
                                           : "set offsets 0.25, 0.25, 0, 0\nset yrange [0:*]\n";
  std::string script = fmt::format(
      "set terminal {}\nset output {}\nset multiplot layout 2,1 title {}\nset grid\nset key outside right\n"
      "set xlabel {}\n{}set ylabel 'forward pass (ms)'\nplot ",
      terminal_for(file), gnuplot_string(work.path(out_name).string()), gnuplot_string(title), gnuplot_string(x.label),
      ranges);
  const auto plots = [&](int column) {
    for (size_t i = 0; i < order.size(); ++i) {
      script += fmt::format("{}{} index {} using 1:{}:xtic(2) with linespoints linecolor rgb '{}' dashtype {} "
                            "pointtype {} linewidth 2 title {}",
                            i ? ", " : "", data_file, i, column, kColours[i % std::size(kColours)], i % 5 + 1, i % 13 + 1,
                            gnuplot_string(order[i]));
    }
  };
  plots(3);
  script += "\nset ylabel 'DRAM traffic (MB)'\nplot ";
  plots(4);
  script += "\nunset multiplot\n";
  draw_with_gnuplot(work, script, out_name, file, file);
}

}  // namespace augur::app
