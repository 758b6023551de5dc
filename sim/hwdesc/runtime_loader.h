// Loading a runtime (software stack) description: the same composition, override, schema and
// provenance machinery as boards.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "sim/hwdesc/loader.h"
#include "sim/hwdesc/resolved_values.h"
#include "sim/hwdesc/runtime.h"

namespace augur::hwdesc {

struct LoadedRuntime {
  Runtime runtime;
  ResolvedValues values;
  std::string file;
  std::vector<std::string> overrides;
};

// Throws UserError (file:line:column, key path) like load_platform; also when the sections do not
// fit the processor (a cpu runtime needs `blas` and `framework`, a gpu runtime `gemm` and
// `kernels`).
LoadedRuntime load_runtime(const std::filesystem::path& file,
                           const std::vector<std::string>& overrides = {});

// A runtime read and composed once, to be instantiated with different overrides (sweeps).
struct RuntimeTemplate {
  ConfigNode tree;
  std::string file;
};
RuntimeTemplate load_runtime_template(const std::filesystem::path& file);
LoadedRuntime instantiate(const RuntimeTemplate& runtime, const std::vector<std::string>& overrides);

// A loaded runtime with some values replaced by ones already validated at the same paths (a
// sweep's point): no tree copy and no schema walk, the Runtime rebuilt from the values.
LoadedRuntime with_values(const LoadedRuntime& base, const std::vector<ValuePatch>& patches);

// The same from YAML text (tests and fuzzing; `use:` is not resolved).
LoadedRuntime load_runtime_from_text(const std::string& yaml_text, const std::string& display_name,
                                     const std::vector<std::string>& overrides = {});

// The runtime file a board names for the processor called `processor` (its `runtime:` key),
// resolved relative to the file that wrote it; nullopt when the board names none.
std::optional<std::filesystem::path> board_runtime_path(const LoadedPlatform& board,
                                                        const std::string& processor);

}  // namespace augur::hwdesc
