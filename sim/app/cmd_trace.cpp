// `augur trace import FILE [--format json]` and
// `augur trace compare FILE --hw BOARD --net MODEL [--processor cpu|gpu] [--batch N] [--set ...]`.
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "sim/app/command.h"
#include "sim/app/network_flags.h"
#include "sim/app/runtime_choice.h"
#include "sim/core/error.h"
#include "sim/report/output_checks.h"
#include "sim/report/trace_view.h"
#include "sim/schedule/simulation.h"
#include "sim/validate/gemm_check.h"
#include "sim/validate/trace_import.h"
#include "sim/validate/trace_match.h"

namespace augur::app {
namespace {

struct TraceOptions {
  std::string file, board, model, processor = "gpu", format = "table";
  NetworkFlags network;
  std::vector<std::string> overrides;
  std::string cpu_runtime, gpu_runtime;
};

// GEMM records (DeepBench): each through the board's GPU GEMM model, errors per shape class.
void run_gemm_compare(const TraceOptions& o, const Trace& trace, const hwdesc::LoadedPlatform& board,
                      const SplitOverrides& overrides) {
  const auto runtime = runtime_for(board, ProcessorKind::Gpu, o.gpu_runtime, overrides.gpu, true);
  if (!runtime) throw UserError(o.board + ": the board names no gpu runtime");
  const GemmValidation v = check_gemms(trace.gemms, board.platform, runtime->runtime.gpu);
  if (o.format == "json") {
    nlohmann::json rows = nlohmann::json::array(), classes = nlohmann::json::array();
    for (const auto& c : v.checks) {
      rows.push_back({{"m", c.record.m}, {"n", c.record.n}, {"k", c.record.k}, {"a_transposed", c.record.a_transposed},
                      {"b_transposed", c.record.b_transposed}, {"class", c.shape_class}, {"tile", c.tile},
                      {"measured_ms", c.record.time_ms}, {"predicted_ms", c.predicted_ms}, {"error", c.error}});
    }
    for (const auto& c : v.classes) {
      classes.push_back({{"class", c.shape_class}, {"count", c.count}, {"median_abs_error", c.median_abs},
                         {"max_abs_error", c.max_abs}, {"median_error", c.median_signed}});
    }
    std::cout << report::json_text(nlohmann::json{{"trace", trace.file}, {"gemms", rows}, {"classes", classes}});
    return;
  }
  std::cout << fmt::format("{:>6} {:>6} {:>6} {:>3} {:<11} {:<8} {:>11} {:>12} {:>8}\n", "m", "n", "k", "op", "class", "tile",
                           "measured ms", "predicted ms", "error");
  for (const auto& c : v.checks) {
    std::cout << fmt::format("{:>6} {:>6} {:>6} {}{}  {:<11} {:<8} {:>11.3f} {:>12.3f} {:>+7.1f}%\n", c.record.m, c.record.n,
                             c.record.k, c.record.a_transposed ? 'T' : 'N', c.record.b_transposed ? 'T' : 'N',
                             c.shape_class, c.tile, c.record.time_ms, c.predicted_ms, 100 * c.error);
  }
  for (const auto& c : v.classes) {
    std::cout << fmt::format("{:<11} {:>3} GEMMs: median |error| {:.1f}%, max |error| {:.1f}%, median error {:+.1f}%\n",
                             c.shape_class, c.count, 100 * c.median_abs, 100 * c.max_abs, 100 * c.median_signed);
  }
}

void run_compare(const TraceOptions& o) {
  const Trace trace = import_trace(o.file);
  const SplitOverrides overrides = split_overrides(o.overrides);
  const auto board = hwdesc::load_platform(o.board, overrides.board);
  if (!trace.gemms.empty()) {
    run_gemm_compare(o, trace, board, overrides);
    return;
  }
  if (o.model.empty()) throw UserError("trace compare: --net is required for a per-layer trace");
  NetworkOptions options = o.network.options();
  if (!options.batch) options.batch = trace.batch;
  const Network net = load_network(o.model, options);
  log_network_notes(net);
  const bool cpu = o.processor == "cpu";
  const auto runtime = runtime_for(board, cpu ? ProcessorKind::Cpu : ProcessorKind::Gpu,
                                   cpu ? o.cpu_runtime : o.gpu_runtime, cpu ? overrides.cpu : overrides.gpu, true);
  if (!runtime) throw UserError(o.board + ": the board names no " + o.processor + " runtime");
  const auto result = simulate(net, board.platform,
                               cpu ? Runtimes{&runtime->runtime, nullptr} : Runtimes{nullptr, &runtime->runtime},
                               SimulationOptions{cpu ? Placement::Cpu : Placement::Gpu});
  report::check_finite(net, result);  // a NaN or infinite prediction is a bug, never printed
  const auto comparison = compare_trace(trace, net, result);
  if (o.format == "json") {
    std::cout << report::json_text(report::comparison_json(trace, comparison));
  } else {
    std::cout << report::comparison_table(trace, comparison);
  }
}

}  // namespace

void register_trace_command(CLI::App& app, Action& chosen) {
  CLI::App* trace = app.add_subcommand("trace", "Measured traces: import, compare with a simulation");
  trace->require_subcommand(1);
  auto o = std::make_shared<TraceOptions>();
  CLI::App* import = trace->add_subcommand(
      "import", "Normalise a trace (CK JSON record, `caffe time` log, DeepBench GEMM CSV) to JSON");
  import->add_option("file", o->file, "Trace file")->required();
  import->callback([o, &chosen] {
    chosen = [o] { std::cout << report::json_text(report::trace_json(import_trace(o->file))); };
  });
  CLI::App* compare = trace->add_subcommand(
      "compare", "Predicted vs measured per layer (layers matched by name; fused names split)");
  compare->add_option("file", o->file, "Trace file")->required();
  compare->add_option("--hw", o->board, "Board YAML")->required();
  compare->add_option("--net", o->model, "Network description (not needed for GEMM records)");
  compare->add_option("--processor", o->processor, "cpu or gpu")->check(CLI::IsMember({"cpu", "gpu"}))->capture_default_str();
  add_network_flags(compare, o->network, "Batch (default: the trace's)");
  compare->add_option("--set", o->overrides, "Board or runtime override")->take_all();
  compare->add_option("--cpu-runtime", o->cpu_runtime, "CPU runtime YAML");
  compare->add_option("--gpu-runtime", o->gpu_runtime, "GPU runtime YAML");
  compare->add_option("--format", o->format, "table or json")->check(CLI::IsMember({"table", "json"}))->capture_default_str();
  compare->callback([o, &chosen] { chosen = [o] { run_compare(*o); }; });
}

}  // namespace augur::app
