// Cross-field checks of a validated description: cache geometry, L1 within L2, per-block GPU
// limits within per-SM limits. Each error points at the offending value.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "sim/hwdesc/resolved_values.h"

namespace augur::hwdesc {

void check_consistency(const ResolvedValues& values);

// (name, model) of every processor of validated board values, sorted by name.
std::vector<std::pair<std::string, std::string>> processor_models(const ResolvedValues& values);

}  // namespace augur::hwdesc
