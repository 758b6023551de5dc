// Sweep planning and parallel evaluation (the output views are in sweep_output.cpp, the shard
// merge in sweep_merge.cpp).
#include "sim/sweep/sweep.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <map>
#include <mutex>
#include <thread>

#include <fmt/format.h>

#include "sim/core/error.h"
#include "sim/hwdesc/loader.h"
#include "sim/hwdesc/runtime_loader.h"
#include "sim/memplan/footprint.h"
#include "sim/schedule/simulation.h"
#include "sim/workload/network.h"

namespace augur::sweep {
namespace {

constexpr std::int64_t kMaxPoints = 10'000'000;
constexpr std::int64_t kBlockPoints = 4096;  // rows held at a time by a streamed sweep

struct Overrides {
  std::vector<std::string> board, cpu, gpu;
  void add(const std::string& key_value) {
    if (key_value.rfind("cpu_runtime.", 0) == 0) cpu.push_back(key_value.substr(12));
    else if (key_value.rfind("gpu_runtime.", 0) == 0) gpu.push_back(key_value.substr(12));
    else board.push_back(key_value);
  }
};

// The point's coordinates: network, processor, one value index per vary (last varies fastest).
struct Coordinates {
  size_t network = 0, processor = 0;
  std::vector<size_t> values;
};

Coordinates coordinates(std::int64_t point, const SweepSpec& spec) {
  Coordinates c;
  c.values.resize(spec.varies.size());
  for (size_t v = spec.varies.size(); v-- > 0;) {
    const auto n = static_cast<std::int64_t>(spec.varies[v].values.size());
    c.values[v] = static_cast<size_t>(point % n);
    point /= n;
  }
  c.processor = static_cast<size_t>(point % static_cast<std::int64_t>(spec.processors.size()));
  c.network = static_cast<size_t>(point / static_cast<std::int64_t>(spec.processors.size()));
  return c;
}

struct Templates {
  hwdesc::BoardTemplate board;
  std::optional<hwdesc::RuntimeTemplate> cpu, gpu;
};

Templates load_templates(const SweepSpec& spec) {
  Templates t{hwdesc::load_board_template(spec.board), std::nullopt, std::nullopt};
  const auto base = hwdesc::instantiate(t.board, {});
  if (auto p = hwdesc::board_runtime_path(base, ProcessorKind::Cpu)) t.cpu = hwdesc::load_runtime_template(*p);
  if (auto p = hwdesc::board_runtime_path(base, ProcessorKind::Gpu)) t.gpu = hwdesc::load_runtime_template(*p);
  return t;
}

// Every value of every --vary, applied alone on top of the fixed overrides, must load.
void check_values(const SweepSpec& spec, const Templates& t) {
  for (const auto& vary : spec.varies) {
    for (size_t i = 0; i < vary.values.size(); ++i) {
      Overrides o;
      for (const auto& s : spec.overrides) o.add(s);
      o.add(vary.key + "=" + vary.values[i]);
      try {
        (void)hwdesc::instantiate(t.board, o.board);
        if (!o.cpu.empty() && t.cpu) (void)hwdesc::instantiate(*t.cpu, o.cpu);
        if (!o.gpu.empty() && t.gpu) (void)hwdesc::instantiate(*t.gpu, o.gpu);
        if ((!o.cpu.empty() && !t.cpu) || (!o.gpu.empty() && !t.gpu)) {
          throw UserError("the board names no runtime for that processor");
        }
      } catch (const UserError& e) {
        throw UserError(fmt::format("--vary {}: value '{}' is not valid: {}", vary.key, vary.labels[i], e.what()));
      }
    }
  }
}

SweepRow evaluate(std::int64_t point, const SweepSpec& spec, const Templates& t,
                  const std::vector<Network>& networks, const std::vector<std::string>& types) {
  const Coordinates c = coordinates(point, spec);
  Overrides o;
  for (const auto& s : spec.overrides) o.add(s);
  SweepRow row;
  row.point = point;
  for (size_t v = 0; v < spec.varies.size(); ++v) {
    o.add(spec.varies[v].key + "=" + spec.varies[v].values[c.values[v]]);
    row.labels.push_back(spec.varies[v].labels[c.values[v]]);
  }
  const auto board = hwdesc::instantiate(t.board, o.board);
  const std::string& processor = spec.processors[c.processor];
  std::optional<hwdesc::LoadedRuntime> cpu, gpu;
  if (processor != "gpu") {
    if (!t.cpu) throw UserError(spec.board + ": the board names no cpu runtime (runtimes.cpu)");
    cpu = hwdesc::instantiate(*t.cpu, o.cpu);
  }
  if (processor != "cpu") {
    if (!t.gpu) throw UserError(spec.board + ": the board names no gpu runtime (runtimes.gpu)");
    gpu = hwdesc::instantiate(*t.gpu, o.gpu);
  }
  const Network& net = networks[c.network];
  const Placement placement = processor == "cpu" ? Placement::Cpu : processor == "gpu" ? Placement::Gpu : Placement::Auto;
  const SimulationResult r = simulate(net, board.platform, Runtimes{cpu ? &cpu->runtime : nullptr, gpu ? &gpu->runtime : nullptr},
                                      SimulationOptions{placement});
  row.network = net.name;
  row.processor = processor;
  row.batch = net.batch;
  row.forward_ms = 1e3 * r.forward_seconds;
  row.layerwise_ms = 1e3 * r.layerwise_seconds;
  row.type_ms.assign(types.size(), 0.0);
  double slowest = -1;
  for (const auto& l : r.layers) {
    const Layer& layer = net.graph.layers()[l.layer];
    const auto at = std::find(types.begin(), types.end(), caffe_type_name(layer.kind)) - types.begin();
    const double ms = 1e3 * (l.end_seconds - l.start_seconds + l.handoff_seconds);
    row.type_ms[static_cast<size_t>(at)] += ms;
    row.dram_bytes += l.cost.dram_bytes;
    if (ms > slowest) {
      slowest = ms;
      row.slowest_layer = layer.name;
      row.slowest_bound = bound_name(l.cost.bound);
    }
  }
  const auto& holder = gpu ? gpu->runtime : cpu->runtime;
  const Footprint f = plan_memory(net, holder.memory, MemoryPolicy::Caffe, board.platform.memory.capacity_bytes);
  row.memory_total_bytes = f.total_bytes;
  row.fits = f.fits;
  return row;
}

}  // namespace

std::vector<size_t> value_indices(const SweepSpec& spec, std::int64_t point) {
  return coordinates(point, spec).values;
}

Shard parse_shard(const std::string& text) {
  const auto slash = text.find('/');
  Shard s;
  try {
    if (slash == std::string::npos) throw std::invalid_argument("no slash");
    size_t used = 0;
    s.index = std::stoi(text.substr(0, slash), &used);
    if (used != slash) throw std::invalid_argument("index");
    s.count = std::stoi(text.substr(slash + 1), &used);
    if (used != text.size() - slash - 1) throw std::invalid_argument("count");
  } catch (const std::exception&) {
    throw UserError("--shard " + text + ": expected I/N, e.g. 2/8");
  }
  if (s.count < 1 || s.index < 1 || s.index > s.count) {
    throw UserError("--shard " + text + ": expected 1 <= I <= N");
  }
  return s;
}

std::int64_t point_count(const SweepSpec& spec) {
  double n = static_cast<double>(spec.networks.size()) * static_cast<double>(spec.processors.size());
  for (const auto& v : spec.varies) n *= static_cast<double>(v.values.size());
  if (n > static_cast<double>(kMaxPoints)) {
    throw UserError(fmt::format("the sweep has {:.3g} points; at most {} per run (use --shard)", n, kMaxPoints));
  }
  return static_cast<std::int64_t>(n);
}

void run_sweep_streamed(const SweepSpec& spec, int jobs, Shard shard,
                        const std::function<void(std::int64_t, std::int64_t)>& progress,
                        const std::function<void(const SweepResult&)>& begin,
                        const std::function<void(const SweepRow&)>& emit) {
  if (spec.networks.empty()) throw UserError("a sweep needs at least one --net");
  SweepResult result;
  result.total_points = point_count(spec);
  result.shard = shard;
  for (const auto& v : spec.varies) result.keys.push_back(v.key);
  const Templates templates = load_templates(spec);
  check_values(spec, templates);
  std::vector<Network> networks;
  for (const auto& file : spec.networks) {
    networks.push_back(load_network(file, spec.network));
    for (const auto& layer : networks.back().graph.layers()) {
      const std::string type = caffe_type_name(layer.kind);
      if (std::find(result.types.begin(), result.types.end(), type) == result.types.end()) result.types.push_back(type);
    }
  }
  begin(result);
  // This shard's points: every point whose index ≡ shard - 1 (mod count), in index order,
  // evaluated in blocks so that only one block of rows is held at a time.
  const std::int64_t first = shard.index - 1;
  const std::int64_t mine = first < result.total_points ? (result.total_points - 1 - first) / shard.count + 1 : 0;
  std::atomic<std::int64_t> done{0};
  std::vector<SweepRow> block;
  for (std::int64_t block_start = 0; block_start < mine; block_start += kBlockPoints) {
    const auto size = static_cast<size_t>(std::min<std::int64_t>(kBlockPoints, mine - block_start));
    block.assign(size, SweepRow{});
    std::atomic<size_t> next{0};
    std::exception_ptr failure;
    std::mutex failure_mutex;
    const auto worker = [&] {
      while (true) {
        const size_t i = next.fetch_add(1);
        if (i >= size) return;
        try {
          block[i] = evaluate(first + (block_start + static_cast<std::int64_t>(i)) * shard.count, spec, templates, networks,
                              result.types);
        } catch (...) {
          std::lock_guard lock(failure_mutex);
          if (!failure) failure = std::current_exception();
          next = size;
          return;
        }
        const auto n = ++done;
        if (progress && (n % 64 == 0 || n == mine)) progress(n, mine);
      }
    };
    std::vector<std::thread> threads;
    for (int j = 1; j < std::max(jobs, 1); ++j) threads.emplace_back(worker);
    worker();
    for (auto& t : threads) t.join();
    if (failure) std::rethrow_exception(failure);
    for (const auto& row : block) emit(row);
  }
}

SweepResult run_sweep(const SweepSpec& spec, int jobs, Shard shard,
                      const std::function<void(std::int64_t, std::int64_t)>& progress) {
  SweepResult result;
  run_sweep_streamed(
      spec, jobs, shard, progress, [&](const SweepResult& meta) { result = meta; },
      [&](const SweepRow& row) { result.rows.push_back(row); });
  return result;
}

}  // namespace augur::sweep
