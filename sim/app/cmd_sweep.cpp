// `augur sweep --hw BOARD --net A [--net B ...] --vary KEY=VALUES [--vary ...] [--processor ...]
//  [--set ...] [--batch N] [--jobs N] [--shard I/N] --out FILE` and `augur sweep merge`.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "sim/app/command.h"
#include "sim/app/network_flags.h"
#include "sim/app/scenario_flags.h"
#include "sim/app/sweep_plot.h"
#include "sim/core/error.h"
#include "sim/sweep/sweep.h"
#include "sim/sweep/sweep_merge.h"
#include "sim/sweep/sweep_output.h"

namespace augur::app {
namespace {

struct SweepOptions {
  std::string board, out, shard = "1/1", plot, format = "csv";
  std::vector<std::string> networks, varies, overrides;
  std::vector<std::string> processors{"gpu"};
  ScenarioFlags runtimes;  // --runtime NAME=FILE, --cpu-runtime, --gpu-runtime
  NetworkFlags network;
  int jobs = 0;
  std::vector<std::string> merge_files;
  std::string merge_out;
};

// A one-line progress bar with rate and ETA on stderr, only on a terminal and only once the sweep
// has run for a second.
class Progress {
 public:
  Progress() : start_(std::chrono::steady_clock::now()), tty_(::isatty(STDERR_FILENO) == 1) {}
  void operator()(std::int64_t done, std::int64_t total) {
    if (!tty_) return;
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    if (elapsed < 1.0 && done < total) return;
    std::lock_guard lock(mutex_);
    const double rate = done / std::max(elapsed, 1e-9);
    const int width = 30, filled = static_cast<int>(width * done / std::max<std::int64_t>(total, 1));
    std::fprintf(stderr, "\r[%s%s] %lld/%lld  %.0f points/s  ETA %.0fs ", std::string(static_cast<size_t>(filled), '#').c_str(),
                 std::string(static_cast<size_t>(width - filled), ' ').c_str(), static_cast<long long>(done),
                 static_cast<long long>(total), rate, (total - done) / std::max(rate, 1e-9));
    if (done == total) std::fprintf(stderr, "\n");
  }

 private:
  std::chrono::steady_clock::time_point start_;
  bool tty_;
  std::mutex mutex_;
};

void run_sweep_command(const SweepOptions& o) {
  if (o.board.empty() || o.networks.empty() || o.out.empty()) {
    throw UserError("augur sweep needs --hw, at least one --net, and --out (see augur sweep --help)");
  }
  sweep::SweepSpec spec;
  spec.board = o.board;
  spec.networks = o.networks;
  spec.processors = o.processors;
  spec.overrides = o.overrides;
  spec.network = o.network.options();
  spec.runtime_files = o.runtimes.spec("", {}).runtime_files;
  for (const auto& v : o.varies) spec.varies.push_back(sweep::parse_vary(v));
  const auto shard = sweep::parse_shard(o.shard);
  const int jobs = o.jobs > 0 ? o.jobs : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  if (!o.plot.empty()) check_plot_request(spec, o.plot);
  Progress progress;
  // Rows stream to the output; only those the plot draws are kept.
  sweep::SweepWriter writer(spec, o.out, o.format);
  std::vector<sweep::SweepRow> plotted;
  sweep::run_sweep_streamed(
      spec, jobs, shard, [&](std::int64_t d, std::int64_t t) { progress(d, t); },
      [&](const sweep::SweepResult& meta) { writer.begin(meta); },
      [&](const sweep::SweepRow& row) {
        writer.row(row);
        if (!o.plot.empty() && plotted_row(spec, row)) plotted.push_back(row);
      });
  writer.finish();
  if (!o.plot.empty()) plot_sweep(spec, plotted, o.plot);
}

}  // namespace

void register_sweep_command(CLI::App& app, Action& chosen) {
  auto o = std::make_shared<SweepOptions>();
  CLI::App* cmd = app.add_subcommand("sweep", "Evaluate the cross product of --vary values x networks x processors");
  cmd->require_subcommand(0, 1);
  cmd->add_option("--hw", o->board, "Board YAML (required)");
  cmd->add_option("--net", o->networks, "Network description (repeatable; at least one)")->take_all();
  cmd->add_option("--vary", o->varies,
                  "KEY=VALUES: a list (256KiB,512KiB,1MiB), a range (1..8, 1GB/s..4GB/s+1GB/s) or a "
                  "geometric range (128KiB..8MiB*2); repeatable")
      ->take_all();
  cmd->add_option("--processor", o->processors, "A processor of the board (cpu, gpu, npu, ...) or auto; repeatable")
      ->take_all();
  cmd->add_option("--set", o->overrides, "A fixed board or runtime override (repeatable)")->take_all();
  add_runtime_flags(cmd, o->runtimes);
  add_network_flags(cmd, o->network, "Batch size");
  cmd->add_option("--jobs", o->jobs, "Threads (default: the machine's cores)")->check(CLI::Range(1, 1024));
  cmd->add_option("--shard", o->shard, "Run the I-th of N deterministic slices, I/N")->capture_default_str();
  cmd->add_option("--out", o->out, "File to write (required)");
  cmd->add_option("--format", o->format, "csv (mergeable with `sweep merge`) or json")
      ->check(CLI::IsMember({"csv", "json"}))
      ->capture_default_str();
  cmd->add_option("--plot", o->plot, "Figure (.png, .svg or .pdf) of time and DRAM traffic against the first varied key (gnuplot)");
  cmd->callback([o, cmd, &chosen] {
    if (cmd->get_subcommands().empty()) chosen = [o] { run_sweep_command(*o); };
  });

  CLI::App* merge = cmd->add_subcommand("merge", "Join shard CSV files of one sweep (checks their FILE.json definitions, that every shard and row is there once and whole)");
  merge->add_option("files", o->merge_files, "Shard CSV files")->required();
  merge->add_option("--out", o->merge_out, "Merged CSV file")->required();
  merge->callback([o, &chosen] { chosen = [o] { sweep::merge_shards(o->merge_files, o->merge_out); }; });
}

}  // namespace augur::app
