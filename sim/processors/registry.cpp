// The registry of processor models: one line per model. A new processor kind adds its hardware
// schema (sim/hwdesc), its equations (sim/model), its ProcessorModel (here) and one line below.
#include "sim/processors/registry.h"

#include "sim/core/error.h"

namespace augur {

const ProcessorModel& cpu_cluster_model();     // cpu_cluster_model.cpp
const ProcessorModel& cuda_gpu_model();        // cuda_gpu_model.cpp
const ProcessorModel& systolic_array_model();  // systolic_array_model.cpp

const std::vector<const ProcessorModel*>& processor_models() {
  static const std::vector<const ProcessorModel*> models = {
      &cpu_cluster_model(),
      &cuda_gpu_model(),
      &systolic_array_model(),
  };
  return models;
}

const ProcessorModel* find_processor_model(std::string_view id) {
  for (const auto* m : processor_models()) {
    if (m->id() == id) return m;
  }
  return nullptr;
}

const ProcessorModel& model_of(const Processor& processor) {
  const ProcessorModel* m = find_processor_model(processor.model);
  if (m == nullptr) throw InternalError("processor model '" + processor.model + "' is not registered");
  return *m;
}

}  // namespace augur
