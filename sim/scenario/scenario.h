// One run's inputs assembled and checked once: the board with its overrides, the runtime of each
// processor (the board's, or one given per processor, with its overrides), and the network. Every
// command that simulates (simulate, memory, trace compare, validate, sweep) builds one, so the
// rules for which runtime runs where and how overrides are addressed live here only.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sim/hwdesc/loader.h"
#include "sim/hwdesc/overrides.h"
#include "sim/hwdesc/runtime_loader.h"
#include "sim/memplan/footprint.h"
#include "sim/schedule/simulation.h"
#include "sim/workload/network.h"

namespace augur {

struct ScenarioSpec {
  std::string board;                   // board file
  // Overrides: a board key ("gpu.l2.size=1MiB", a processor's keys addressed by its name) or a
  // key of a processor's runtime ("gpu_runtime.kernels.layer_sync=20us": NAME_runtime.KEY).
  std::vector<std::string> overrides;
  // Runtime files by processor name, replacing the board's `runtime:` for that processor.
  std::vector<std::pair<std::string, std::string>> runtime_files;
  std::string network;                 // network file; "" for a scenario without one
  NetworkOptions network_options;
};

// Overrides split by what they address.
struct SplitOverrides {
  std::vector<std::string> board;
  std::vector<std::pair<std::string, std::vector<std::string>>> runtimes;  // by processor name
  const std::vector<std::string>* runtime(const std::string& processor) const;
};

// `NAME_runtime.KEY=V` goes to processor NAME's runtime (as `KEY=V`); everything else to the board.
SplitOverrides split_overrides(const std::vector<std::string>& overrides);

// While alive, the overrides of processor NAME's runtime are named "--set NAME_runtime.KEY=V" in
// messages and origins (the runtime loader sees them as "KEY=V").
hwdesc::OverrideLabels runtime_override_labels(const std::string& processor);

// Throws UserError at the board's `runtime:` line, listing where it looked, when the runtime file
// the board names for `proc` does not exist.
void check_board_runtime_found(const hwdesc::LoadedPlatform& board, const Processor& proc);

// Throws UserError when a runtime file is given for a processor the board does not have.
void check_runtime_files(const Platform& platform, const std::vector<std::pair<std::string, std::string>>& files,
                         const std::string& board);

// Throws UserError unless `loaded` is a runtime of `processor`'s model that the model accepts.
void check_runtime_fits(const Processor& processor, const hwdesc::LoadedRuntime& loaded);

// The processor whose runtime holds the network in memory for a run on `processor`: that one, or
// for auto the first asynchronous processor with a runtime (the accelerator the framework runs in
// the mode of, as Caffe in GPU mode), else the first with a runtime; "" when none has one.
std::string memory_holder(const Platform& platform, const std::string& processor,
                          const std::function<bool(const std::string&)>& has_runtime);

struct ScenarioRuntime {
  std::string processor;  // the processor it runs on
  hwdesc::LoadedRuntime loaded;
};

class Scenario {
 public:
  // Loads and checks everything; throws UserError naming the file (and line) of the first mistake:
  // a runtime given for a processor the board does not have, a runtime of another processor
  // model, an override of a runtime that does not exist.
  static Scenario load(const ScenarioSpec& spec);

  const hwdesc::LoadedPlatform& board() const { return board_; }
  const Platform& platform() const { return board_.platform; }
  bool has_network() const { return network_.has_value(); }
  const Network& network() const;
  const std::vector<ScenarioRuntime>& runtimes() const { return runtimes_; }
  // The runtime of processor `name`, or nullptr when it has none.
  const ScenarioRuntime* runtime_of(const std::string& name) const;
  Runtimes bindings() const;

  // `processor`: a processor name or "auto".
  // `timeline`: keep the timeline's slices (for `simulate --timeline`); the times are the same.
  SimulationResult simulate(const std::string& processor, CacheModel cache_model = CacheModel::Analytic,
                            bool timeline = true) const;

  // augur::memory_holder over this scenario's runtimes; a UserError when none has a runtime.
  std::string memory_holder(const std::string& processor) const;
  Footprint memory(const std::string& processor, MemoryPolicy policy) const;

 private:
  hwdesc::LoadedPlatform board_;
  std::vector<ScenarioRuntime> runtimes_;
  std::optional<Network> network_;
};

}  // namespace augur
