// Composition of hardware descriptions by reference: a mapping with `use: FILE` starts from the
// mapping in FILE (a path relative to the file that says `use:`) and overrides it with its own
// keys, merging nested mappings key by key.
#pragma once

#include <filesystem>
#include <string>

#include "sim/hwdesc/config_tree.h"

namespace augur::hwdesc {

// Reads `path` and resolves every `use:` in it, recursively. Errors (missing file, a reference
// cycle, a `use:` that is not a file name, a used file that is not a mapping) name the file,
// line and column of the offending `use:`.
ConfigNode load_composed(const std::filesystem::path& path);

}  // namespace augur::hwdesc
