// The registered processor models, in one place.
#pragma once

#include <string_view>
#include <vector>

#include "sim/processors/processor_model.h"

namespace augur {

// Every registered model, in registration order.
const std::vector<const ProcessorModel*>& processor_models();

// The model with this id, or nullptr.
const ProcessorModel* find_processor_model(std::string_view id);

// The model of a board's processor; a processor whose model is not registered is a bug (the
// board schema accepts only registered models).
const ProcessorModel& model_of(const Processor& processor);

}  // namespace augur
