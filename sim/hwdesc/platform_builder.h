// ResolvedValues -> Platform (plain structs), with range checks for the integer fields.
#pragma once

#include <string>
#include <vector>

#include "sim/hwdesc/platform.h"
#include "sim/hwdesc/resolved_values.h"

namespace augur::hwdesc {

// Fills Platform from validated values; values too large for their field are user errors.
// `processor_order` lists the processors' names in board order (ResolvedValues are sorted by
// path); names it leaves out come after, by name.
Platform build_platform(const ResolvedValues& values, const std::vector<std::string>& processor_order = {});

// Adds the `Derived` keys the description left out (memory.bandwidth).
void derive_missing(ResolvedValues& values);

}  // namespace augur::hwdesc
