// `augur trace import FILE [--format json]` and
// `augur trace compare FILE --hw BOARD --net MODEL [--processor cpu|gpu] [--batch N] [--set ...]`.
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/app/command.h"
#include "sim/app/runtime_choice.h"
#include "sim/core/error.h"
#include "sim/report/trace_view.h"
#include "sim/schedule/simulation.h"
#include "sim/validate/trace_import.h"
#include "sim/validate/trace_match.h"

namespace augur::app {
namespace {

struct TraceOptions {
  std::string file, board, model, processor = "gpu", format = "table";
  std::optional<std::int64_t> batch;
  std::vector<std::string> overrides;
  std::string cpu_runtime, gpu_runtime;
};

void run_compare(const TraceOptions& o) {
  const Trace trace = import_trace(o.file);
  const SplitOverrides overrides = split_overrides(o.overrides);
  const auto board = hwdesc::load_platform(o.board, overrides.board);
  const std::optional<std::int64_t> batch = o.batch ? o.batch : trace.batch;
  const Network net = load_network(o.model, NetworkOptions{batch});
  const bool cpu = o.processor == "cpu";
  const auto runtime = runtime_for(board, cpu ? ProcessorKind::Cpu : ProcessorKind::Gpu,
                                   cpu ? o.cpu_runtime : o.gpu_runtime, cpu ? overrides.cpu : overrides.gpu, true);
  if (!runtime) throw UserError(o.board + ": the board names no " + o.processor + " runtime");
  const auto result = simulate(net, board.platform,
                               cpu ? Runtimes{&runtime->runtime, nullptr} : Runtimes{nullptr, &runtime->runtime},
                               SimulationOptions{cpu ? Placement::Cpu : Placement::Gpu});
  const auto comparison = compare_trace(trace, net, result);
  if (o.format == "json") {
    std::cout << report::comparison_json(trace, comparison).dump(2) << "\n";
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
    chosen = [o] { std::cout << report::trace_json(import_trace(o->file)).dump(2) << "\n"; };
  });
  CLI::App* compare = trace->add_subcommand(
      "compare", "Predicted vs measured per layer (layers matched by name; fused names split)");
  compare->add_option("file", o->file, "Trace file")->required();
  compare->add_option("--hw", o->board, "Board YAML")->required();
  compare->add_option("--net", o->model, "Network description")->required();
  compare->add_option("--processor", o->processor, "cpu or gpu")->check(CLI::IsMember({"cpu", "gpu"}))->capture_default_str();
  compare->add_option("--batch", o->batch, "Batch (default: the trace's)")->check(CLI::Range(std::int64_t{1}, std::int64_t{1} << 20));
  compare->add_option("--set", o->overrides, "Board or runtime override")->take_all();
  compare->add_option("--cpu-runtime", o->cpu_runtime, "CPU runtime YAML");
  compare->add_option("--gpu-runtime", o->gpu_runtime, "GPU runtime YAML");
  compare->add_option("--format", o->format, "table or json")->check(CLI::IsMember({"table", "json"}))->capture_default_str();
  compare->callback([o, &chosen] { chosen = [o] { run_compare(*o); }; });
}

}  // namespace augur::app
