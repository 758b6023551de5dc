// Checks at the output boundary: JSON text that is always valid (names with invalid UTF-8
// replaced) and never carries a NaN or infinite number, and a finiteness check of simulation
// results before any view prints them. A non-finite prediction is a bug: InternalError.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "sim/schedule/simulation.h"

namespace augur::report {

// `j` as text (indent < 0: one line) plus a newline; invalid UTF-8 in strings becomes U+FFFD.
// Throws InternalError naming the JSON path of the first NaN or infinite number.
std::string json_text(const nlohmann::json& j, int indent = 2);

// Throws InternalError naming the first layer (or total) whose time or traffic is NaN or infinite.
void check_finite(const Network& network, const SimulationResult& result);

}  // namespace augur::report
