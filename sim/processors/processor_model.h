// The interface every processor model implements: what it can run, the cost of a layer's kernels
// on it, how the host issues work to it, and what it requires of its runtime. Models are stateless
// singletons registered in registry.cpp; hardware and runtime values come in as plain structs.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sim/hwdesc/platform.h"
#include "sim/hwdesc/runtime.h"
#include "sim/lower/kernel.h"
#include "sim/processors/layer_cost.h"
#include "sim/workload/layer.h"

namespace augur {

// Synchronous: the host thread runs the work (a CPU cluster). Asynchronous: the host issues
// kernels that the processor runs while the host goes on (a GPU, an accelerator).
enum class Issue { Synchronous, Asynchronous };

class ProcessorModel {
 public:
  virtual ~ProcessorModel() = default;
  // The `model:` value of a board's processor and the `processor:` value of its runtimes.
  virtual std::string_view id() const = 0;
  virtual std::string_view summary() const = 0;
  virtual Issue issue() const = 0;
  // Throws UserError (naming the runtime file) when the runtime asks for what the model cannot
  // do, e.g. a data type or a lowering strategy it does not run.
  virtual void check_runtime(const Runtime& runtime, const std::string& runtime_file) const = 0;
  // "" when the processor runs the layer; otherwise why not (auto placement then avoids it).
  virtual std::string cannot_run(const Layer& layer) const = 0;
  // The cost of a layer's kernels (lowered by the runtime's strategies) on this processor.
  virtual LayerCost cost(const std::vector<Kernel>& kernels, const Processor& processor,
                         const Runtime& runtime, const Memory& memory, CacheModel cache_model) const = 0;
  // The runtime's host costs on this processor's host (scaled to its clock: sim/model/host_time.h).
  virtual HostCosts host_costs(const Runtime& runtime, const Processor& processor) const = 0;
  // The memory levels whose traffic its costs count (keys of LayerCost::traffic).
  virtual std::vector<std::string> memory_levels() const = 0;

 protected:
  // For check_runtime: a model whose equations are written for one data type refuses the others.
  void require_data_type(const Runtime& runtime, const std::string& file, DataType type) const;
};

}  // namespace augur
