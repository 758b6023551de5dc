// Checks shared by processor models.
#include "sim/processors/processor_model.h"

#include <fmt/format.h>

#include "sim/core/error.h"

namespace augur {

void ProcessorModel::require_data_type(const Runtime& runtime, const std::string& file, DataType type) const {
  if (runtime.lowering.data_type != type) {
    throw UserError(fmt::format("{}: lowering.data_type: the {} model computes in {} only, got {}", file, id(),
                                data_type_name(type), data_type_name(runtime.lowering.data_type)));
  }
}

}  // namespace augur
