// ResolvedValues -> Platform (plain structs), with range checks for the integer fields.
#pragma once

#include "sim/hwdesc/platform.h"
#include "sim/hwdesc/resolved_values.h"

namespace augur::hwdesc {

// Fills Platform from validated values; values too large for their field are user errors.
Platform build_platform(const ResolvedValues& values);

// Adds the `Derived` keys the description left out (memory.bandwidth).
void derive_missing(ResolvedValues& values);

}  // namespace augur::hwdesc
