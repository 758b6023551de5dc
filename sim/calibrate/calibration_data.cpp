// Selecting the measurements a calibration is fitted on.
#include "sim/calibrate/calibration_data.h"

#include <algorithm>

#include <fmt/format.h>

#include "sim/core/error.h"
#include "sim/validate/trace_import.h"

namespace augur::calibrate {
namespace {

size_t config_index(CalibrationData& data, const SimulationConfig& c) {
  const auto it = std::find(data.configs.begin(), data.configs.end(), c);
  if (it != data.configs.end()) return static_cast<size_t>(it - data.configs.begin());
  data.configs.push_back(c);
  return data.configs.size() - 1;
}

size_t set_index(CalibrationData& data, const std::string& name, double weight) {
  for (size_t i = 0; i < data.sets.size(); ++i) {
    if (data.sets[i].name == name) return i;
  }
  data.sets.push_back({name, weight});
  return data.sets.size() - 1;
}

bool kept(const Selection& s, const std::string& network_file) {
  const std::string stem = network_stem(network_file);
  if (!s.leave_out.empty() && stem == s.leave_out) return false;
  return s.only.empty() || stem == s.only;
}

bool is_time_record(const Record& r) {
  return r.unit == "ms" && (r.scope == "total" || r.scope == "type" || r.scope == "layer") &&
         (r.scope != "total" || r.what == "forward" || r.what == "layerwise" || r.what == "timed_pass");
}

}  // namespace

double scope_weight(const std::string& scope) {
  if (scope == "total") return 3.0;
  if (scope == "type") return 2.0;
  return 1.0;
}

std::string network_stem(const std::string& network_file) {
  return std::filesystem::path(network_file).stem().string();
}

CalibrationData select_records(const std::vector<Record>& records, const Selection& selection,
                               const std::filesystem::path& root) {
  CalibrationData data;
  for (const auto& r : records) {
    if (r.runtime != selection.runtime || r.modelled != "yes" || !is_time_record(r) || !kept(selection, r.network)) {
      continue;
    }
    if (!(r.value > 0)) {
      data.left_out.push_back(fmt::format("{}: measured {} {} (not a positive time)", r.id, r.value, r.unit));
      continue;
    }
    const SimulationConfig c{selection.board_file.empty() ? (root / board_file(r.board)).string() : selection.board_file,
                             r.processor, (root / r.network).string(), r.batch};
    const size_t config = config_index(data, c);
    const size_t set = set_index(data, r.source + " " + r.scope, scope_weight(r.scope));
    data.measurements.push_back({r, config, set, std::nullopt});
  }
  return data;
}

void add_traces(CalibrationData& data, const std::vector<TraceEntry>& manifest, const std::filesystem::path& directory,
                const Selection& selection, const std::filesystem::path& root) {
  for (const auto& e : manifest) {
    if (e.runtime != selection.runtime || e.modelled != "yes" || !kept(selection, e.network)) continue;
    const auto path = directory / e.file;
    if (!std::filesystem::exists(path)) {
      data.left_out.push_back(fmt::format("trace {}: not found in {}", e.file, directory.string()));
      continue;
    }
    const Trace trace = import_trace(path);
    const SimulationConfig c{selection.board_file.empty() ? (root / board_file(e.board)).string() : selection.board_file,
                             e.processor, (root / e.network).string(), trace.batch.value_or(1)};
    const size_t config = config_index(data, c);
    const size_t set = set_index(data, "trace " + e.file, scope_weight("layer"));
    for (const auto& layer : trace.layers) {
      if (layer.layers.size() != 1 || !(layer.time_ms > 0)) {
        data.left_out.push_back(fmt::format("trace {} layer '{}': covers {} layers or has no time", e.file, layer.label,
                                            layer.layers.size()));
        continue;
      }
      Record r;
      r.id = e.file + ":" + layer.label;
      r.source = "trace " + e.file;
      r.board = e.board;
      r.processor = e.processor;
      r.runtime = e.runtime;
      r.network = e.network;
      r.batch = c.batch;
      r.scope = "layer";
      r.what = layer.layers.front();
      r.value = layer.time_ms;
      r.unit = "ms";
      r.modelled = "yes";
      data.measurements.push_back({r, config, set, std::nullopt});
    }
  }
}

void add_gemms(CalibrationData& data, const std::filesystem::path& file) {
  if (data.configs.empty()) {
    throw UserError(fmt::format("--gemms {}: no record of the runtime to take the board and processor from", file.string()));
  }
  const Trace trace = import_trace(file);
  if (trace.gemms.empty()) throw UserError(fmt::format("--gemms {}: no GEMM records in it", file.string()));
  const size_t set = set_index(data, "gemms " + file.filename().string(), scope_weight("gemm"));
  int line = 1;
  for (const auto& g : trace.gemms) {
    ++line;
    Record r;
    r.id = fmt::format("{}:{}", file.filename().string(), line);
    r.source = "gemms " + file.filename().string();
    r.scope = "gemm";
    r.what = fmt::format("{}x{}x{}{}{}", g.m, g.n, g.k, g.a_transposed ? " A^T" : "", g.b_transposed ? " B^T" : "");
    r.value = g.time_ms;
    r.unit = "ms";
    r.modelled = "yes";
    data.measurements.push_back({r, 0, set, g});
  }
}

}  // namespace augur::calibrate
