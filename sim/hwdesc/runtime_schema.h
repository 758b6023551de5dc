// The closed schema of a runtime (software stack) description, hwdesc/runtimes/*.yaml.
#pragma once

#include "sim/hwdesc/schema.h"

namespace augur::hwdesc {

const SectionSchema& runtime_schema();

}  // namespace augur::hwdesc
