// Views of a sensitivity report (`augur sensitivity`, and the Python module): table and JSON.
#pragma once

#include <string>

#include <nlohmann/json_fwd.hpp>

#include "sim/scenario/scenario.h"
#include "sim/scenario/sensitivity.h"

namespace augur::report {

std::string sensitivity_table(const Scenario& scenario, const SensitivityReport& report);

// {"augur_version", "platform": {"name", "file", "overrides"}, "network", "batch", "processor",
//  "forward_ms", "keys": [{"key", "value", "unit", "step", "stepped_value", "elasticity", "used", "note"?}]}
nlohmann::json sensitivity_json(const Scenario& scenario, const SensitivityReport& report);

}  // namespace augur::report
