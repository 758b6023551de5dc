// Assembling a run: board, runtimes per processor, overrides, network.
#include "sim/scenario/scenario.h"

#include <algorithm>
#include <filesystem>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "sim/core/error.h"
#include "sim/hwdesc/board_search.h"
#include "sim/hwdesc/overrides.h"
#include "sim/processors/registry.h"
#include "sim/workload/import/network_loader.h"

namespace augur {
namespace {

constexpr std::string_view kRuntimeSuffix = "_runtime.";

std::string names_of(const Platform& p) {
  std::vector<std::string> names;
  for (const auto& proc : p.processors) names.push_back(proc.name);
  return fmt::format("{}", fmt::join(names, ", "));
}

}  // namespace

hwdesc::OverrideLabels runtime_override_labels(const std::string& processor) {
  return hwdesc::OverrideLabels(
      [prefix = "--set " + processor + std::string(kRuntimeSuffix)](const std::string& text) { return prefix + text; });
}

const std::vector<std::string>* SplitOverrides::runtime(const std::string& processor) const {
  for (const auto& [name, list] : runtimes) {
    if (name == processor) return &list;
  }
  return nullptr;
}

SplitOverrides split_overrides(const std::vector<std::string>& overrides) {
  SplitOverrides s;
  for (const auto& o : overrides) {
    const auto eq = o.find('=');
    const auto marker = o.find(kRuntimeSuffix);
    if (marker != std::string::npos && marker > 0 && (eq == std::string::npos || marker < eq) &&
        o.find('.') == marker + kRuntimeSuffix.size() - 1) {
      const std::string processor = o.substr(0, marker);
      const std::string rest = o.substr(marker + kRuntimeSuffix.size());
      auto it = std::find_if(s.runtimes.begin(), s.runtimes.end(), [&](const auto& e) { return e.first == processor; });
      if (it == s.runtimes.end()) {
        s.runtimes.emplace_back(processor, std::vector<std::string>{});
        it = s.runtimes.end() - 1;
      }
      it->second.push_back(rest);
    } else {
      s.board.push_back(o);
    }
  }
  return s;
}

void check_board_runtime_found(const hwdesc::LoadedPlatform& board, const Processor& proc) {
  std::error_code ec;
  if (proc.runtime_file.empty() || std::filesystem::is_regular_file(proc.runtime_file, ec)) return;
  const auto it = board.values.find(proc.name + ".runtime");
  if (it == board.values.end()) return;  // not the board's: loading it names the file
  const hwdesc::ResolvedValue& v = it->second;
  std::vector<std::string> looked;
  hwdesc::find_description_file(
      v.text, v.origin.kind == hwdesc::Origin::Kind::File ? std::filesystem::path(v.origin.where.file).parent_path() : "",
      "runtimes", &looked);
  throw UserError(v.origin.where, fmt::format("{}.runtime: runtime file '{}' not found (looked for {})", proc.name, v.text,
                                              fmt::join(looked, ", ")));
}

void check_runtime_files(const Platform& p, const std::vector<std::pair<std::string, std::string>>& files,
                         const std::string& board) {
  for (const auto& [name, file] : files) {
    if (p.find(name) == nullptr) {
      throw UserError(fmt::format("runtime {} given for processor '{}', but the board {} has no such processor "
                                  "(it has: {})", file, name, board, names_of(p)));
    }
  }
}

void check_runtime_fits(const Processor& proc, const hwdesc::LoadedRuntime& loaded) {
  if (loaded.runtime.model != proc.model) {
    throw UserError(fmt::format("{}: is a {} runtime, but it was given for processor '{}', a {}", loaded.file,
                                loaded.runtime.model, proc.name, proc.model));
  }
  model_of(proc).check_runtime(loaded.runtime, loaded.file);
}

std::string memory_holder(const Platform& p, const std::string& processor,
                          const std::function<bool(const std::string&)>& has_runtime) {
  if (processor != kAutoPlacement) return processor;
  for (const auto& proc : p.processors) {
    if (has_runtime(proc.name) && model_of(proc).issue() == Issue::Asynchronous) return proc.name;
  }
  for (const auto& proc : p.processors) {
    if (has_runtime(proc.name)) return proc.name;
  }
  return "";
}

Scenario Scenario::load(const ScenarioSpec& spec) {
  Scenario s;
  const SplitOverrides overrides = split_overrides(spec.overrides);
  s.board_ = hwdesc::load_platform(spec.board, overrides.board);
  const Platform& p = s.board_.platform;
  check_runtime_files(p, spec.runtime_files, spec.board);
  for (const auto& [name, list] : overrides.runtimes) {
    if (p.find(name) == nullptr) {
      throw UserError(fmt::format("override '{}_runtime.{}': the board {} has no processor '{}' (it has: {})", name,
                                  list.front(), spec.board, name, names_of(p)));
    }
  }
  for (const auto& proc : p.processors) {
    std::string file = proc.runtime_file;
    for (const auto& [name, given] : spec.runtime_files) {
      if (name == proc.name) file = given;
    }
    const auto* list = overrides.runtime(proc.name);
    if (file.empty()) {
      if (list != nullptr) {
        throw UserError(fmt::format("override '{}_runtime.{}': processor '{}' has no runtime (the board names "
                                    "none)", proc.name, list->front(), proc.name));
      }
      continue;
    }
    if (file == proc.runtime_file) check_board_runtime_found(s.board_, proc);
    const hwdesc::OverrideLabels labels = runtime_override_labels(proc.name);
    ScenarioRuntime r{proc.name, hwdesc::load_runtime(file, list ? *list : std::vector<std::string>{})};
    check_runtime_fits(proc, r.loaded);
    s.runtimes_.push_back(std::move(r));
  }
  if (!spec.network.empty()) s.network_ = load_network(spec.network, spec.network_options);
  return s;
}

const Network& Scenario::network() const {
  if (!network_) throw InternalError("Scenario::network: the scenario has no network");
  return *network_;
}

const ScenarioRuntime* Scenario::runtime_of(const std::string& name) const {
  for (const auto& r : runtimes_) {
    if (r.processor == name) return &r;
  }
  return nullptr;
}

Runtimes Scenario::bindings() const {
  Runtimes out;
  for (const auto& r : runtimes_) out.push_back({r.processor, &r.loaded.runtime});
  return out;
}

SimulationResult Scenario::simulate(const std::string& processor, CacheModel cache_model, bool timeline) const {
  SimulationOptions options{processor, cache_model};
  options.timeline = timeline;
  return augur::simulate(network(), platform(), bindings(), options);
}

std::string Scenario::memory_holder(const std::string& processor) const {
  const std::string holder = augur::memory_holder(platform(), processor, [&](const std::string& name) {
    return runtime_of(name) != nullptr;
  });
  if (holder.empty()) throw UserError(board_.board_file + ": no processor of the board has a runtime");
  return holder;
}

Footprint Scenario::memory(const std::string& processor, MemoryPolicy policy) const {
  const std::string holder = memory_holder(processor);
  const ScenarioRuntime* r = runtime_of(holder);
  if (r == nullptr) {
    if (platform().find(holder) == nullptr) {
      throw UserError(fmt::format("the board has no processor '{}' (it has: {})", holder, names_of(platform())));
    }
    throw UserError(no_runtime_message(holder));
  }
  // A runtime whose convolutions run library algorithms: their workspaces as the simulation chose them.
  const Lowering& lowering = r->loaded.runtime.lowering;
  std::vector<std::optional<std::int64_t>> workspaces;
  if (!lowering.convolution_candidates.empty() || lowering.convolution != ConvolutionLowering::Im2colGemm) {
    workspaces.resize(network().graph.layers().size());
    for (const auto& layer : simulate(holder).layers) {
      const auto algorithm = layer_algorithm(layer);
      if (algorithm && *algorithm != ConvolutionLowering::Im2colGemm) workspaces[layer.layer] = layer.workspace_bytes;
    }
  }
  return plan_memory(network(), r->loaded.runtime.memory, policy, platform().memory.capacity_bytes, workspaces);
}

}  // namespace augur
