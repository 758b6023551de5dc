// ResolvedValues -> Platform (plain structs), with range checks for the integer fields.
#pragma once

#include <string>
#include <vector>

#include "sim/hwdesc/platform.h"
#include "sim/hwdesc/resolved_values.h"

namespace augur::hwdesc {

// Fills Platform from validated values; values too large for their field are user errors.
// `processor_order` lists the processors' names in board order (ResolvedValues are sorted by
// path); names it leaves out come after, by name. `same_runtime_files`: a platform whose
// processors' `runtime:` values these are too, whose resolved runtime files are taken as they are
// (with_values: no path search and no file-system call per sweep point).
Platform build_platform(const ResolvedValues& values, const std::vector<std::string>& processor_order = {},
                        const Platform* same_runtime_files = nullptr);

// Adds the `Derived` keys the description left out (memory.bandwidth).
void derive_missing(ResolvedValues& values);

}  // namespace augur::hwdesc
