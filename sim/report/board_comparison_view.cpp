// Views of a network run on several boards.
#include "sim/report/board_comparison_view.h"


#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "sim/core/text_escape.h"
#include "sim/core/version.h"

namespace augur::report {
namespace {

const Network& network_of(const BoardComparison& c) { return c.runs.front().scenario->network(); }

// Per network layer: its time (ms, in the comparison's mode) and the processor that ran it on one
// board; layers no result covers stay 0 and "".
struct LayerTimes {
  std::vector<double> ms;
  std::vector<std::string> processor;
};

LayerTimes layer_times(const BoardComparison& c, const BoardRun& run) {
  const size_t n = network_of(c).graph.layers().size();
  LayerTimes t{std::vector<double>(n, 0.0), std::vector<std::string>(n)};
  for (const auto& r : run.result.layers) {
    const double ms = 1e3 * (c.mode == "forward" ? r.end_seconds - r.start_seconds + r.handoff_seconds
                                                 : r.cost().layerwise_seconds + r.handoff_seconds);
    for (const auto& [index, share] : covered_layers(r)) {
      t.ms[index] += share * ms;
      t.processor[index] = run.result.processors[r.processor];
    }
  }
  return t;
}

double total_ms(const BoardComparison& c, const BoardRun& run) {
  return 1e3 * (c.mode == "forward" ? run.result.forward_seconds : run.result.layerwise_seconds);
}

// The layers shown: those some board ran (Caffe's inserted Split layers and inputs cost nothing).
std::vector<size_t> shown_layers(const BoardComparison& c, const std::vector<LayerTimes>& times) {
  std::vector<size_t> out;
  for (size_t i = 0; i < network_of(c).graph.layers().size(); ++i) {
    for (const auto& t : times) {
      if (!t.processor[i].empty()) {
        out.push_back(i);
        break;
      }
    }
  }
  return out;
}

std::vector<LayerTimes> all_times(const BoardComparison& c) {
  std::vector<LayerTimes> times;
  for (const auto& run : c.runs) times.push_back(layer_times(c, run));
  return times;
}

}  // namespace

std::string board_comparison_table(const BoardComparison& c) {
  const Network& net = network_of(c);
  const auto times = all_times(c);
  std::string out = fmt::format("# Augur {}: {} (batch {}) on {} boards, processor {}, {} times in ms; ×: relative to {}\n",
                                kVersion, terminal_text(net.name), net.batch, c.runs.size(), c.processor, c.mode,
                                c.runs.front().label);
  out += fmt::format("{:<28} {:<14}", "layer", "type");
  for (const auto& run : c.runs) out += fmt::format(" {:>14}", terminal_text(run.label).substr(0, 14));
  out += "\n";
  const auto ratio = [](double v, double base) { return base > 0 ? fmt::format("×{:.2f}", v / base) : std::string("-"); };
  for (const size_t i : shown_layers(c, times)) {
    const Layer& layer = net.graph.layers()[i];
    out += fmt::format("{:<28} {:<14}", terminal_text(layer.name).substr(0, 28), caffe_type_name(layer.kind));
    for (size_t b = 0; b < c.runs.size(); ++b) {
      out += b == 0 ? fmt::format(" {:>14.3f}", times[b].ms[i])
                    : fmt::format(" {:>8.3f} {:>5}", times[b].ms[i], ratio(times[b].ms[i], times[0].ms[i]));
    }
    out += "\n";
  }
  out += fmt::format("{:<43}", "total (" + c.mode + ")");
  for (size_t b = 0; b < c.runs.size(); ++b) {
    const double ms = total_ms(c, c.runs[b]), base = total_ms(c, c.runs[0]);
    out += b == 0 ? fmt::format(" {:>14.3f}", ms) : fmt::format(" {:>8.3f} {:>5}", ms, ratio(ms, base));
  }
  out += "\n";
  for (const auto& run : c.runs) {
    out += fmt::format("{}: {} ({})\n", terminal_text(run.label), terminal_text(run.scenario->board().board_file),
                       terminal_text(run.scenario->platform().name));
  }
  return out;
}

nlohmann::json board_comparison_json(const BoardComparison& c) {
  const Network& net = network_of(c);
  const auto times = all_times(c);
  nlohmann::json boards = nlohmann::json::array();
  for (const auto& run : c.runs) {
    double dram = 0;
    for (const auto& l : run.result.layers) dram += l.cost().dram_bytes;
    boards.push_back({{"label", run.label},
                      {"file", run.scenario->board().board_file},
                      {"name", run.scenario->platform().name},
                      {"overrides", run.scenario->board().overrides},
                      {"forward_ms", 1e3 * run.result.forward_seconds},
                      {"layerwise_ms", 1e3 * run.result.layerwise_seconds},
                      {"dram_bytes", dram}});
  }
  nlohmann::json layers = nlohmann::json::array();
  for (const size_t i : shown_layers(c, times)) {
    nlohmann::json ms = nlohmann::json::array(), processors = nlohmann::json::array();
    for (const auto& t : times) {
      ms.push_back(t.ms[i]);
      processors.push_back(t.processor[i]);
    }
    const Layer& layer = net.graph.layers()[i];
    layers.push_back({{"name", layer.name}, {"type", caffe_type_name(layer.kind)}, {"time_ms", ms}, {"processor", processors}});
  }
  return {{"augur_version", kVersion},
          {"network", {{"name", net.name}, {"file", net.file}, {"batch", net.batch}}},
          {"processor", c.processor},
          {"mode", c.mode},
          {"boards", boards},
          {"layers", layers}};
}

std::string board_comparison_csv(const BoardComparison& c) {
  const Network& net = network_of(c);
  const auto times = all_times(c);
  std::string out = "name,type";
  for (const auto& run : c.runs) out += "," + csv_field(run.label + "_ms");
  out += "\n";
  for (const size_t i : shown_layers(c, times)) {
    const Layer& layer = net.graph.layers()[i];
    out += csv_field(layer.name) + "," + caffe_type_name(layer.kind);
    for (const auto& t : times) out += fmt::format(",{:.6f}", t.ms[i]);
    out += "\n";
  }
  out += "(total),";
  for (const auto& run : c.runs) out += fmt::format(",{:.6f}", total_ms(c, run));
  return out + "\n";
}

}  // namespace augur::report
