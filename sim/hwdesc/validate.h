// Checks a composed config tree against the closed schema and turns it into ResolvedValues.
#pragma once

#include "sim/hwdesc/config_tree.h"
#include "sim/hwdesc/resolved_values.h"
#include "sim/hwdesc/schema.h"

namespace augur::hwdesc {

// Every error names file:line:column, the key path and what was expected: an unknown key (with
// the nearest valid key), a missing required key, a wrong type (mapping vs value), a malformed
// number or unit, a zero/negative value, a line size that is not a power of two.
// Values absent from the tree get their defaults; `Derived` keys are left for derive_missing().
ResolvedValues validate(const ConfigNode& root, const SectionSchema& schema);

}  // namespace augur::hwdesc
