// Record validation.
#include "sim/validate/validation.h"

#include "sim/scenario/scenario.h"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <optional>
#include <tuple>

#include <fmt/format.h>

#include "sim/core/error.h"
#include "sim/core/file_input.h"
#include "sim/core/strict_number.h"
#include "sim/core/text_escape.h"
#include "sim/hwdesc/loader.h"
#include "sim/hwdesc/runtime_loader.h"
#include "sim/memplan/footprint.h"
#include "sim/schedule/simulation.h"
#include "sim/workload/accounting.h"
#include "sim/workload/network.h"

namespace augur {

constexpr std::uintmax_t kMaxCsvBytes = 64u << 20;  // budgets and trace manifests

std::optional<double> predicted_time_ms(const Record& r, const Network& net, const SimulationResult& result) {
  if (r.scope == "total") {
    if (r.what == "forward") return 1e3 * result.forward_seconds;
    if (r.what == "layerwise") return 1e3 * result.layerwise_seconds;
    if (r.what == "timed_pass") return 1e3 * result.timed_pass_seconds;
    return std::nullopt;
  }
  if (r.scope == "type" || r.scope == "layer") {
    double ms = 0;
    bool any = false;
    for (const auto& l : result.layers) {
      for (const auto& [index, share] : covered_layers(l)) {  // a fused result splits by its shares
        const Layer& layer = net.graph.layers()[index];
        if ((r.scope == "type" && r.what == caffe_type_name(layer.kind)) || (r.scope == "layer" && r.what == layer.name)) {
          ms += share * 1e3 * (l.cost().layerwise_seconds + l.handoff_seconds);
          any = true;
        }
      }
    }
    return any ? std::optional<double>(ms) : std::nullopt;
  }
  return std::nullopt;
}

std::string board_file(const std::string& board) {
  std::string lower = board;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  return "hwdesc/boards/jetson-" + lower + ".yaml";
}

namespace detail {

// One simulation serves every record of its (board, processor, runtime, network, batch).
struct Evaluation {
  Network network;
  SimulationResult result;
  Footprint footprint;
};

// The record's board with the record's runtime on the record's processor (named as on the board).
Evaluation evaluate(const Record& r, const std::filesystem::path& root) {
  ScenarioSpec spec;
  spec.board = (root / board_file(r.board)).string();
  spec.runtime_files = {{r.processor, (root / ("hwdesc/runtimes/" + r.runtime + ".yaml")).string()}};
  spec.network = (root / r.network).string();
  spec.network_options = NetworkOptions::with_batch(r.batch);
  Scenario scenario = Scenario::load(spec);
  auto result = scenario.simulate(r.processor);
  auto footprint = scenario.memory(r.processor, MemoryPolicy::Caffe);
  return Evaluation{scenario.network(), std::move(result), std::move(footprint)};
}

std::optional<double> predicted(const Record& r, const Evaluation& e) {
  if (r.scope == "memory") {
    if (r.what == "process_memory") return e.footprint.total_bytes / 1048576.0;
    if (r.what == "data_bytes") return e.footprint.data_bytes / 1e6;
    return std::nullopt;
  }
  return predicted_time_ms(r, e.network, e.result);
}

}  // namespace detail
using detail::Evaluation;
using detail::evaluate;
using detail::predicted;

ValidationReport validate_records(const std::vector<Record>& records, const std::filesystem::path& root) {
  ValidationReport report;
  std::map<std::tuple<std::string, std::string, std::string, std::int64_t>, Evaluation> cache;
  for (const auto& r : records) {
    if (r.modelled != "yes") {
      ++report.not_modelled[r.modelled];
      continue;
    }
    const auto key = std::make_tuple(r.board + "/" + r.processor, r.runtime, r.network, r.batch);
    auto it = cache.find(key);
    if (it == cache.end()) it = cache.emplace(key, evaluate(r, root)).first;
    CheckedRecord c{r, false, 0, 0};
    if (const auto p = predicted(r, it->second); p && r.value > 0) {
      c.found = true;
      c.predicted = *p;
      c.error = *p / r.value - 1;
    }
    report.checked.push_back(std::move(c));
  }
  report.stats = summarise(report.checked);
  return report;
}

std::vector<ErrorStats> summarise(const std::vector<CheckedRecord>& checked) {
  std::map<std::pair<std::string, std::string>, std::vector<double>> errors;
  for (const auto& c : checked) {
    if (c.found) errors[{c.record.runtime, c.record.scope}].push_back(std::fabs(c.error));
  }
  std::vector<ErrorStats> stats;
  for (auto& [key, e] : errors) {
    std::sort(e.begin(), e.end());
    double squares = 0;
    for (double x : e) squares += x * x;
    const size_t n = e.size();
    stats.push_back({key.first, key.second, static_cast<int>(n),
                     n % 2 ? e[n / 2] : 0.5 * (e[n / 2 - 1] + e[n / 2]), e.back(),
                     std::sqrt(squares / static_cast<double>(n))});
  }
  return stats;
}

std::vector<Budget> read_budgets(const std::filesystem::path& file) {
  return parse_budgets(read_input_file(file, kMaxCsvBytes, "a budgets CSV"), file.string());
}

std::vector<Budget> parse_budgets(const std::string& text, const std::string& display) {
  const std::filesystem::path file(display);
  std::istringstream in(text);
  std::string line;
  std::getline(in, line);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  if (line.rfind("runtime,scope,max_abs_error_percent", 0) != 0) {
    throw UserError(file.string() + ":1: expected the header runtime,scope,max_abs_error_percent,note");
  }
  std::vector<Budget> out;
  for (int n = 2; std::getline(in, line); ++n) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> f;
    size_t start = 0;
    for (int i = 0; i < 3; ++i) {
      const auto comma = line.find(',', start);
      if (comma == std::string::npos) throw UserError(fmt::format("{}:{}: expected runtime,scope,percent,note", file.string(), n));
      f.push_back(line.substr(start, comma - start));
      start = comma + 1;
    }
    Budget b{f[0], f[1], 0, line.substr(start), ""};
    if (const auto at = b.scope.find('@'); at != std::string::npos) {
      b.network = b.scope.substr(at + 1);
      b.scope = b.scope.substr(0, at);
      if (b.network.empty()) throw UserError(fmt::format("{}:{}: expected scope@network, the network is empty", file.string(), n));
    }
    const auto percent = parse_finite_number(f[2]);
    if (!percent || *percent < 0) {
      throw UserError(fmt::format("{}:{}: '{}' is not a percentage (a finite number >= 0)", file.string(), n,
                                  terminal_text(f[2].substr(0, 40))));
    }
    b.max_abs = *percent / 100.0;
    out.push_back(b);
  }
  return out;
}

namespace {

// The stem of a record's network file ("../shared/models/caffe/squeezenet_v1.1.prototxt" ->
// "squeezenet_v1.1"), which a budget's @network names.
std::string network_stem(const Record& r) { return std::filesystem::path(r.network).stem().string(); }

}  // namespace

void check_budgets(ValidationReport& report, const std::vector<Budget>& budgets) {
  for (const auto& b : budgets) {
    // A network-wide budget leaves out the networks that have a budget of their own.
    const auto covered = [&](const CheckedRecord& c) {
      if (!c.found || c.record.runtime != b.runtime || c.record.scope != b.scope) return false;
      if (!b.network.empty()) return network_stem(c.record) == b.network;
      return std::none_of(budgets.begin(), budgets.end(), [&](const Budget& other) {
        return other.runtime == b.runtime && other.scope == b.scope && other.network == network_stem(c.record);
      });
    };
    int count = 0;
    double worst = 0;
    for (const auto& c : report.checked) {
      if (!covered(c)) continue;
      ++count;
      worst = std::max(worst, std::fabs(c.error));
    }
    const std::string what = b.network.empty() ? b.scope : b.scope + "@" + b.network;
    if (count == 0) {
      report.budget_failures.push_back(fmt::format("{} {}: no records checked (budget {:.1f}%)", b.runtime, what, 100 * b.max_abs));
    } else if (worst > b.max_abs) {
      report.budget_failures.push_back(fmt::format("{} {}: max |error| {:.1f}% exceeds the budget {:.1f}%", b.runtime, what,
                                                   100 * worst, 100 * b.max_abs));
    }
  }
}

}  // namespace augur

#include "sim/validate/trace_import.h"
#include "sim/validate/trace_match.h"

namespace augur {

std::vector<TraceEntry> read_trace_manifest(const std::filesystem::path& file) {
  return parse_trace_manifest(read_input_file(file, kMaxCsvBytes, "a trace manifest CSV"), file.string());
}

std::vector<TraceEntry> parse_trace_manifest(const std::string& text, const std::string& display) {
  const std::filesystem::path file(display);
  std::istringstream in(text);
  std::string line;
  std::getline(in, line);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  if (line != "file,board,processor,network,runtime,modelled") {
    throw UserError(file.string() + ":1: expected the header file,board,processor,network,runtime,modelled");
  }
  std::vector<TraceEntry> out;
  for (int n = 2; std::getline(in, line); ++n) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    std::vector<std::string> f;
    size_t start = 0;
    for (int i = 0; i < 5; ++i) {
      const auto comma = line.find(',', start);
      if (comma == std::string::npos) throw UserError(fmt::format("{}:{}: expected 6 fields", file.string(), n));
      f.push_back(line.substr(start, comma - start));
      start = comma + 1;
    }
    f.push_back(line.substr(start));
    out.push_back({f[0], f[1], f[2], f[3], f[4], f[5]});
  }
  return out;
}

std::vector<TraceValidation> validate_traces(const std::vector<TraceEntry>& entries, const std::filesystem::path& directory,
                                             const std::filesystem::path& root) {
  std::vector<TraceValidation> out;
  for (const auto& e : entries) {
    const auto path = directory / e.file;
    if (!std::filesystem::exists(path)) continue;
    const Trace trace = import_trace(path);
    TraceValidation v{e, static_cast<int>(trace.layers.size()), 0, 0, trace.forward_ms, std::nullopt, {}};
    if (e.modelled == "yes") {
      Record r;
      r.board = e.board;
      r.processor = e.processor;
      r.runtime = e.runtime;
      r.network = e.network;
      r.batch = trace.batch.value_or(1);
      const Evaluation ev = evaluate(r, root);
      const TraceComparison c = compare_trace(trace, ev.network, ev.result);
      for (const auto& m : c.layers) {
        if (!m.matched) continue;
        ++v.matched;
        v.layer_errors.emplace_back(m.label, m.predicted_ms / m.measured_ms - 1);
      }
      v.median_abs_error = c.median_abs_error;
      v.forward_predicted_ms = c.forward_predicted_ms;
    }
    out.push_back(v);
  }
  return out;
}

}  // namespace augur
