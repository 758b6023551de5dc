// Reads a YAML file into a ConfigNode tree (the only place that includes libyaml).
#pragma once

#include <filesystem>
#include <string>

#include "sim/hwdesc/config_tree.h"

namespace augur::hwdesc {

// Reads and parses `path`. `display_name` is the file name used in locations (as the user gave
// it). Throws UserError with file:line:column on unreadable files, YAML syntax errors, duplicate
// keys, non-scalar keys, anchors/aliases nested too deep, or files larger than 1 MiB.
ConfigNode read_yaml_file(const std::filesystem::path& path, const std::string& display_name);

// Parses YAML text (for tests and fuzzing); `display_name` names it in locations.
ConfigNode read_yaml_text(const std::string& text, const std::string& display_name);

}  // namespace augur::hwdesc
