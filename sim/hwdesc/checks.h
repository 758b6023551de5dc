// Cross-field checks of a validated description: cache geometry, L1 within L2, per-block GPU
// limits within per-SM limits. Each error points at the offending value.
#pragma once

#include "sim/hwdesc/resolved_values.h"

namespace augur::hwdesc {

void check_consistency(const ResolvedValues& values);

}  // namespace augur::hwdesc
