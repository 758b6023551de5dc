// The public entry point of hwdesc: a board file plus `--set` overrides -> a validated Platform
// with the provenance of every value.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "sim/hwdesc/config_tree.h"
#include "sim/hwdesc/platform.h"
#include "sim/hwdesc/resolved_values.h"

namespace augur::hwdesc {

struct LoadedPlatform {
  Platform platform;
  ResolvedValues values;               // every key with its origin
  std::string board_file;              // as given
  std::vector<std::string> overrides;  // as given, in order
};

// A board read and composed once, to be instantiated with different overrides (sweeps).
struct BoardTemplate {
  ConfigNode tree;
  std::string file;
};
BoardTemplate load_board_template(const std::filesystem::path& board_file);
LoadedPlatform instantiate(const BoardTemplate& board, const std::vector<std::string>& overrides);

// A loaded board with some values replaced by ones already validated at the same paths (a sweep's
// point): no tree copy and no schema walk; derived values, the cross-field checks and the
// Platform are redone (so a combination of valid values that breaks a check is still an error).
LoadedPlatform with_values(const LoadedPlatform& base, const std::vector<ValuePatch>& patches);

// The Platform of with_values(base, patches), for callers that need nothing else (a sweep point):
// the same derivations and checks, made on `scratch` (the caller's, one per thread; filled from
// base on first use and given back as it was), so no copy of the values is made per call.
// `scratch` must be empty or have come from the same `base`.
Platform patched_platform(const LoadedPlatform& base, const std::vector<ValuePatch>& patches, ResolvedValues& scratch);

// Reads the board, resolves `use:` references, applies overrides, validates against the schema,
// checks consistency. Throws UserError with file:line:column and key path on any mistake.
LoadedPlatform load_platform(const std::filesystem::path& board_file,
                             const std::vector<std::string>& overrides = {});

// The same from YAML text (for tests and fuzzing; `use:` is not resolved).
LoadedPlatform load_platform_from_text(const std::string& yaml_text, const std::string& display_name,
                                       const std::vector<std::string>& overrides = {});

}  // namespace augur::hwdesc
