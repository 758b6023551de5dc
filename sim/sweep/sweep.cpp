// Sweep planning and parallel evaluation (the output views are in sweep_output.cpp, the shard
// merge in sweep_merge.cpp).
#include "sim/sweep/sweep.h"

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <exception>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "sim/core/error.h"
#include "sim/hwdesc/loader.h"
#include "sim/hwdesc/overrides.h"
#include "sim/hwdesc/runtime_loader.h"
#include "sim/memplan/footprint.h"
#include "sim/processors/registry.h"
#include "sim/scenario/scenario.h"
#include "sim/schedule/simulation.h"
#include "sim/workload/import/network_loader.h"
#include "sim/workload/network.h"

namespace augur::sweep {
namespace {

constexpr std::int64_t kMaxPoints = 10'000'000;
constexpr std::int64_t kBlockPoints = 4096;  // rows held at a time by a streamed sweep

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

// The index of a point's network among those the sweep loads: one per file, or with --vary batch
// one per file and batch (file-major).
size_t network_index(const SweepSpec& spec, const Coordinates& c) {
  for (size_t v = 0; v < spec.varies.size(); ++v) {
    if (spec.varies[v].is_batch()) return c.network * spec.varies[v].values.size() + c.values[v];
  }
  return c.network;
}

// The board and each processor's runtime, read and composed once; a point instantiates them with
// its overrides.
struct Templates {
  hwdesc::BoardTemplate board;
  std::vector<std::pair<std::string, hwdesc::RuntimeTemplate>> runtimes;  // by processor name
  // For each --vary NAME_runtime=FILES: the runtime template of each file ([vary][value]); empty
  // for the other varies. `runtimes` holds the first file's.
  std::vector<std::vector<hwdesc::RuntimeTemplate>> runtime_files;
  std::vector<std::string> processors;                                  // the board's, in order
  std::map<std::string, std::string> labels;                            // override_labels(spec)

  std::string label(const std::string& text, const std::string& prefix) const {
    const auto it = labels.find(prefix + text);
    return it != labels.end() ? it->second : "--set " + prefix + text;
  }
  // Names the board's overrides as the user wrote them while alive.
  hwdesc::OverrideLabels board_labels() const {
    return hwdesc::OverrideLabels([this](const std::string& text) { return label(text, ""); });
  }
  // The same for processor NAME's runtime (its overrides reach the loader as "KEY=V").
  hwdesc::OverrideLabels runtime_labels(const std::string& name) const {
    return hwdesc::OverrideLabels([this, prefix = name + "_runtime."](const std::string& text) { return label(text, prefix); });
  }

  const hwdesc::RuntimeTemplate* runtime(const std::string& name) const {
    for (const auto& [n, t] : runtimes) {
      if (n == name) return &t;
    }
    return nullptr;
  }
};

// The fixed overrides and the first value of every --vary: the sweep's first point, which is
// the base the other points patch (the fixed overrides alone need not make a valid board: a
// --set gpu.l1.size=512KiB may need every varied L2 size to be larger than the board's).
std::vector<std::string> first_point_overrides(const SweepSpec& spec, size_t except = SIZE_MAX) {
  std::vector<std::string> all = spec.overrides;
  for (size_t v = 0; v < spec.varies.size(); ++v) {
    if (v != except && !spec.varies[v].is_batch() && !spec.varies[v].is_runtime_file() &&
        !spec.varies[v].values.empty()) {
      all.push_back(spec.varies[v].key + "=" + spec.varies[v].values[0]);
    }
  }
  return all;
}

// How each override text of the sweep is named in messages and origins: "--set TEXT" for the
// fixed ones, "--vary KEY=VALUE" (the value as the user wrote it) for a varied value.
std::map<std::string, std::string> override_labels(const SweepSpec& spec) {
  std::map<std::string, std::string> labels;
  for (const auto& vary : spec.varies) {
    for (size_t i = 0; i < vary.values.size(); ++i) {
      labels[vary.key + "=" + vary.values[i]] = "--vary " + vary.key + "=" + vary.labels[i];
    }
  }
  for (const auto& o : spec.overrides) labels[o] = "--set " + o;
  return labels;
}

Templates load_templates(const SweepSpec& spec) {
  Templates t{hwdesc::load_board_template(spec.board), {}, {}, {}, override_labels(spec)};
  const auto base = [&] {
    const hwdesc::OverrideLabels labels = t.board_labels();
    return hwdesc::instantiate(t.board, split_overrides(first_point_overrides(spec)).board);
  }();
  // A varied runtime file takes the place of --runtime for its processor (its first file is the base).
  std::vector<std::pair<std::string, std::string>> runtime_files = spec.runtime_files;
  for (const auto& vary : spec.varies) {
    t.runtime_files.emplace_back();
    if (!vary.is_runtime_file()) continue;
    for (const auto& [name, file] : spec.runtime_files) {
      if (name == vary.runtime_processor()) {
        throw UserError(fmt::format("--vary {}=... and --runtime {}={} both choose the runtime of '{}': give one",
                                    vary.key, name, file, name));
      }
    }
    runtime_files.emplace_back(vary.runtime_processor(), vary.values.front());
    for (const auto& file : vary.values) {
      try {
        t.runtime_files.back().push_back(hwdesc::load_runtime_template(file));
      } catch (const UserError& e) {
        throw UserError(fmt::format("--vary {}={}: {}", vary.key, file, e.what()));
      }
    }
  }
  check_runtime_files(base.platform, runtime_files, spec.board);
  for (const auto& proc : base.platform.processors) {
    t.processors.push_back(proc.name);
    std::optional<std::filesystem::path> file = hwdesc::board_runtime_path(base, proc.name);
    for (const auto& [name, given] : runtime_files) {
      if (name == proc.name) file = given;
    }
    if (file && *file == proc.runtime_file) check_board_runtime_found(base, proc);
    if (file) t.runtimes.emplace_back(proc.name, hwdesc::load_runtime_template(*file));
  }
  return t;
}

// A point's board and runtimes (shared with the sweep's base where no varied key touches them).
struct PointInputs {
  std::shared_ptr<const hwdesc::LoadedPlatform> board_ptr;
  std::vector<std::pair<std::string, std::shared_ptr<const hwdesc::LoadedRuntime>>> runtime_ptrs;
  const hwdesc::LoadedPlatform& board() const { return *board_ptr; }
  Runtimes bindings() const {
    Runtimes out;
    for (const auto& [name, r] : runtime_ptrs) out.push_back({name, &r->runtime});
    return out;
  }
  const hwdesc::LoadedRuntime* runtime(const std::string& name) const {
    for (const auto& [n, r] : runtime_ptrs) {
      if (n == name) return r.get();
    }
    return nullptr;
  }
};

// The template processor `name` runs at a point: a varied runtime file's (value_indices: the
// point's; null: the first value), else the sweep's.
const hwdesc::RuntimeTemplate& template_at(const SweepSpec& spec, const Templates& t, const std::string& name,
                                           const hwdesc::RuntimeTemplate& fixed, const std::vector<size_t>* value_indices) {
  for (size_t v = 0; v < spec.varies.size(); ++v) {
    if (spec.varies[v].is_runtime_file() && spec.varies[v].runtime_processor() == name) {
      return t.runtime_files[v][value_indices != nullptr ? (*value_indices)[v] : 0];
    }
  }
  return fixed;
}

PointInputs instantiate_point(const SweepSpec& spec, const Templates& t, const SplitOverrides& o,
                              const std::vector<size_t>* value_indices = nullptr) {
  for (const auto& [name, list] : o.runtimes) {
    if (t.runtime(name) == nullptr) {
      throw UserError(fmt::format("override '{}_runtime.{}': the board {} has no processor '{}' with a runtime",
                                  name, list.front(), spec.board, name));
    }
  }
  PointInputs in{std::make_shared<const hwdesc::LoadedPlatform>([&] {
                   const hwdesc::OverrideLabels labels = t.board_labels();
                   return hwdesc::instantiate(t.board, o.board);
                 }()),
                 {}};
  for (const auto& [name, tmpl] : t.runtimes) {
    const auto* list = o.runtime(name);
    const hwdesc::OverrideLabels labels = t.runtime_labels(name);
    in.runtime_ptrs.emplace_back(name, std::make_shared<const hwdesc::LoadedRuntime>(hwdesc::instantiate(
                                           template_at(spec, t, name, tmpl, value_indices),
                                           list ? *list : std::vector<std::string>{})));
  }
  return in;
}

// One --vary value as an already validated value: what it addresses ("" the board, else a
// processor's runtime) and the value at its path.
struct Patch {
  std::string target;
  hwdesc::ValuePatch patch;
  bool applies = true;  // false for --vary batch (it changes the network, not the board)
  // --vary NAME_runtime=FILES: processor `target` runs this runtime (the file, with the fixed
  // and first-point overrides), swapped in before the value patches apply.
  std::shared_ptr<const hwdesc::LoadedRuntime> runtime;
};

// The sweep's base (the fixed overrides) and every --vary value validated once, so a point only
// swaps values in: no tree copy and no schema walk per point (the cross-field checks still run).
struct Prepared {
  PointInputs base;
  std::vector<std::vector<Patch>> patches;  // [vary][value]
  bool patchable = true;                    // false: some key is not a plain path; instantiate per point
  std::vector<std::vector<std::string>> cells;  // [vary][value]: the row's cell (the number, exact, or the label)
};

// The patch of `key=value` from the inputs instantiated with it, or nullopt when the key's path is
// not one of the resolved values (a section written as a whole, a `processors.` prefix ...).
std::optional<Patch> patch_of(const std::string& key, const std::string& value, const PointInputs& with) {
  const SplitOverrides split = split_overrides({key + "=" + value});
  Patch p;
  const hwdesc::ResolvedValues* values = nullptr;
  std::string path;
  if (!split.runtimes.empty()) {
    p.target = split.runtimes.front().first;
    path = split.runtimes.front().second.front();
    const auto* rt = with.runtime(p.target);
    if (rt == nullptr) return std::nullopt;
    values = &rt->values;
  } else {
    path = key + "=" + value;
    values = &with.board().values;
  }
  path = path.substr(0, path.find('='));
  const auto it = values->find(path);
  if (it == values->end()) return std::nullopt;
  p.patch = hwdesc::ValuePatch{path, it->second, key + "=" + value};
  return p;
}

PointInputs inputs_of(const Prepared& prepared, const std::vector<size_t>& value_indices, hwdesc::ResolvedValues& scratch) {
  PointInputs in = prepared.base;
  for (size_t v = 0; v < value_indices.size(); ++v) {  // runtime files first: value patches apply to them
    const Patch& p = prepared.patches[v][value_indices[v]];
    if (!p.runtime) continue;
    for (auto& [name, rt] : in.runtime_ptrs) {
      if (name == p.target) rt = p.runtime;
    }
  }
  std::vector<hwdesc::ValuePatch> board;
  std::vector<std::pair<std::string, std::vector<hwdesc::ValuePatch>>> runtimes;
  for (size_t v = 0; v < value_indices.size(); ++v) {
    const Patch& p = prepared.patches[v][value_indices[v]];
    if (!p.applies) continue;
    if (p.target.empty()) {
      board.push_back(p.patch);
      continue;
    }
    auto it = std::find_if(runtimes.begin(), runtimes.end(), [&](const auto& e) { return e.first == p.target; });
    if (it == runtimes.end()) {
      runtimes.emplace_back(p.target, std::vector<hwdesc::ValuePatch>{});
      it = runtimes.end() - 1;
    }
    it->second.push_back(p.patch);
  }
  if (!board.empty()) {  // a point's board: its Platform (values patched on this thread's scratch, not copied)
    auto point_board = std::make_shared<hwdesc::LoadedPlatform>();
    point_board->platform = hwdesc::patched_platform(in.board(), board, scratch);
    point_board->board_file = in.board().board_file;
    in.board_ptr = std::move(point_board);
  }
  for (auto& [name, rt] : in.runtime_ptrs) {
    for (const auto& [target, list] : runtimes) {
      if (target == name) rt = std::make_shared<const hwdesc::LoadedRuntime>(hwdesc::with_values(*rt, list));
    }
  }
  return in;
}

// Every value of every --vary, applied on top of the fixed overrides and the first value of every
// other --vary (a point of the sweep), must load; each becomes a validated patch.
Prepared prepare(const SweepSpec& spec, const Templates& t) {
  Prepared prepared{instantiate_point(spec, t, split_overrides(first_point_overrides(spec))), {}, true, {}};
  // The runtimes fit their processors (checked once, on the base; a varied value changes no model).
  for (const auto& [name, loaded] : prepared.base.runtime_ptrs) {
    check_runtime_fits(*prepared.base.board().platform.find(name), *loaded);
  }
  for (const auto& vary : spec.varies) {
    prepared.patches.emplace_back();
    const size_t index = prepared.patches.size() - 1;
    if (vary.is_batch()) {  // checked when the networks load
      prepared.patches.back().assign(vary.values.size(), Patch{"", {}, false, nullptr});
      continue;
    }
    if (vary.is_runtime_file()) {  // each file, with the first point's overrides, must fit its processor
      std::vector<size_t> at(spec.varies.size(), 0);
      for (size_t i = 0; i < vary.values.size(); ++i) {
        at[index] = i;
        try {
          const PointInputs with = instantiate_point(spec, t, split_overrides(first_point_overrides(spec)), &at);
          const std::string name = vary.runtime_processor();
          const hwdesc::LoadedRuntime* loaded = with.runtime(name);
          check_runtime_fits(*with.board().platform.find(name), *loaded);
          for (const auto& [n, r] : with.runtime_ptrs) {
            if (n == name) prepared.patches.back().push_back(Patch{name, {}, false, r});
          }
        } catch (const UserError& e) {
          throw UserError(fmt::format("--vary {}={}: {}", vary.key, vary.labels[i], e.what()));
        }
      }
      continue;
    }
    for (size_t i = 0; i < vary.values.size(); ++i) {
      std::vector<std::string> all = first_point_overrides(spec, index);
      all.push_back(vary.key + "=" + vary.values[i]);
      try {
        const PointInputs with = instantiate_point(spec, t, split_overrides(all));
        const auto patch = patch_of(vary.key, vary.values[i], with);
        if (patch) {
          prepared.patches.back().push_back(*patch);
        } else {
          prepared.patchable = false;
          prepared.patches.back().push_back(Patch{});
        }
      } catch (const UserError& e) {
        // Messages about a command-line value start with its flag: the value itself is to blame
        // as it stands; a --set (or another --vary) it does not fit is blamed with it named.
        const std::string own = "--vary " + vary.key + "=" + vary.labels[i];
        const std::string message = e.what();
        if (message.rfind(own + ":", 0) == 0 || (message.rfind("--", 0) == 0 && message.find(own) != std::string::npos)) throw;
        if (message.rfind("--", 0) == 0) throw UserError(fmt::format("{} (with {})", message, own));
        throw UserError(fmt::format("{}: {}", own, message));
      }
    }
  }
  for (const auto& vary : spec.varies) {
    prepared.cells.emplace_back();
    for (size_t i = 0; i < vary.values.size(); ++i) {
      prepared.cells.back().push_back(vary.numbers.empty() ? vary.labels[i] : fmt::format("{:.17g}", vary.numbers[i]));
    }
  }
  return prepared;
}

// Whether any fixed or varied key changes what memory planning reads (capacity, runtime memory).
bool memory_keys_vary(const SweepSpec& spec) {
  const auto touches = [](const std::string& key) {
    return key.rfind("memory.", 0) == 0 || key.find("_runtime.memory.") != std::string::npos;
  };
  return std::any_of(spec.varies.begin(), spec.varies.end(),
                     [&](const Vary& v) { return v.is_runtime_file() || touches(v.key); });
}

// The processor whose runtime holds the network (augur::memory_holder over the sweep's runtimes).
std::string holder_of(const std::string& processor, const Templates& t, const Platform& platform) {
  return memory_holder(platform, processor, [&](const std::string& name) { return t.runtime(name) != nullptr; });
}

SweepRow evaluate(std::int64_t point, const SweepSpec& spec, const Templates& t, const Prepared& prepared,
                  const std::vector<Network>& networks, const std::vector<std::string>& types,
                  const std::vector<std::vector<size_t>>& type_of,
                  const std::vector<std::vector<std::optional<Footprint>>>& planned, LoweringCache& lowered,
                  hwdesc::ResolvedValues& scratch) {
  const Coordinates c = coordinates(point, spec);
  SweepRow row;
  row.point = point;
  for (size_t v = 0; v < spec.varies.size(); ++v) {
    row.labels.push_back(spec.varies[v].labels[c.values[v]]);
    row.cells.push_back(prepared.cells[v][c.values[v]]);
  }
  const auto all_overrides = [&] {  // the point as --set texts, when it cannot be patched
    std::vector<std::string> all = spec.overrides;
    for (size_t v = 0; v < spec.varies.size(); ++v) {
      if (!spec.varies[v].is_batch() && !spec.varies[v].is_runtime_file()) {
        all.push_back(spec.varies[v].key + "=" + spec.varies[v].values[c.values[v]]);
      }
    }
    return all;
  };
  const PointInputs in = prepared.patchable ? inputs_of(prepared, c.values, scratch)
                                            : instantiate_point(spec, t, split_overrides(all_overrides()), &c.values);
  const std::string& processor = spec.processors[c.processor];
  const size_t network = network_index(spec, c);
  const Network& net = networks[network];
  SimulationOptions options{processor};
  options.details = false;  // a row needs each layer's times and summed cost, not its kernels or slices
  options.lowering_cache = &lowered;  // this thread's: each layer is lowered once per network and lowering
  const SimulationResult r = simulate(net, in.board().platform, in.bindings(), options);
  row.network = net.name;
  row.processor = processor;
  row.batch = net.batch;
  row.forward_ms = 1e3 * r.forward_seconds;
  row.layerwise_ms = 1e3 * r.layerwise_seconds;
  row.type_ms.assign(types.size(), 0.0);
  double slowest = -1;
  Traffic traffic;
  for (const auto& l : r.layers) {
    const double ms = 1e3 * (l.end_seconds - l.start_seconds + l.handoff_seconds);
    if (l.fused.empty()) {
      row.type_ms[type_of[network][l.layer]] += ms;
    } else {
      for (const auto& [index, share] : covered_layers(l)) row.type_ms[type_of[network][index]] += share * ms;  // split by shares
    }
    row.dram_bytes += l.cost().dram_bytes;
    traffic.add(l.cost().traffic);
    if (ms > slowest) {
      slowest = ms;
      row.slowest_layer = covered_name(net, l);
      row.slowest_bound = bound_name(l.cost().bound);
    }
  }
  for (const auto& level : traffic) row.traffic.emplace_back(level.name, level.bytes);
  const auto& cached = planned[network][c.processor];
  if (cached) {
    row.memory_total_bytes = cached->total_bytes;
    row.fits = cached->total_bytes <= in.board().platform.memory.capacity_bytes;
  } else {
    const std::string holder = holder_of(processor, t, in.board().platform);
    const hwdesc::LoadedRuntime* rt = in.runtime(holder);
    if (rt == nullptr) throw UserError(no_runtime_message(holder));
    const Footprint f = plan_memory(net, rt->runtime.memory, MemoryPolicy::Caffe, in.board().platform.memory.capacity_bytes);
    row.memory_total_bytes = f.total_bytes;
    row.fits = f.fits;
  }
  return row;
}

}  // namespace

std::string key_column(const Vary& vary) {
  if (vary.is_batch()) return "batch_size";  // "batch" is the column every row has
  if (vary.numbers.empty()) return vary.key;
  switch (vary.dimension) {
    case Dimension::Bytes: return vary.key + "_bytes";
    case Dimension::Bits: return vary.key + "_bits";
    case Dimension::Frequency: return vary.key + "_hz";
    case Dimension::DataRate: return vary.key + "_transfers_per_s";
    case Dimension::Bandwidth: return vary.key + "_bytes_per_s";
    case Dimension::Cycles: return vary.key + "_cycles";
    case Dimension::Duration: return vary.key + "_s";
    case Dimension::Count:
    case Dimension::Real:
    case Dimension::Text: break;
  }
  return vary.key;
}

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
    throw UserError("shard '" + text + "': expected I/N, e.g. 2/8");
  }
  if (s.count < 1 || s.index < 1 || s.index > s.count) {
    throw UserError("shard '" + text + "': expected I/N with 1 <= I <= N");
  }
  return s;
}

std::int64_t point_count(const SweepSpec& spec) {
  double n = static_cast<double>(spec.networks.size()) * static_cast<double>(spec.processors.size());
  for (const auto& v : spec.varies) n *= static_cast<double>(v.values.size());
  if (n > static_cast<double>(kMaxPoints)) {
    throw UserError(fmt::format("the sweep has {:.3g} points; at most {} per run (split it into shards)", n, kMaxPoints));
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
  for (const auto& v : spec.varies) {
    result.keys.push_back(v.key);
    result.key_columns.push_back(key_column(v));
    result.numeric_keys.push_back(!v.numbers.empty());
  }
  const Templates templates = load_templates(spec);
  for (const auto& processor : spec.processors) {
    if (processor != kAutoPlacement &&
        std::find(templates.processors.begin(), templates.processors.end(), processor) == templates.processors.end()) {
      throw UserError(fmt::format("processor '{}': the board {} has no such processor (it has: {}, or auto)", processor,
                                  spec.board, fmt::join(templates.processors, ", ")));
    }
  }
  const Prepared prepared = prepare(spec, templates);
  // The traffic columns: the memory levels of every processor the sweep may run layers on.
  {
    for (const auto& proc : prepared.base.board().platform.processors) {
      const bool used = std::any_of(spec.processors.begin(), spec.processors.end(), [&](const std::string& p) {
        return p == kAutoPlacement || p == proc.name || templates.runtime(proc.name) != nullptr;
      });
      if (!used) continue;
      for (const auto& level : model_of(proc).memory_levels()) {
        if (std::find(result.levels.begin(), result.levels.end(), level) == result.levels.end()) {
          result.levels.push_back(level);
        }
      }
    }
  }
  std::vector<Network> networks;  // by network_index
  const auto batch_vary = std::find_if(spec.varies.begin(), spec.varies.end(), [](const Vary& v) { return v.is_batch(); });
  if (batch_vary != spec.varies.end() && spec.network.batch) {
    throw UserError("--batch and --vary batch=... both set the batch: give one");
  }
  std::vector<NetworkOptions> batches{spec.network};
  if (batch_vary != spec.varies.end()) {
    batches.clear();
    for (const double n : batch_vary->numbers) {
      batches.push_back(spec.network);
      batches.back().batch = static_cast<std::int64_t>(n);
    }
  }
  std::vector<std::vector<size_t>> type_of;  // [network][layer] -> index into result.types
  for (size_t i = 0; i < spec.networks.size() * batches.size(); ++i) {
    networks.push_back(load_network(spec.networks[i / batches.size()], batches[i % batches.size()]));
    type_of.emplace_back();
    for (const auto& layer : networks.back().graph.layers()) {
      const std::string type = caffe_type_name(layer.kind);
      auto at = std::find(result.types.begin(), result.types.end(), type);
      if (at == result.types.end()) at = result.types.insert(result.types.end(), type);
      type_of.back().push_back(static_cast<size_t>(at - result.types.begin()));
    }
  }
  // Memory is planned once per (network, processor) unless a varied key changes what it reads.
  std::vector<std::vector<std::optional<Footprint>>> planned(
      networks.size(), std::vector<std::optional<Footprint>>(spec.processors.size()));
  if (!memory_keys_vary(spec)) {
    const PointInputs& base = prepared.base;
    for (size_t n = 0; n < networks.size(); ++n) {
      for (size_t p = 0; p < spec.processors.size(); ++p) {
        if (const auto* loaded = base.runtime(holder_of(spec.processors[p], templates, base.board().platform))) {
          planned[n][p] = plan_memory(networks[n], loaded->runtime.memory, MemoryPolicy::Caffe,
                                      base.board().platform.memory.capacity_bytes);
        }
      }
    }
  }
  begin(result);
  // This shard's points: every point whose index ≡ shard - 1 (mod count), in index order,
  // evaluated in blocks so that only one block of rows is held at a time.
  const std::int64_t first = shard.index - 1;
  const std::int64_t mine = first < result.total_points ? (result.total_points - 1 - first) / shard.count + 1 : 0;
  std::atomic<std::int64_t> done{0};
  std::vector<SweepRow> block;
  std::vector<LoweringCache> lowered(static_cast<size_t>(std::max(jobs, 1)));  // one per thread, kept across blocks
  std::vector<hwdesc::ResolvedValues> scratch(lowered.size());                  // the base board's values, per thread
  for (std::int64_t block_start = 0; block_start < mine; block_start += kBlockPoints) {
    const auto size = static_cast<size_t>(std::min<std::int64_t>(kBlockPoints, mine - block_start));
    block.assign(size, SweepRow{});
    std::atomic<size_t> next{0};
    std::exception_ptr failure;
    std::mutex failure_mutex;
    const auto worker = [&](size_t thread) {
      while (true) {
        const size_t i = next.fetch_add(1);
        if (i >= size) return;
        try {
          block[i] = evaluate(first + (block_start + static_cast<std::int64_t>(i)) * shard.count, spec, templates,
                              prepared, networks, result.types, type_of, planned, lowered[thread], scratch[thread]);
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
    for (int j = 1; j < std::max(jobs, 1); ++j) threads.emplace_back(worker, static_cast<size_t>(j));
    worker(0);
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
