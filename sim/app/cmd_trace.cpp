// `augur trace import FILE [--format json]` and
// `augur trace compare FILE --hw BOARD --net MODEL [--processor NAME] [--batch N] [--set ...]`.
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "sim/app/command.h"
#include "sim/app/network_flags.h"
#include "sim/app/scenario_flags.h"
#include "sim/core/error.h"
#include "sim/core/log.h"
#include "sim/report/view.h"
#include "sim/report/output_checks.h"
#include "sim/report/trace_view.h"
#include "sim/schedule/simulation.h"
#include "sim/validate/gemm_check.h"
#include "sim/validate/trace_import.h"
#include "sim/validate/trace_match.h"
#include "sim/validate/trace_stack.h"

namespace augur::app {
namespace {

struct TraceOptions {
  std::string file, model, processor = "gpu", format = "table";
  bool force = false;
  NetworkFlags network;
  ScenarioFlags scenario;
};

// GEMM records (DeepBench): each through the board's GPU GEMM model, errors per shape class.
void run_gemm_compare(const TraceOptions& o, const Trace& trace, const Scenario& scenario) {
  const Processor* gpu = scenario.platform().find(o.processor);
  const auto* runtime = scenario.runtime_of(o.processor);
  if (gpu == nullptr || gpu->as<Gpu>() == nullptr || runtime == nullptr) {
    throw UserError(fmt::format("{}: GEMM records are compared with a gpu processor that has a runtime; '{}' is not one",
                                scenario.board().board_file, o.processor));
  }
  const GemmValidation v = check_gemms(trace.gemms, *gpu->as<Gpu>(), scenario.platform().memory,
                                       runtime->loaded.runtime.as<GpuRuntime>());
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

// A trace of another processor or stack than the run's is refused (without --force: its "errors"
// would be the difference between two stacks), and compared with a warning with --force.
void check_stack(const TraceOptions& o, const Trace& trace, const Scenario& scenario) {
  const Processor* processor = scenario.platform().find(o.processor);
  const auto* runtime = scenario.runtime_of(o.processor);
  if (processor == nullptr || runtime == nullptr) return;  // the simulation names what is missing
  const TraceIdentity id = trace_identity(trace);
  const auto problems = trace_mismatches(id, o.processor, processor->model, runtime->loaded.runtime.name,
                                         runtime->loaded.runtime.stack);
  if (!problems.empty() && !o.force) {
    throw UserError(fmt::format("{}: {}; pass --force to compare anyway", trace.file, fmt::join(problems, "; ")));
  }
  for (const auto& p : problems) log::get("app")->warn("{}: {} (compared anyway: --force)", trace.file, p);
  if (id.stack.empty()) log::get("app")->info("{}: the trace does not name its software stack; not checked", trace.file);
}

void run_compare(const TraceOptions& o) {
  const Trace trace = import_trace(o.file);
  if (!trace.gemms.empty()) {
    run_gemm_compare(o, trace, Scenario::load(o.scenario.spec("", {})));
    return;
  }
  if (o.model.empty()) throw UserError("trace compare: --net is required for a per-layer trace");
  NetworkOptions options = o.network.options();
  if (!options.batch) options.batch = trace.batch;
  const Scenario scenario = Scenario::load(o.scenario.spec(o.model, options));
  check_stack(o, trace, scenario);
  const Network& net = scenario.network();
  log_network_notes(net);
  // Times scale with the batch: comparing at another batch than the recorded one is a warning.
  if (!trace.batch) {
    log::get("app")->warn("{}: the trace records no batch; simulating batch {} (the network file's; --batch sets it)", trace.file,
              net.batch);
  } else if (*trace.batch != net.batch) {
    log::get("app")->warn("{}: the trace was recorded at batch {}, but batch {} is simulated (--batch)", trace.file, *trace.batch,
              net.batch);
  }
  const auto result = scenario.simulate(o.processor);
  report::check_finite(net, result);  // a NaN or infinite prediction is a bug, never printed
  const auto comparison = compare_trace(trace, net, result);
  const report::View view{[&] { return report::comparison_table(trace, comparison); },
                          [&] { return report::comparison_json(trace, comparison); }, {}, {}};
  std::cout << report::render(view, o.format);
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
  add_scenario_flags(compare, o->scenario);
  compare->add_option("--net", o->model, "Network description (not needed for GEMM records)");
  compare->add_option("--processor", o->processor, "The processor of the board the trace was recorded on")
      ->capture_default_str();
  add_network_flags(compare, o->network, "Batch (default: the trace's)");
  compare->add_option("--format", o->format, "table or json")->check(CLI::IsMember({"table", "json"}))->capture_default_str();
  compare->add_flag("--force", o->force,
                    "Compare even when the trace names another processor or software stack than the run's runtime");
  compare->callback([o, &chosen] { chosen = [o] { run_compare(*o); }; });
}

}  // namespace augur::app
