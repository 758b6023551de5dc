// `--set key.path=value` overrides of a hardware description.
#pragma once

#include <string>
#include <vector>

#include "sim/hwdesc/config_tree.h"

namespace augur::hwdesc {

struct Override {
  std::vector<std::string> path;  // {"gpu", "l2", "size"}
  std::string value;              // "1MiB"
  std::string text;               // as given: "gpu.l2.size=1MiB"
};

// Parses "a.b.c=value". Throws UserError naming the text when it has no '=', an empty key
// segment or an empty value.
Override parse_override(const std::string& text);

// Writes the override into the tree (creating intermediate mappings), marking the value's
// location as "--set <text>". Whether the key exists and the value is valid is checked later by
// the schema, exactly as for values written in a file.
void apply_override(ConfigNode& root, const Override& override);

}  // namespace augur::hwdesc
