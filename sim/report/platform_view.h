// Views of a loaded platform for `augur hw show`: annotated YAML (each value with where it came
// from) and JSON. Views only read; they compute nothing but formatting.
#pragma once

#include <string>

#include <nlohmann/json_fwd.hpp>

#include "sim/hwdesc/loader.h"

namespace augur::report {

// YAML text: every key in schema order, value as written, a comment with its origin, then the
// derived values with their formulas.
std::string platform_yaml(const hwdesc::LoadedPlatform& loaded);

// JSON: {"augur_version", "board_file", "overrides", "platform": {nested keys: {value, unit,
// text, origin}}, "derived": {path: {value, unit, formula}}}.
nlohmann::json platform_json(const hwdesc::LoadedPlatform& loaded);

}  // namespace augur::report
